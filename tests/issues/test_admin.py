"""Staff keep deadline rules, score weights and the calendar in admin."""

import pytest
from django.urls import reverse

from issues.models import DeadlineRule, RateWeights


@pytest.mark.parametrize(
    "name",
    [
        "admin:issues_deadlinerule_changelist",
        "admin:issues_rateweights_changelist",
        "admin:workdays_calendarday_changelist",
        "admin:issues_workerissue_changelist",
        "admin:issues_issueaction_changelist",
    ],
)
def test_admin_pages_open(client, world, issue_a, name):
    client.force_login(world.admin)
    assert client.get(reverse(name)).status_code == 200


def test_seeded_rules_are_listed(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("admin:issues_deadlinerule_changelist")).content.decode()
    assert DeadlineRule.objects.count() == 18
    assert "12345接诉即办" in html


def test_rule_needs_hours_or_days(world):
    from django.core.exceptions import ValidationError

    rule = DeadlineRule(source="other", category="wages", response_hours=2, response_workdays=1, resolution_workdays=5)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "响应时限请填写小时或工作日其中一项" in str(error.value)


def test_weights_default_to_30_35_35(db):
    w = RateWeights.current()
    assert (w.response_weight, w.resolution_weight, w.satisfaction_weight) == (30, 35, 35)


def test_weights_cannot_all_be_zero(db):
    from django.core.exceptions import ValidationError

    w = RateWeights(response_weight=0, resolution_weight=0, satisfaction_weight=0)
    with pytest.raises(ValidationError):
        w.full_clean()


def test_admin_shows_workflow_fields_read_only_and_saves_through_the_service(client, world, issue_a):
    from django.contrib.admin.sites import site

    from issues.models import WorkerIssue

    model_admin = site._registry[WorkerIssue]
    request = type("R", (), {"user": world.admin})()
    readonly = set(model_admin.get_readonly_fields(request, issue_a))
    assert {"status", "team", "unit", "handler", "escalation_step", "closed_at"} <= readonly
    assert not model_admin.has_add_permission(request)
    client.force_login(world.admin)
    url = reverse("admin:issues_workerissue_change", args=[issue_a.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None}
    data.update({"title": "拖欠三个月工资", "actions-TOTAL_FORMS": 1, "actions-INITIAL_FORMS": 1})
    data.update({"actions-MIN_NUM_FORMS": 0, "actions-MAX_NUM_FORMS": 1000, "actions-0-id": issue_a.actions.get().pk})
    data.update({"actions-0-issue": issue_a.pk})
    response = client.post(url, data)
    assert response.status_code == 302
    fresh = WorkerIssue.objects.get(pk=issue_a.pk)
    assert (fresh.title, fresh.version) == ("拖欠三个月工资", issue_a.version + 1)
    assert fresh.actions.last().note == "修改了登记信息：诉求摘要"
