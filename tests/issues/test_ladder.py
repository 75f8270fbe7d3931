"""The ladder as DESIGN.md §2 now says (issue 10): skip steps, replies, follow-up dates, close at any step."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from issues import workflow
from issues.models import IssueAction, Status, WorkerIssue
from issues.tasks import remind_issues
from notifications.models import Kind as NoticeKind
from notifications.models import Notification

Kind = IssueAction.Kind


@pytest.fixture
def accepted(world, issue_a):
    return workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0)


def _escalate(world, issue, **kw):
    params = {"note": "涉及多个部门", "escalated_to": "区人社局、区住建委", **kw}
    return workflow.perform(issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, **params)


def test_escalate_straight_to_step_three_is_shown_as_skipping(world, accepted):
    issue = _escalate(world, accepted, to_step=3)
    entry = issue.actions.last()
    assert (issue.escalation_step, entry.from_step, entry.to_step) == (3, 1, 3)
    assert entry.skipped_steps
    assert entry.note.startswith("越级上报（第1级 → 第3级）")
    assert issue.escalated_to == "区人社局、区住建委"


def test_escalate_to_a_lower_or_same_step_is_refused(world, accepted):
    issue = _escalate(world, accepted, to_step=3)
    with pytest.raises(workflow.TransitionError, match="更高的层级"):
        _escalate(world, issue, to_step=2)


@pytest.mark.parametrize(
    ("params", "message"),
    [({"note": ""}, "请填写上报原因。"), ({"escalated_to": ""}, "请填写上报至哪个单位或部门。")],
)
def test_escalation_without_reason_or_body_writes_nothing(world, accepted, params, message):
    before = accepted.actions.count()
    with pytest.raises(workflow.TransitionError) as refused:
        _escalate(world, accepted, **params)
    assert refused.value.message == message
    fresh = WorkerIssue.objects.get(pk=accepted.pk)
    assert (fresh.escalation_step, fresh.version, fresh.actions.count()) == (1, accepted.version, before)


def test_team_leader_escalates_a_new_ticket_directly(world, issue_a):
    issue = _escalate(world, issue_a, to_step=2)
    assert (issue.status, issue.escalation_step) == (Status.PROCESSING, 2)
    assert issue.responded_at is not None


def test_accept_keeps_the_cadre_who_found_it_as_handler(world, issue_a):
    issue = workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0)
    assert issue.handler == world.cadre_a  # created_by, a member of the team


def test_accept_with_a_chosen_handler(world, issue_a):
    issue = workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0, handler=world.leader_a)
    assert issue.handler == world.leader_a


def test_explain_closes_at_any_step(world, accepted):
    issue = workflow.perform(
        accepted.pk, world.leader_a, Kind.EXPLAIN, version=accepted.version, note="政策不支持，已解释"
    )
    assert (issue.status, issue.closing_kind, issue.escalation_step) == (Status.CLOSED, "explained", 1)


def test_cadre_cannot_explain_and_close(world, accepted):
    with pytest.raises(workflow.TransitionError, match="无权"):
        workflow.perform(accepted.pk, world.cadre_a, Kind.EXPLAIN, version=accepted.version, note="x")


def test_reply_records_body_reply_and_follow_up(world, accepted):
    issue = _escalate(world, accepted)
    today = timezone.localdate()
    issue = workflow.perform(
        issue.pk, world.cadre_a, Kind.REPLY, version=issue.version, note="已责成企业整改",
        reply_on=today, follow_up_on=today + dt.timedelta(days=7),
    )  # fmt: skip
    assert (issue.reply, issue.reply_on, issue.follow_up_on) == ("已责成企业整改", today, today + dt.timedelta(days=7))
    assert issue.actions.last().kind == Kind.REPLY


def test_reply_dated_before_the_escalation_is_refused(world, accepted):
    issue = _escalate(world, accepted)
    before = issue.actions.count()
    with pytest.raises(workflow.TransitionError, match="答复日期不能早于上报日期"):
        workflow.perform(
            issue.pk, world.leader_a, Kind.REPLY, version=issue.version, note="答复",
            reply_on=timezone.localdate() - dt.timedelta(days=3),
        )  # fmt: skip
    fresh = WorkerIssue.objects.get(pk=issue.pk)
    assert (fresh.reply, fresh.version, fresh.actions.count()) == ("", issue.version, before)


def test_reply_before_any_escalation_is_refused(world, accepted):
    with pytest.raises(workflow.TransitionError, match="尚未上报"):
        workflow.perform(
            accepted.pk,
            world.leader_a,
            Kind.REPLY,
            version=accepted.version,
            note="答复",
            reply_on=timezone.localdate(),
        )


def test_written_reply_is_stored_and_served_to_those_who_see_the_ticket(world, accepted, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issue = _escalate(world, accepted)
    upload = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    issue = workflow.perform(
        issue.pk, world.leader_a, Kind.REPLY, version=issue.version, note="书面答复",
        reply_on=timezone.localdate(), attachment=upload,
    )  # fmt: skip
    entry = issue.actions.last()
    assert entry.attachment.name.startswith("private/issue-replies/")
    client.force_login(world.cadre_a)
    response = client.get(f"/issues/replies/{entry.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 reply"
    client.force_login(world.cadre_b)
    assert client.get(f"/issues/replies/{entry.pk}/").status_code == 404


def test_follow_up_date_passing_reminds_once(world, accepted):
    issue = _escalate(world, accepted)
    today = timezone.localdate()
    issue = workflow.perform(
        issue.pk, world.leader_a, Kind.REPLY, version=issue.version, note="一周后再议",
        reply_on=today, follow_up_on=today,
    )  # fmt: skip
    later = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10)))
    remind_issues(later)
    remind_issues(later)
    notices = Notification.objects.filter(kind=NoticeKind.ISSUE_FOLLOW_UP)
    assert sorted(notices.values_list("recipient__username", flat=True)) == ["cadre_a", "leader_a"]


def test_escalation_form_offers_only_higher_steps(world, accepted, client):
    client.force_login(world.leader_a)
    page = client.get(f"/issues/{accepted.pk}/").content.decode()
    assert "第3级 · 多方协调" in page
    assert "第1级 · 企业内部解决</option>" not in page
