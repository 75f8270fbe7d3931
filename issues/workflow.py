"""The ticket state machine, in one place: who may do what, in which status.

| action (IssueAction.Kind) | from status        | who (besides superusers)                              | effect |
|---------------------------|--------------------|-------------------------------------------------------|--------|
| accept 受理               | 待受理             | office staff, team leader, a team cadre (if no other handler) | → 办理中; responded_at; a cadre becomes handler |
| assign 指派               | 待受理, 办理中     | office staff (any team + handler), team leader (handler in own team) | handler (and team) |
| note 备注                 | any                | office staff, team leader, any cadre of the team      | — (note required) |
| contact 联系职工          | 待受理, 办理中     | office staff, team leader, the handler                | → 办理中; responded_at |
| escalate 上报             | 办理中, step < 4   | office staff, team leader                             | step + 1 (reason and body required) |
| resolve 办结（解决）       | 办理中             | office staff, team leader, the handler                | → 已办结, closing kind 解决 |
| explain 办结（解释说明）   | 办理中, step = 4   | office staff, team leader                             | → 已办结, closing kind 解释说明 |
| reopen 重新办理           | 已办结             | office staff, team leader                             | → 办理中; closing and satisfaction cleared (kept in the timeline) |
| satisfaction 回访满意度   | 已办结, no answer  | office staff, team leader, the handler                | satisfaction recorded |
| instruction 领导批示      | any                | leadership                                            | — (note required) |

"Explain and close" is only possible at step 4 (解释说明并上报) of the ladder:
a ticket is explained to the worker only after it climbed there (DESIGN.md §2).
A ticket is *responded* when first accepted or contacted.

``perform`` is the only writer: it locks the row (select_for_update inside
an atomic block), refuses a stale ``version`` (the value the form carried),
checks the table above, applies the change, bumps ``version`` and writes
the IssueAction. A refusal raises ``TransitionError`` with a Chinese message
and changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from campaigns.models import TeamMembership
from campaigns.roles import is_leadership, is_office_staff, is_team_leader, is_team_member

from .models import ClosingKind, EscalationStep, IssueAction, Satisfaction, Status, WorkerIssue

Kind = IssueAction.Kind

STALE_MESSAGE = "该工单已被他人更新，请刷新后再操作。"

# Capacities a user can hold towards one ticket.
STAFF, LEADER, HANDLER, MEMBER, LEADERSHIP = "staff", "leader", "handler", "member", "leadership"


class TransitionError(Exception):
    """A refused action; ``str(error)`` is the Chinese message for the user."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Transition:
    kind: str
    from_statuses: tuple[str, ...]
    capacities: frozenset
    note_required: bool = False
    button_class: str = "btn-outline-primary"


OPEN = (Status.NEW, Status.PROCESSING)
ANY = (Status.NEW, Status.PROCESSING, Status.CLOSED)

TRANSITIONS = {
    Kind.ACCEPT: Transition(
        Kind.ACCEPT, (Status.NEW,), frozenset({STAFF, LEADER, HANDLER, MEMBER}), False, "btn-primary"
    ),
    Kind.ASSIGN: Transition(Kind.ASSIGN, OPEN, frozenset({STAFF, LEADER})),
    Kind.CONTACT: Transition(Kind.CONTACT, OPEN, frozenset({STAFF, LEADER, HANDLER}), True),
    Kind.NOTE: Transition(Kind.NOTE, ANY, frozenset({STAFF, LEADER, HANDLER, MEMBER}), True, "btn-outline-secondary"),
    Kind.ESCALATE: Transition(
        Kind.ESCALATE, (Status.PROCESSING,), frozenset({STAFF, LEADER}), True, "btn-outline-warning"
    ),
    Kind.RESOLVE: Transition(
        Kind.RESOLVE, (Status.PROCESSING,), frozenset({STAFF, LEADER, HANDLER}), True, "btn-success"
    ),
    Kind.EXPLAIN: Transition(
        Kind.EXPLAIN, (Status.PROCESSING,), frozenset({STAFF, LEADER}), True, "btn-outline-success"
    ),
    Kind.REOPEN: Transition(Kind.REOPEN, (Status.CLOSED,), frozenset({STAFF, LEADER}), True, "btn-outline-danger"),
    Kind.SATISFACTION: Transition(Kind.SATISFACTION, (Status.CLOSED,), frozenset({STAFF, LEADER, HANDLER})),
    Kind.INSTRUCTION: Transition(Kind.INSTRUCTION, ANY, frozenset({LEADERSHIP}), True, "btn-outline-dark"),
}


def capacities(issue: WorkerIssue, user) -> set[str]:
    """What ``user`` is towards ``issue``: staff, leader, handler, member, leadership."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {STAFF, LEADER, HANDLER, MEMBER, LEADERSHIP}
    caps = set()
    if is_office_staff(user):
        caps.add(STAFF)
    if is_leadership(user):
        caps.add(LEADERSHIP)
    if is_team_leader(user, issue.team_id):
        caps.add(LEADER)
    if is_team_member(user, issue.team_id):
        caps.add(MEMBER)
        if issue.handler_id == user.pk:
            caps.add(HANDLER)
    return caps


def refusal(issue: WorkerIssue, user, kind: str) -> str | None:
    """Why ``user`` may not perform ``kind`` on ``issue`` now, or None when allowed."""
    t = TRANSITIONS.get(kind)
    label = Kind(kind).label if kind in Kind.values else kind
    if t is None or kind == Kind.CREATE:
        return f"不支持的操作：{label}。"
    caps = capacities(issue, user)
    if not caps & t.capacities:
        return f"您无权对该工单执行「{label}」。"
    if issue.status not in t.from_statuses:
        return f"工单当前状态为「{issue.get_status_display()}」，不能执行「{label}」。"
    if kind == Kind.ACCEPT and caps <= {MEMBER} and issue.handler_id and issue.handler_id != user.pk:
        return "该工单已指定其他承办人，只有承办人或组长可以受理。"
    if kind == Kind.ESCALATE and issue.escalation_step >= EscalationStep.EXPLAIN_AND_REPORT:
        return "工单已处于最高层级「解释说明并上报」，不能继续上报。"
    if kind == Kind.EXPLAIN and issue.escalation_step != EscalationStep.EXPLAIN_AND_REPORT:
        return "只有上报至第4级「解释说明并上报」的工单才能以解释说明方式办结。"
    if kind == Kind.SATISFACTION and issue.satisfaction:
        return "该工单已记录回访满意度。"
    return None


def allowed_actions(issue: WorkerIssue, user) -> list[str]:
    """The actions ``user`` may take on ``issue`` now, in display order."""
    return [kind for kind in TRANSITIONS if refusal(issue, user, kind) is None]


def _check_params(issue, user, kind, *, note, handler, team, escalated_to, satisfaction):
    t = TRANSITIONS[kind]
    if t.note_required and not note:
        messages = {
            Kind.ESCALATE: "请填写上报原因。",
            Kind.RESOLVE: "请填写办理结果。",
            Kind.EXPLAIN: "请填写向职工解释说明的情况。",
            Kind.REOPEN: "请填写重新办理的原因。",
            Kind.INSTRUCTION: "请填写批示内容。",
            Kind.CONTACT: "请填写联系情况。",
        }
        raise TransitionError(messages.get(kind, "请填写说明。"), field="note")
    if kind == Kind.ESCALATE and not escalated_to:
        raise TransitionError("请填写上报至哪个单位或部门。", field="escalated_to")
    if kind == Kind.SATISFACTION and satisfaction not in Satisfaction.values:
        raise TransitionError("请选择满意度。", field="satisfaction")
    if kind == Kind.ASSIGN:
        target_team_id = team.pk if team is not None else issue.team_id
        if team is not None and team.pk != issue.team_id and STAFF not in capacities(issue, user):
            raise TransitionError("只有工作人员可以把工单转交其他小组。", field="team")
        if team is not None and team.campaign_id != issue.campaign_id:
            raise TransitionError("所选小组不属于该工单的蹲点活动。", field="team")
        if handler is not None and not TeamMembership.objects.filter(team_id=target_team_id, user=handler).exists():
            raise TransitionError("承办人必须是该小组的成员。", field="handler")
        if handler is None and (team is None or team.pk == issue.team_id):
            raise TransitionError("请选择承办人。", field="handler")


@transaction.atomic
def perform(
    issue_pk: int,
    user,
    kind: str,
    *,
    version: int,
    note: str = "",
    handler=None,
    team=None,
    escalated_to: str = "",
    satisfaction: str = "",
) -> WorkerIssue:
    """Apply one action to the ticket, or raise TransitionError and change nothing.

    ``version`` is the ticket version the user's form was rendered with.
    """
    issue = WorkerIssue.objects.select_for_update().get(pk=issue_pk)
    if issue.version != version:
        raise TransitionError(STALE_MESSAGE)
    reason = refusal(issue, user, kind)
    if reason:
        raise TransitionError(reason)
    note = (note or "").strip()
    escalated_to = (escalated_to or "").strip()
    _check_params(
        issue, user, kind, note=note, handler=handler, team=team, escalated_to=escalated_to, satisfaction=satisfaction
    )

    now = timezone.now()
    from_status, from_step = issue.status, issue.escalation_step
    action_note = note
    caps = capacities(issue, user)

    if kind in (Kind.ACCEPT, Kind.CONTACT):
        issue.status = Status.PROCESSING
        if issue.responded_at is None:
            issue.responded_at = now
        if kind == Kind.ACCEPT and issue.handler_id is None and MEMBER in caps and not user.is_superuser:
            issue.handler = user
    elif kind == Kind.ASSIGN:
        parts = []
        if team is not None and team.pk != issue.team_id:
            parts.append(f"转交小组：{issue.team} → {team}")
            issue.team = team
            issue.handler = handler
        elif handler is not None:
            issue.handler = handler
        if handler is not None:
            parts.append(f"承办人：{handler.get_full_name() or handler.username}")
        action_note = "；".join(parts + ([note] if note else []))
    elif kind == Kind.ESCALATE:
        issue.escalation_step = from_step + 1
    elif kind in (Kind.RESOLVE, Kind.EXPLAIN):
        issue.status = Status.CLOSED
        issue.closed_at = now
        issue.closing_kind = ClosingKind.SOLVED if kind == Kind.RESOLVE else ClosingKind.EXPLAINED
    elif kind == Kind.REOPEN:
        previous = f"原办结方式：{issue.get_closing_kind_display()}"
        if issue.satisfaction:
            previous += f"，原满意度：{issue.get_satisfaction_display()}"
        action_note = f"{note}（{previous}）"
        issue.status = Status.PROCESSING
        issue.closed_at = None
        issue.closing_kind = ""
        issue.satisfaction = ""
        issue.satisfaction_at = None
    elif kind == Kind.SATISFACTION:
        issue.satisfaction = satisfaction
        issue.satisfaction_at = now
        label = Satisfaction(satisfaction).label
        action_note = f"{label}；{note}" if note else label
    # NOTE and INSTRUCTION change nothing but the timeline.

    issue.version += 1
    issue._change_reason = Kind(kind).label  # shown in the history
    issue.save()
    IssueAction.objects.create(
        issue=issue,
        kind=kind,
        actor=user,
        note=action_note,
        from_status=from_status,
        to_status=issue.status,
        from_step=from_step,
        to_step=issue.escalation_step,
        escalated_to=escalated_to if kind == Kind.ESCALATE else "",
    )
    return issue


def can_create_for_team(user, team) -> bool:
    """Cadres and leaders create tickets for their own teams; office staff for any; leadership never."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_office_staff(user) or is_team_member(user, team.pk)


def can_edit(issue: WorkerIssue, user) -> bool:
    """Who may correct a ticket's registration data (not its status — that is ``perform``).

    Office staff, the team leader, the handler and the cadre who recorded it
    (while in the team): exactly those who see the personal data in full,
    minus leadership, who only comment.
    """
    caps = capacities(issue, user)
    if STAFF in caps or LEADER in caps:
        return True
    return MEMBER in caps and user.pk in (issue.handler_id, issue.created_by_id)
