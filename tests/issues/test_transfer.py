"""Transfers (issue 10): the ticket moves to a unit the receiving team covers, with a handler of that team."""

import pytest

from campaigns.models import Assignment
from dashboard.coverage import coverage_rows
from issues import workflow
from issues.models import IssueAction, WorkerIssue
from issues.tasks import remind_issues
from notifications.models import Notification
from tests.factories import UnionUnitFactory, WorkTeamFactory

Kind = IssueAction.Kind


@pytest.fixture
def accepted(world, issue_a):
    return workflow.perform(issue_a.pk, world.cadre_a, Kind.ACCEPT, version=0)


def _transfer(world, issue, **kw):
    return workflow.perform(issue.pk, world.office_staff, Kind.TRANSFER, version=issue.version, **kw)


def test_transfer_moves_team_unit_and_handler_together(world, accepted):
    issue = _transfer(world, accepted, team=world.team_b, unit=world.unit_b)
    assert (issue.team, issue.unit, issue.assignment) == (world.team_b, world.unit_b, world.assignment_b)
    assert issue.handler == world.leader_b  # the receiving team's leader unless someone is chosen


def test_transfer_keeps_the_ticket_in_the_coverage_rows(world, accepted):
    _transfer(world, accepted, team=world.team_b, unit=world.unit_b)
    rows = {(r.team_id, r.unit_id): r.issues_open for r in coverage_rows(world.campaign)}
    assert rows == {(world.team_a.pk, world.unit_a.pk): 0, (world.team_b.pk, world.unit_b.pk): 1}


def test_transfer_entry_names_both_teams(world, accepted):
    issue = _transfer(world, accepted, team=world.team_b, unit=world.unit_b, handler=world.cadre_b)
    entry = issue.actions.last()
    assert entry.kind == Kind.TRANSFER
    assert "第一蹲点小组 → 第二蹲点小组" in entry.note
    assert issue.handler == world.cadre_b


def test_transfer_defaults_to_the_current_unit_when_it_was_reassigned(world, accepted):
    Assignment.objects.filter(pk=world.assignment_a.pk).update(team=world.team_b)
    issue = _transfer(world, accepted, team=world.team_b)
    assert (issue.team, issue.unit) == (world.team_b, world.unit_a)


def test_transfer_handler_must_be_in_the_receiving_team(world, accepted):
    with pytest.raises(workflow.TransitionError, match="承办人必须是第二蹲点小组的成员"):
        _transfer(world, accepted, team=world.team_b, unit=world.unit_b, handler=world.cadre_a)


def test_transfer_to_a_unit_the_team_does_not_cover_is_refused(world, accepted):
    with pytest.raises(workflow.TransitionError, match="不是第二蹲点小组在本次活动中的蹲点单位"):
        _transfer(world, accepted, team=world.team_b, unit=world.unit_a)


def test_transfer_to_a_team_without_units_changes_nothing(world, accepted):
    idle = WorkTeamFactory(campaign=world.campaign, name="第三蹲点小组")
    before = accepted.actions.count()
    with pytest.raises(workflow.TransitionError) as refused:
        _transfer(world, accepted, team=idle)
    assert refused.value.message == "第三蹲点小组在本次活动中没有负责的蹲点单位，不能转交。"
    fresh = WorkerIssue.objects.get(pk=accepted.pk)
    assert (fresh.team, fresh.unit, fresh.version) == (world.team_a, world.unit_a, accepted.version)
    assert fresh.actions.count() == before


def test_only_office_staff_transfer(world, accepted):
    with pytest.raises(workflow.TransitionError, match="无权"):
        workflow.perform(
            accepted.pk, world.leader_a, Kind.TRANSFER, version=accepted.version, team=world.team_b, unit=world.unit_b
        )


def test_edit_after_transfer_accepts_the_new_units(world, accepted):
    from issues.services import edit_issue

    other = UnionUnitFactory(name="清源街道")
    Assignment.objects.create(campaign=world.campaign, team=world.team_b, unit=other)
    issue = _transfer(world, accepted, team=world.team_b, unit=world.unit_b)
    issue = edit_issue(issue.pk, world.leader_b, {"unit": other}, version=issue.version)
    assert issue.unit == other
    assert issue.assignment.team == world.team_b


def test_old_team_cadre_gets_no_reminder_after_transfer(world, accepted):
    issue = _transfer(world, accepted, team=world.team_b, unit=world.unit_b)
    # A handler left over from the old team (e.g. set before this rule) is not reminded either.
    WorkerIssue.objects.filter(pk=issue.pk).update(handler=world.cadre_a)
    overdue_moment = issue.resolution_due + (issue.resolution_due - issue.received_at)
    remind_issues(overdue_moment)
    recipients = set(
        Notification.objects.filter(object_key=f"issue:{issue.pk}").values_list("recipient__username", flat=True)
    )
    assert recipients == {"leader_b"}
