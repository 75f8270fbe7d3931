"""The ticket state machine, in one place: who may do what, in which status.

| action (IssueAction.Kind) | from status        | who (besides superusers)                              | effect |
|---------------------------|--------------------|-------------------------------------------------------|--------|
| accept 受理               | 待受理             | office staff, team leader, a team cadre (if no other handler) | → 办理中; responded_at; handler: the one chosen, else the one already set, else the cadre who recorded it (while in the team), else the accepting cadre |
| assign 指派               | 待受理, 办理中     | office staff, team leader                             | handler, a member of the ticket's team |
| transfer 转交小组         | 待受理, 办理中     | office staff                                          | team, unit (one the new team covers: the chosen one, else the current one if the new team covers it now) and handler (the chosen member, else the new team's leader); the entry names both teams |
| note 备注                 | any                | office staff, team leader, any cadre of the team      | — (note required) |
| contact 联系职工          | 待受理, 办理中     | office staff, team leader, the handler                | → 办理中; responded_at |
| escalate 上报             | 待受理, 办理中, step < 4 | office staff, team leader                       | → 办理中 (responded_at); step → any higher step (default next; skipping is recorded as 越级上报); reason and body required; optional follow-up date |
| reply 记录答复            | 办理中, escalated  | office staff, team leader, the handler                | the receiving body's reply, its date (not before the escalation, not in the future), a follow-up date, an optional written reply (file) |
| resolve 办结（解决）       | 办理中             | office staff, team leader, the handler                | → 已办结, closing kind 解决 |
| explain 办结（解释说明）   | 办理中, any step   | office staff, team leader (their confirmation)        | → 已办结, closing kind 解释说明 |
| reopen 重新办理           | 已办结             | office staff, team leader                             | → 办理中; closing and satisfaction cleared (kept in the timeline) |
| satisfaction 回访满意度   | 已办结, no answer  | office staff, team leader, the handler                | satisfaction recorded |
| instruction 领导批示      | any                | leadership                                            | — (note required) |

The ladder (DESIGN.md §2): a ticket may go up to any higher step at once with
a reason (a case plainly complex from the start goes straight to 3), and may
be closed with an explanation at any step with the team leader's or office
staff's confirmation; step 4 is where such cases are reported onward.
A ticket is *responded* when first accepted, contacted or escalated.

``perform`` is the only entry point for these actions: it locks the row
(select_for_update inside an atomic block), refuses a stale ``version`` (the
value the form carried), checks the table above and the team/unit/handler
invariants, applies the change and writes the ticket and its one IssueAction
through ``issues.timeline.commit`` dated ``at`` (default now). A refusal raises
``TransitionError`` with a Chinese message and changes nothing. Creating,
editing and importing tickets are in ``issues.services``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from campaigns.models import Assignment, TeamMembership
from campaigns.roles import is_leadership, is_office_staff, is_team_leader, is_team_member

from .models import ClosingKind, EscalationStep, IssueAction, Satisfaction, Status, WorkerIssue
from .timeline import commit

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
    Kind.TRANSFER: Transition(Kind.TRANSFER, OPEN, frozenset({STAFF})),
    Kind.CONTACT: Transition(Kind.CONTACT, OPEN, frozenset({STAFF, LEADER, HANDLER}), True),
    Kind.NOTE: Transition(Kind.NOTE, ANY, frozenset({STAFF, LEADER, HANDLER, MEMBER}), True, "btn-outline-secondary"),
    Kind.ESCALATE: Transition(Kind.ESCALATE, OPEN, frozenset({STAFF, LEADER}), True, "btn-outline-warning"),
    Kind.REPLY: Transition(Kind.REPLY, (Status.PROCESSING,), frozenset({STAFF, LEADER, HANDLER}), True),
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
    if t is None:
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
    if kind == Kind.REPLY and not issue.escalated_to:
        return "工单尚未上报，没有需要记录的答复。"
    if kind == Kind.SATISFACTION and issue.satisfaction:
        return "该工单已记录回访满意度。"
    return None


def allowed_actions(issue: WorkerIssue, user) -> list[str]:
    """The actions ``user`` may take on ``issue`` now, in display order."""
    return [kind for kind in TRANSITIONS if refusal(issue, user, kind) is None]


# --- the team/unit/handler invariants ------------------------------------------


def assignment_for(campaign_id, team, unit) -> Assignment:
    """The 分工 under which ``team`` covers ``unit`` in the campaign, or TransitionError."""
    # The current assignment first; an ended one still holds the team's earlier tickets.
    pairs = Assignment.objects.filter(campaign_id=campaign_id, team=team, unit=unit)
    assignment = pairs.current().first() or pairs.order_by("-valid_to").first()
    if assignment is None:
        raise TransitionError(f"“{unit}”不是{team.name}在本次活动中的蹲点单位。", field="unit")
    return assignment


def check_handler(team, handler):
    if handler is not None and not TeamMembership.objects.current().filter(team=team, user=handler).exists():
        raise TransitionError(f"承办人必须是{team.name}的成员。", field="handler")


def transfer_target(issue: WorkerIssue, team, unit=None) -> Assignment:
    """Where a transfer to ``team`` puts the ticket: the chosen unit, else the current one if ``team`` covers it."""
    if team is None:
        raise TransitionError("请选择接收的小组。", field="team")
    if team.pk == issue.team_id:
        raise TransitionError(f"工单已由{team.name}办理，请选择其他小组。", field="team")
    if team.campaign_id != issue.campaign_id:
        raise TransitionError("所选小组不属于该工单的蹲点活动。", field="team")
    covered = Assignment.objects.filter(campaign_id=issue.campaign_id, team=team).current()
    if not covered.exists():
        raise TransitionError(f"{team.name}在本次活动中没有负责的蹲点单位，不能转交。", field="team")
    if unit is None:
        current = covered.filter(unit_id=issue.unit_id).first()
        if current is None:
            raise TransitionError(f"请选择转交后的所属单位（须为{team.name}负责的单位）。", field="unit")
        return current
    return assignment_for(issue.campaign_id, team, unit)


# --- parameters of one action ----------------------------------------------------

NOTE_MESSAGES = {
    Kind.ESCALATE: "请填写上报原因。",
    Kind.REPLY: "请填写答复内容。",
    Kind.RESOLVE: "请填写办理结果。",
    Kind.EXPLAIN: "请填写向职工解释说明的情况。",
    Kind.REOPEN: "请填写重新办理的原因。",
    Kind.INSTRUCTION: "请填写批示内容。",
    Kind.CONTACT: "请填写联系情况。",
}


def _last_escalation_day(issue) -> dt.date | None:
    when = issue.actions.filter(kind=Kind.ESCALATE).order_by("-created_at", "-id").values_list("created_at", flat=True)
    return timezone.localdate(when[0]) if when else None


def _check_params(issue, kind, p, today):
    if TRANSITIONS[kind].note_required and not p["note"]:
        raise TransitionError(NOTE_MESSAGES.get(kind, "请填写说明。"), field="note")
    if kind == Kind.ESCALATE:
        if not p["escalated_to"]:
            raise TransitionError("请填写上报至哪个单位或部门。", field="escalated_to")
        to_step = p["to_step"] or issue.escalation_step + 1
        if to_step not in EscalationStep.values or to_step <= issue.escalation_step:
            raise TransitionError("只能上报至比当前更高的层级。", field="to_step")
        p["to_step"] = to_step
    if kind == Kind.REPLY:
        reply_on = p["reply_on"]
        if reply_on is None:
            raise TransitionError("请填写答复日期。", field="reply_on")
        if reply_on > today:
            raise TransitionError("答复日期不能晚于今天。", field="reply_on")
        escalated_on = _last_escalation_day(issue)
        if escalated_on and reply_on < escalated_on:
            raise TransitionError(f"答复日期不能早于上报日期（{escalated_on:%Y-%m-%d}）。", field="reply_on")
    if kind in (Kind.ESCALATE, Kind.REPLY) and p["follow_up_on"]:
        since = p["reply_on"] if kind == Kind.REPLY else today
        if p["follow_up_on"] < since:
            raise TransitionError(
                "跟进日期不能早于答复日期。" if kind == Kind.REPLY else "跟进日期不能早于今天。", field="follow_up_on"
            )
    if kind == Kind.SATISFACTION and p["satisfaction"] not in Satisfaction.values:
        raise TransitionError("请选择满意度。", field="satisfaction")
    if kind == Kind.ASSIGN:
        if p["team"] is not None and p["team"].pk != issue.team_id:
            raise TransitionError("转交其他小组请使用「转交小组」（仅工作人员）。", field="team")
        if p["handler"] is None:
            raise TransitionError("请选择承办人。", field="handler")
        check_handler(issue.team, p["handler"])
    if kind == Kind.TRANSFER:
        p["assignment"] = transfer_target(issue, p["team"], p["unit"])
        check_handler(p["team"], p["handler"])
    if kind == Kind.ACCEPT and p["handler"] is not None:
        check_handler(issue.team, p["handler"])


def _person(user) -> str:
    return user.get_full_name() or user.username


def _apply(issue, user, kind, p, now) -> dict:
    """Change ``issue`` in memory; return the extra fields of its timeline entry."""
    note = p["note"]
    entry = {"note": note}
    if kind in (Kind.ACCEPT, Kind.CONTACT, Kind.ESCALATE):
        issue.status = Status.PROCESSING
        if issue.responded_at is None:
            issue.responded_at = now
    if kind == Kind.ACCEPT:
        if p["handler"] is not None:
            issue.handler = p["handler"]
        elif issue.handler_id is None:
            if TeamMembership.objects.current().filter(team_id=issue.team_id, user_id=issue.created_by_id).exists():
                issue.handler_id = issue.created_by_id
            elif MEMBER in capacities(issue, user) and not user.is_superuser:
                issue.handler = user
        if issue.handler_id and issue.handler_id != user.pk:
            entry["note"] = "；".join([f"承办人：{_person(issue.handler)}", *([note] if note else [])])
    elif kind == Kind.ASSIGN:
        issue.handler = p["handler"]
        entry["note"] = "；".join([f"承办人：{_person(p['handler'])}", *([note] if note else [])])
    elif kind == Kind.TRANSFER:
        assignment, old_team, old_unit = p["assignment"], issue.team, issue.unit
        handler = p["handler"] or assignment.team.leader
        issue.team, issue.unit, issue.assignment, issue.handler = assignment.team, assignment.unit, assignment, handler
        parts = [f"转交小组：{old_team.name} → {assignment.team.name}"]
        if old_unit.pk != assignment.unit_id:
            parts.append(f"所属单位：{old_unit} → {assignment.unit}")
        parts.append(f"承办人：{_person(handler)}" if handler else "承办人：待指定")
        entry["note"] = "；".join(parts + ([note] if note else []))
    elif kind == Kind.ESCALATE:
        from_step, to_step = issue.escalation_step, p["to_step"]
        issue.escalation_step = to_step
        issue.escalated_to = p["escalated_to"]
        issue.reply, issue.reply_on, issue.follow_up_on = "", None, p["follow_up_on"]
        entry.update(escalated_to=p["escalated_to"], follow_up_on=p["follow_up_on"])
        if to_step - from_step > 1:
            entry["note"] = f"越级上报（第{from_step}级 → 第{to_step}级）：{note}"
    elif kind == Kind.REPLY:
        issue.reply, issue.reply_on, issue.follow_up_on = note, p["reply_on"], p["follow_up_on"]
        entry.update(reply_on=p["reply_on"], follow_up_on=p["follow_up_on"], escalated_to=issue.escalated_to)
        if p["attachment"] is not None:
            entry.update(attachment=p["attachment"], attachment_name=p["attachment"].name[-120:])
    elif kind in (Kind.RESOLVE, Kind.EXPLAIN):
        issue.status = Status.CLOSED
        issue.closed_at = now
        issue.closing_kind = ClosingKind.SOLVED if kind == Kind.RESOLVE else ClosingKind.EXPLAINED
        issue.follow_up_on = None
    elif kind == Kind.REOPEN:
        previous = f"原办结方式：{issue.get_closing_kind_display()}"
        if issue.satisfaction:
            previous += f"，原满意度：{issue.get_satisfaction_display()}"
        entry["note"] = f"{note}（{previous}）"
        issue.status = Status.PROCESSING
        issue.closed_at = None
        issue.closing_kind = ""
        issue.satisfaction = ""
        issue.satisfaction_at = None
    elif kind == Kind.SATISFACTION:
        issue.satisfaction = p["satisfaction"]
        issue.satisfaction_at = now
        label = Satisfaction(p["satisfaction"]).label
        entry["note"] = f"{label}；{note}" if note else label
    # NOTE and INSTRUCTION change nothing but the timeline.
    return entry


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
    unit=None,
    escalated_to: str = "",
    to_step: int | None = None,
    reply_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    attachment=None,
    satisfaction: str = "",
    at: dt.datetime | None = None,
) -> WorkerIssue:
    """Apply one action to the ticket, or raise TransitionError and change nothing.

    ``version`` is the ticket version the user's form was rendered with;
    ``at`` is when it happened (default now; the demo seeder passes its script's time).
    """
    issue = WorkerIssue.objects.select_for_update().get(pk=issue_pk)
    if issue.version != version:
        raise TransitionError(STALE_MESSAGE)
    reason = refusal(issue, user, kind)
    if reason:
        raise TransitionError(reason)
    now = at or timezone.now()
    params = {
        "note": (note or "").strip(),
        "handler": handler,
        "team": team,
        "unit": unit,
        "escalated_to": (escalated_to or "").strip(),
        "to_step": int(to_step) if to_step else None,
        "reply_on": reply_on,
        "follow_up_on": follow_up_on,
        "attachment": attachment,
        "satisfaction": satisfaction,
    }
    _check_params(issue, kind, params, timezone.localdate(now))
    from_status, from_step = issue.status, issue.escalation_step
    entry = _apply(issue, user, kind, params, now)
    commit(issue, kind=kind, actor=user, at=now, from_status=from_status, from_step=from_step, **entry)
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
