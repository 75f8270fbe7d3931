"""Creating and editing tickets: who may, bad input, duplicates, prefill from a visit, stale edits."""

import pytest
from django.urls import reverse

from issues.models import IssueAction, WorkerIssue
from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory, VisitFactory
from tests.issues.pages import ALL_ROLES, edit_data, form_data, login

Kind = IssueAction.Kind


# --- create ----------------------------------------------------------------------------

CREATE = {"cadre_a": 200, "leader_a": 200, "office_staff": 200, "admin": 200, "leadership": 403, "loner": 403}


@pytest.mark.parametrize("role", list(CREATE))
def test_create_page_per_role(client, world, role):
    response = login(client, getattr(world, role)).get(reverse("issues:create"))
    assert response.status_code == CREATE[role]


def test_cadre_creates_a_ticket_for_own_team(client, world):
    response = login(client, world.cadre_a).post(reverse("issues:create"), form_data(world))
    issue = WorkerIssue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("issues:detail", args=[issue.pk])
    assert (issue.team, issue.created_by, issue.status) == (world.team_a, world.cadre_a, "new")
    assert issue.code.startswith("DX-")


def test_cadre_cannot_create_for_another_team(client, world):
    response = login(client, world.cadre_a).post(
        reverse("issues:create"), form_data(world, team=world.team_b.pk, unit=world.unit_b.pk)
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not WorkerIssue.objects.exists()


def test_unit_must_be_covered_by_the_team(client, world):
    response = login(client, world.office_staff).post(reverse("issues:create"), form_data(world, unit=world.unit_b.pk))
    assert "该单位不是所选小组在本次活动中的蹲点单位" in response.content.decode()
    assert not WorkerIssue.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("worker_phone", "12345", "电话号码格式不正确"),
        ("worker_id_number", "110105194912310021", "身份证号码校验位不正确"),
        ("worker_id_number", "1101", "身份证号码应为18位"),
        ("title", "", "这个字段是必填项"),
        ("received_at", "2099-01-01T09:00", "受理登记时间不能晚于当前时间"),
    ],
)
def test_bad_input_is_explained_and_kept(client, world, field, value, message):
    response = login(client, world.cadre_a).post(reverse("issues:create"), form_data(world, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "职工反映三个月加班费未发" in html  # what was typed is kept
    assert not WorkerIssue.objects.exists()


def test_hotline_ticket_needs_its_number(client, world):
    response = login(client, world.office_staff).post(reverse("issues:create"), form_data(world, source="12345"))
    assert "请填写原工单号" in response.content.decode()


def test_duplicate_hotline_number_is_an_error(client, world, make_issue):
    existing = make_issue(source="12345", hotline_number="2026080100123")
    response = login(client, world.office_staff).post(
        reverse("issues:create"), form_data(world, source="12345", hotline_number="2026080100123")
    )
    html = response.content.decode()
    assert "已登记" in html
    assert existing.code in html
    assert WorkerIssue.objects.count() == 1


def test_same_worker_enterprise_and_category_warns(client, world, make_issue):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    existing = make_issue(worker_phone="13900001111", enterprise=enterprise)
    data = form_data(world, enterprise=enterprise.pk)
    response = login(client, world.cadre_a).post(reverse("issues:create"), data)
    html = response.content.decode()
    assert "可能是重复登记" in html
    assert existing.code in html
    assert WorkerIssue.objects.count() == 1
    response = client.post(reverse("issues:create"), {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert WorkerIssue.objects.count() == 2


def test_closed_ticket_is_no_duplicate(client, world, make_issue):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    existing = make_issue(worker_phone="13900001111", enterprise=enterprise)
    WorkerIssue.objects.filter(pk=existing.pk).update(
        status="closed", closing_kind="solved", closed_at="2026-08-05T10:00+08:00"
    )
    response = login(client, world.cadre_a).post(reverse("issues:create"), form_data(world, enterprise=enterprise.pk))
    assert response.status_code == 302


def test_create_from_a_visit_is_prefilled(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a, name="宏达快递站")
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    visit.enterprises.add(enterprise)
    html = login(client, world.cadre_a).get(reverse("issues:create"), {"visit": visit.pk}).content.decode()
    assert "来自走访记录" in html
    assert f'value="{visit.pk}"' in html
    assert f'<option value="{enterprise.pk}" selected>宏达快递站</option>' in html


def test_create_from_another_teams_visit_is_404(client, world):
    visit = VisitFactory(assignment=world.assignment_b)
    response = login(client, world.cadre_a).get(reverse("issues:create"), {"visit": visit.pk})
    assert response.status_code == 404


def test_create_from_a_visit_links_it(client, world):
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    login(client, world.cadre_a).post(reverse("issues:create") + f"?visit={visit.pk}", form_data(world, visit=visit.pk))
    assert WorkerIssue.objects.get().visit == visit


# --- edit ------------------------------------------------------------------------------

EDIT = {
    "cadre_a": 200,
    "leader_a": 200,
    "office_staff": 200,
    "admin": 200,
    "leadership": 403,
    "cadre_b": 404,
    "leader_b": 404,
    "loner": 404,
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_edit_page_per_role(client, world, issue_a, role):
    response = login(client, getattr(world, role)).get(reverse("issues:edit", args=[issue_a.pk]))
    assert response.status_code == EDIT[role]


def test_other_cadre_of_the_team_cannot_edit(client, world, issue_a):
    member = MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user
    response = login(client, member).get(reverse("issues:edit", args=[issue_a.pk]))
    assert response.status_code == 403


def test_edit_saves_and_logs(client, world, issue_a):
    response = login(client, world.leader_a).post(
        reverse("issues:edit", args=[issue_a.pk]), edit_data(issue_a, title="拖欠工资及加班费")
    )
    assert response.status_code == 302
    issue = WorkerIssue.objects.get(pk=issue_a.pk)
    assert issue.title == "拖欠工资及加班费"
    assert issue.version == 1
    assert "诉求摘要" in issue.actions.last().note


def test_edit_urgency_recomputes_deadlines(client, world, issue_a):
    login(client, world.leader_a).post(
        reverse("issues:edit", args=[issue_a.pk]), edit_data(issue_a, urgency="emergency")
    )
    issue = WorkerIssue.objects.get(pk=issue_a.pk)
    assert (issue.response_due - issue.received_at).total_seconds() == 2 * 3600


def test_stale_edit_is_refused(client, world, issue_a):
    from issues import workflow

    workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0)
    response = login(client, world.cadre_a).post(
        reverse("issues:edit", args=[issue_a.pk]), edit_data(issue_a, title="新的摘要", version=0)
    )
    assert "该工单已被他人更新，请刷新后再操作" in response.content.decode()
    assert WorkerIssue.objects.get(pk=issue_a.pk).title == "拖欠工资"
