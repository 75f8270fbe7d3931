"""The state machine: every action allowed and refused, per role and status."""

import pytest

from issues import workflow
from issues.models import IssueAction, Status, WorkerIssue
from tests.factories import MembershipFactory, UserFactory

Kind = IssueAction.Kind

ROLES = ["handler", "member", "leader_a", "office_staff", "leadership", "admin", "cadre_b", "leader_b", "loner"]

# Who may take each action (the ticket is in a status that allows it).
ALLOWED = {
    Kind.ACCEPT: {"handler", "leader_a", "office_staff", "admin"},
    Kind.ASSIGN: {"leader_a", "office_staff", "admin"},
    Kind.NOTE: {"handler", "member", "leader_a", "office_staff", "admin"},
    Kind.CONTACT: {"handler", "leader_a", "office_staff", "admin"},
    Kind.ESCALATE: {"leader_a", "office_staff", "admin"},
    Kind.RESOLVE: {"handler", "leader_a", "office_staff", "admin"},
    Kind.EXPLAIN: {"leader_a", "office_staff", "admin"},
    Kind.REOPEN: {"leader_a", "office_staff", "admin"},
    Kind.SATISFACTION: {"handler", "leader_a", "office_staff", "admin"},
    Kind.INSTRUCTION: {"leadership", "admin"},
}

# The ticket state each action starts from.
START = {
    Kind.ACCEPT: "new",
    Kind.ASSIGN: "processing",
    Kind.NOTE: "processing",
    Kind.CONTACT: "new",
    Kind.ESCALATE: "processing",
    Kind.RESOLVE: "processing",
    Kind.EXPLAIN: "step4",
    Kind.REOPEN: "closed",
    Kind.SATISFACTION: "closed",
    Kind.INSTRUCTION: "processing",
}

PARAMS = {
    Kind.NOTE: {"note": "已电话了解情况"},
    Kind.CONTACT: {"note": "已电话联系职工"},
    Kind.ESCALATE: {"note": "企业拒不支付", "escalated_to": "属地党委政府"},
    Kind.RESOLVE: {"note": "企业已补发工资"},
    Kind.EXPLAIN: {"note": "已向职工解释政策"},
    Kind.REOPEN: {"note": "职工反映仍未到账"},
    Kind.SATISFACTION: {"satisfaction": "satisfied"},
    Kind.INSTRUCTION: {"note": "请尽快协调解决"},
}


@pytest.fixture
def member(world):
    return MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user


def user_for(world, member, role):
    if role == "handler":
        return world.cadre_a
    if role == "member":
        return member
    return getattr(world, role)


def prepare(issue, state, world):
    """Put ``issue`` (handled by cadre_a) in a state, without the workflow's checks."""
    WorkerIssue.objects.filter(pk=issue.pk).update(handler=world.cadre_a)
    if state == "new":
        return WorkerIssue.objects.get(pk=issue.pk)
    issue = workflow.perform(issue.pk, world.leader_a, Kind.ACCEPT, version=0)
    if state == "step4":
        WorkerIssue.objects.filter(pk=issue.pk).update(escalation_step=4)
    if state == "closed":
        issue = workflow.perform(issue.pk, world.leader_a, Kind.RESOLVE, version=issue.version, note="已解决")
    return WorkerIssue.objects.get(pk=issue.pk)


def params_for(kind, world, member):
    if kind == Kind.ASSIGN:
        return {"handler": member}
    return PARAMS.get(kind, {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(ALLOWED))
def test_action_per_role(world, member, issue_a, kind, role):
    issue = prepare(issue_a, START[kind], world)
    user = user_for(world, member, role)
    before_actions = issue.actions.count()
    if role in ALLOWED[kind]:
        done = workflow.perform(issue.pk, user, kind, version=issue.version, **params_for(kind, world, member))
        assert done.version == issue.version + 1
        last = done.actions.last()
        assert (last.kind, last.actor) == (kind, user)
        assert done.actions.count() == before_actions + 1
    else:
        with pytest.raises(workflow.TransitionError) as refused:
            workflow.perform(issue.pk, user, kind, version=issue.version, **params_for(kind, world, member))
        assert "无权" in refused.value.message or "承办人" in refused.value.message
        fresh = WorkerIssue.objects.get(pk=issue.pk)
        assert fresh.version == issue.version
        assert fresh.status == issue.status
        assert fresh.actions.count() == before_actions


# Status rules: the action is refused in the wrong status and nothing changes.
@pytest.mark.parametrize(
    ("kind", "state"),
    [
        (Kind.ACCEPT, "processing"),
        (Kind.ACCEPT, "closed"),
        (Kind.CONTACT, "closed"),
        (Kind.ESCALATE, "closed"),
        (Kind.RESOLVE, "new"),
        (Kind.RESOLVE, "closed"),
        (Kind.REOPEN, "processing"),
        (Kind.SATISFACTION, "processing"),
        (Kind.ASSIGN, "closed"),
    ],
)
def test_action_refused_in_wrong_status(world, member, issue_a, kind, state):
    issue = prepare(issue_a, state, world)
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.perform(issue.pk, world.office_staff, kind, version=issue.version, **params_for(kind, world, member))
    assert refused.value.message.startswith("工单当前状态")
    fresh = WorkerIssue.objects.get(pk=issue.pk)
    assert (fresh.version, fresh.status, fresh.escalation_step) == (issue.version, issue.status, issue.escalation_step)


def test_accept_sets_responded_and_status(world, issue_a):
    issue = workflow.perform(issue_a.pk, world.cadre_a, Kind.ACCEPT, version=0)
    assert issue.status == Status.PROCESSING
    assert issue.responded_at is not None


def test_cadre_accepting_an_unassigned_ticket_becomes_handler(world, issue_a):
    issue = workflow.perform(issue_a.pk, world.cadre_a, Kind.ACCEPT, version=0)
    assert issue.handler == world.cadre_a


def test_member_cannot_accept_a_ticket_someone_else_handles(world, member, issue_a):
    issue = prepare(issue_a, "new", world)
    with pytest.raises(workflow.TransitionError, match="已指定其他承办人"):
        workflow.perform(issue.pk, member, Kind.ACCEPT, version=issue.version)


def test_first_response_time_is_kept(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    first = issue.responded_at
    issue = workflow.perform(issue.pk, world.cadre_a, Kind.CONTACT, version=issue.version, note="再次联系")
    assert issue.responded_at == first


def test_escalate_climbs_one_step_and_records_the_body(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    issue = workflow.perform(
        issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, note="企业无力解决", escalated_to="属地党委政府"
    )
    assert issue.escalation_step == 2
    action = issue.actions.last()
    assert (action.from_step, action.to_step, action.escalated_to) == (1, 2, "属地党委政府")
    assert action.note == "企业无力解决"


def test_escalate_needs_a_reason(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    with pytest.raises(workflow.TransitionError, match="请填写上报原因"):
        workflow.perform(issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, escalated_to="属地党委政府")


def test_escalate_needs_the_body(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    with pytest.raises(workflow.TransitionError, match="上报至"):
        workflow.perform(issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, note="原因")


def test_cannot_escalate_past_step_four(world, issue_a):
    issue = prepare(issue_a, "step4", world)
    with pytest.raises(workflow.TransitionError, match="最高层级"):
        workflow.perform(issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, note="x", escalated_to="y")


def test_resolve_closes_as_solved(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    issue = workflow.perform(issue.pk, world.cadre_a, Kind.RESOLVE, version=issue.version, note="已补发")
    assert (issue.status, issue.closing_kind) == (Status.CLOSED, "solved")
    assert issue.closed_at is not None


def test_explain_closes_as_explained_at_step_four(world, issue_a):
    issue = prepare(issue_a, "step4", world)
    issue = workflow.perform(issue.pk, world.leader_a, Kind.EXPLAIN, version=issue.version, note="已解释")
    assert (issue.status, issue.closing_kind) == (Status.CLOSED, "explained")


def test_reopen_clears_closing_and_satisfaction(world, issue_a):
    issue = prepare(issue_a, "closed", world)
    issue = workflow.perform(
        issue.pk, world.leader_a, Kind.SATISFACTION, version=issue.version, satisfaction="unsatisfied"
    )
    issue = workflow.perform(issue.pk, world.leader_a, Kind.REOPEN, version=issue.version, note="职工不满意")
    assert (issue.status, issue.closed_at, issue.closing_kind, issue.satisfaction) == (Status.PROCESSING, None, "", "")
    assert "不满意" in issue.actions.last().note


def test_satisfaction_recorded_once(world, issue_a):
    issue = prepare(issue_a, "closed", world)
    issue = workflow.perform(
        issue.pk, world.cadre_a, Kind.SATISFACTION, version=issue.version, satisfaction="satisfied"
    )
    assert issue.satisfaction == "satisfied"
    assert issue.satisfaction_at is not None
    with pytest.raises(workflow.TransitionError, match="已记录"):
        workflow.perform(issue.pk, world.cadre_a, Kind.SATISFACTION, version=issue.version, satisfaction="unsatisfied")


def test_satisfaction_needs_a_choice(world, issue_a):
    issue = prepare(issue_a, "closed", world)
    with pytest.raises(workflow.TransitionError, match="请选择满意度"):
        workflow.perform(issue.pk, world.cadre_a, Kind.SATISFACTION, version=issue.version, satisfaction="")


def test_assign_handler_must_be_in_the_team(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    with pytest.raises(workflow.TransitionError, match="承办人必须是第一蹲点小组的成员"):
        workflow.perform(issue.pk, world.leader_a, Kind.ASSIGN, version=issue.version, handler=world.cadre_b)


def test_assign_does_not_move_the_ticket_to_another_team(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    with pytest.raises(workflow.TransitionError, match="转交小组"):
        workflow.perform(issue.pk, world.office_staff, Kind.ASSIGN, version=issue.version, team=world.team_b)


def test_stale_version_is_refused(world, issue_a):
    workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0)
    with pytest.raises(workflow.TransitionError, match="该工单已被他人更新，请刷新后再操作"):
        workflow.perform(issue_a.pk, world.cadre_a, Kind.NOTE, version=0, note="迟到的备注")
    assert WorkerIssue.objects.get(pk=issue_a.pk).actions.filter(kind=Kind.NOTE).count() == 0


def test_allowed_actions_for_leadership_is_instruction_only(world, issue_a):
    assert workflow.allowed_actions(issue_a, world.leadership) == [Kind.INSTRUCTION]


def test_every_transition_is_in_the_history(world, issue_a):
    issue = prepare(issue_a, "processing", world)
    workflow.perform(issue.pk, world.leader_a, Kind.RESOLVE, version=issue.version, note="已解决")
    reasons = list(issue.history.values_list("history_change_reason", flat=True))
    assert "办结（解决）" in reasons
