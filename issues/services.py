"""The ticket service layer, part one: opening, editing and importing tickets.

Every ticket is created through ``open_issue`` (the create page, the hotline
import of the ledger app, the demo seeder), its registration data corrected
through ``edit_issue`` (the edit page, the admin) and re-imported through
``import_update`` (the hotline import), so codes, deadlines and the team/unit
invariant are decided in one place. Actions and transfers after creation live
in ``issues.workflow``. Each function locks the row, applies the rules and
writes exactly one timeline entry through ``issues.timeline.commit``; a refusal
raises ``issues.workflow.TransitionError`` with a Chinese message and writes
nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from workdays.services import deadline_after, uncalendared_years

from .models import DeadlineRule, IssueAction, IssueCodeCounter, Status, Urgency, WorkerIssue
from .timeline import commit
from .workflow import STALE_MESSAGE, TransitionError, assignment_for, can_edit, check_handler

Kind = IssueAction.Kind

CODE_PREFIX = "DX"


@dataclass(frozen=True)
class Deadlines:
    response_due: dt.datetime
    resolution_due: dt.datetime
    rule: DeadlineRule | None
    # Counted on Monday–Friday in a year without a loaded calendar (those years listed).
    provisional_years: tuple[int, ...] = ()


# Used only when staff deleted every rule that could match: 1 and 7 working days.
FALLBACK_RULE = DeadlineRule(response_workdays=1, resolution_workdays=7, note="无匹配规则时的默认时限")


def deadline_rule_for(source: str, category: str, urgency: str) -> DeadlineRule | None:
    """The most specific rule for a source, category and urgency (blank fields match anything).

    Specificity: a rule naming the category beats one naming the urgency, which
    beats the source-wide rule.
    """
    candidates = DeadlineRule.objects.filter(source=source, category__in=[category, ""], urgency__in=[urgency, ""])
    best = None
    best_score = -1
    for rule in candidates:
        score = (2 if rule.category else 0) + (1 if rule.urgency else 0)
        if score > best_score:
            best, best_score = rule, score
    return best


def compute_deadlines(source: str, category: str, urgency: str, received_at: dt.datetime) -> Deadlines:
    """Response and resolution deadlines from the rules and the working-day calendar."""
    rule = deadline_rule_for(source, category, urgency)
    effective = rule or FALLBACK_RULE
    response_due = deadline_after(received_at, workdays=effective.response_workdays, hours=effective.response_hours)
    resolution_due = deadline_after(
        received_at, workdays=effective.resolution_workdays, hours=effective.resolution_hours
    )
    # Hour-based deadlines run on the clock; only day-based ones walk the calendar.
    day_based = [
        due
        for due, hours in ((response_due, effective.response_hours), (resolution_due, effective.resolution_hours))
        if not hours
    ]
    missing = ()
    if day_based:
        first = timezone.localtime(received_at).date()
        missing = tuple(uncalendared_years(first, timezone.localtime(max(day_based)).date()))
    # A response can never be due after the resolution (DB constraint).
    return Deadlines(
        response_due=min(response_due, resolution_due),
        resolution_due=resolution_due,
        rule=rule,
        provisional_years=missing,
    )


def provisional_note(deadlines: Deadlines) -> str:
    if not deadlines.provisional_years:
        return ""
    years = "、".join(str(y) for y in deadlines.provisional_years)
    return f"；{years}年工作日历尚未载入，时限暂按周一至周五计算，载入后自动重算"


def _format_code(year: int, number: int) -> str:
    return f"{CODE_PREFIX}-{year}-{number:05d}"


def next_code(year: int) -> str:
    """Hand out the next DX-YYYY-NNNNN code; call inside the creating transaction.

    The counter row is bumped with one UPDATE (a row lock until commit), so
    concurrent creators are serialised and never share a number. Codes already
    taken (rows written without the counter, e.g. by fixtures) are skipped.
    """
    if not IssueCodeCounter.objects.filter(year=year).exists():
        try:
            with transaction.atomic():
                IssueCodeCounter.objects.create(year=year, last_number=0)
        except IntegrityError:
            pass  # another transaction created it first
    while True:
        IssueCodeCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
        number = IssueCodeCounter.objects.get(year=year).last_number
        code = _format_code(year, number)
        if not WorkerIssue.objects.filter(code=code).exists():
            return code


@transaction.atomic
def open_issue(
    *,
    created_by,
    source,
    category,
    team,
    unit,
    campaign,
    title,
    description,
    received_at=None,
    urgency=Urgency.ORDINARY,
    hotline_number="",
    worker_name="",
    worker_phone="",
    worker_id_number="",
    enterprise=None,
    visit=None,
    handler=None,
    project=None,
    at=None,
) -> WorkerIssue:
    """Create a ticket with its code, deadlines and the 登记 (CREATE) action.

    ``received_at`` defaults to ``at`` (hotline imports pass the hotline's own
    time); ``at`` (default now) is when it was entered, for the demo seeder.
    The unit must be one the team covers in the campaign and the handler a
    member of the team (TransitionError otherwise). A duplicate hotline number
    for the same source raises ``IntegrityError`` and nothing is saved.
    """
    at = at or timezone.now()
    received_at = received_at or at
    assignment = assignment_for(campaign.pk, team, unit)
    check_handler(team, handler)
    check_project(team.pk, project)
    deadlines = compute_deadlines(source, category, urgency, received_at)
    issue = WorkerIssue(
        code=next_code(timezone.localtime(received_at).year),
        source=source,
        hotline_number=(hotline_number or "").strip(),
        category=category,
        urgency=urgency,
        worker_name=(worker_name or "").strip(),
        worker_phone=(worker_phone or "").strip(),
        worker_id_number=(worker_id_number or "").strip().upper(),
        campaign=campaign,
        team=team,
        unit=unit,
        assignment=assignment,
        enterprise=enterprise,
        visit=visit,
        project=project,
        title=title,
        description=description,
        handler=handler,
        status=Status.NEW,
        received_at=received_at,
        response_due=deadlines.response_due,
        resolution_due=deadlines.resolution_due,
        deadline_provisional=bool(deadlines.provisional_years),
        created_by=created_by,
    )
    rule_text = str(deadlines.rule) if deadlines.rule else FALLBACK_RULE.note
    note = f"时限规则：{rule_text}" + provisional_note(deadlines)
    commit(issue, kind=Kind.CREATE, actor=created_by, at=at, note=note)
    return issue


# Registration data: what the edit page, the admin and a re-import may correct.
EDITABLE = (
    "unit",
    "source",
    "hotline_number",
    "category",
    "urgency",
    "enterprise",
    "worker_name",
    "worker_phone",
    "worker_id_number",
    "title",
    "description",
    "received_at",
    "project",
)

PROJECT_NOT_OF_TEAM = "所选办实事项目不属于该工单的小组。"


def check_project(team_id, project):
    """A ticket links only a 我为职工办实事 project of its own team."""
    if project is not None and project.team_id != team_id:
        raise TransitionError(PROJECT_NOT_OF_TEAM, field="project")


def _lock(issue_pk, version):
    issue = WorkerIssue.objects.select_for_update().get(pk=issue_pk)
    if version is not None and issue.version != version:
        raise TransitionError(STALE_MESSAGE)
    return issue


def _apply_registration(issue, changes: dict) -> list[str]:
    """Set the changed registration fields (unit within the team); recompute deadlines while unhandled."""
    changed = [name for name in EDITABLE if name in changes and getattr(issue, name) != changes[name]]
    if "project" in changed:
        check_project(issue.team_id, changes["project"])
    if "unit" in changed:
        issue.assignment = assignment_for(issue.campaign_id, issue.team, changes["unit"])
    for name in changed:
        setattr(issue, name, changes[name])
    if {"source", "category", "urgency", "received_at"} & set(changed):
        deadlines = compute_deadlines(issue.source, issue.category, issue.urgency, issue.received_at)
        issue.response_due, issue.resolution_due = deadlines.response_due, deadlines.resolution_due
        issue.deadline_provisional = bool(deadlines.provisional_years)
    return changed


def _labels(names) -> str:
    return "、".join(str(WorkerIssue._meta.get_field(n).verbose_name) for n in names)


@transaction.atomic
def edit_issue(issue_pk: int, user, changes: dict, *, version: int | None, at=None) -> WorkerIssue:
    """Correct a ticket's registration data (not its status: that is ``workflow.perform``).

    ``changes`` maps fields of ``EDITABLE`` to new values; the unit must stay
    one the ticket's team covers. Nothing changed: nothing is written and the
    version stays. Otherwise one 修改登记信息 entry names the changed fields.
    """
    issue = _lock(issue_pk, version)
    if not can_edit(issue, user):
        raise TransitionError("您无权修改该工单。")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TransitionError(f"不能在此修改：{_labels(sorted(unknown))}。")
    status, step = issue.status, issue.escalation_step
    changed = _apply_registration(issue, changes)
    if changed:
        commit(
            issue, kind=Kind.EDIT, actor=user, at=at, from_status=status, from_step=step,
            note=f"修改了登记信息：{_labels(changed)}",
        )  # fmt: skip
    return issue


def import_refusal(issue: WorkerIssue, team) -> str | None:
    """Why a re-import may not move ``issue`` to ``team``: another team is handling it."""
    if team.pk == issue.team_id:
        return None
    if issue.status != Status.NEW or issue.handler_id is not None:
        return f"该工单已由{issue.team.name}办理，导入未改动其小组"
    return None


@transaction.atomic
def import_update(issue_pk: int, user, changes: dict, *, team, at=None) -> WorkerIssue:
    """A re-imported hotline row: registration data and, while nobody handles it, the team.

    Refused (TransitionError, nothing written) when the row would move the
    ticket away from a team that accepted it or has a handler on it.
    """
    issue = _lock(issue_pk, None)
    reason = import_refusal(issue, team)
    if reason:
        raise TransitionError(reason, field="所属单位")
    status, step, from_team = issue.status, issue.escalation_step, issue.team
    if issue.status != Status.NEW:
        # A ticket being handled keeps the time its deadlines were counted from.
        changes = {k: v for k, v in changes.items() if k != "received_at"}
    moved = team.pk != issue.team_id
    if moved:
        issue.team = team
        issue.handler = None
        if "unit" in changes:
            issue.unit = changes["unit"]
        issue.assignment = assignment_for(issue.campaign_id, team, issue.unit)
    changed = _apply_registration(issue, {k: v for k, v in changes.items() if k in EDITABLE})
    if not (changed or moved):
        return issue
    parts = [f"转交小组：{from_team.name} → {team.name}"] if moved else []
    if changed:
        parts.append(f"更新了：{_labels(changed)}")
    commit(
        issue,
        kind=Kind.EDIT,
        actor=user,
        at=at,
        from_status=status,
        from_step=step,
        note="Excel 导入；" + "；".join(parts),
    )
    return issue


def _fmt(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@transaction.atomic
def recompute_deadlines(issue_pk: int, reason: str, *, at=None, actor=None) -> WorkerIssue | None:
    """Count an open ticket's deadlines again on today's calendar, with one 重算时限 entry saying why.

    Called when the working-day calendar changed (``workdays.signals.calendar_changed``,
    connected in ``issues.apps``). A closed ticket, or one whose deadlines and flag
    stay the same, is left alone (nothing written, None returned). ``actor`` is
    who changed the calendar; the ticket's registrar when unknown (a command).
    """
    issue = WorkerIssue.objects.select_for_update().get(pk=issue_pk)
    if issue.status == Status.CLOSED:
        return None
    deadlines = compute_deadlines(issue.source, issue.category, issue.urgency, issue.received_at)
    provisional = bool(deadlines.provisional_years)
    before = (issue.response_due, issue.resolution_due, issue.deadline_provisional)
    if before == (deadlines.response_due, deadlines.resolution_due, provisional):
        return None
    parts = []
    if issue.response_due != deadlines.response_due:
        parts.append(f"响应时限 {_fmt(issue.response_due)} → {_fmt(deadlines.response_due)}")
    if issue.resolution_due != deadlines.resolution_due:
        parts.append(f"办结时限 {_fmt(issue.resolution_due)} → {_fmt(deadlines.resolution_due)}")
    if not parts:
        parts.append("时限不变")
    issue.response_due, issue.resolution_due = deadlines.response_due, deadlines.resolution_due
    issue.deadline_provisional = provisional
    status, step = issue.status, issue.escalation_step
    note = f"{reason}：" + "；".join(parts) + provisional_note(deadlines)
    commit(
        issue, kind=Kind.RECOMPUTE, actor=actor or issue.created_by, at=at, from_status=status, from_step=step,
        note=note,
    )  # fmt: skip
    return issue


def affected_by_calendar(dates, years) -> list[int]:
    """Open tickets whose deadline walk crosses a changed day, or that were counted on a year now loaded."""
    query = Q(pk__in=[])
    if dates:
        first, last = min(dates), max(dates)
        tz = timezone.get_current_timezone()
        # A day d changes a deadline counted from the received day r up to the due day u when r < d <= u.
        query |= Q(
            received_at__lt=dt.datetime.combine(last, dt.time.min, tzinfo=tz),
            resolution_due__gte=dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        )
    if years:
        query |= Q(deadline_provisional=True)
    return list(WorkerIssue.objects.open().filter(query).order_by("pk").values_list("pk", flat=True))


def recompute_for_calendar(*, dates, years, reason, at=None, actor=None, **_signal) -> int:
    """The receiver of ``calendar_changed``: recompute every open ticket the change may affect."""
    changed = 0
    for pk in affected_by_calendar(dates, years):
        if recompute_deadlines(pk, reason, at=at, actor=actor) is not None:
            changed += 1
    return changed


@transaction.atomic
def move_to_successor(issue_pk: int, assignment, user, reason: str, *, at=None) -> WorkerIssue | None:
    """An open ticket follows its unit into a merger or split: the new unit (and team), one entry.

    Called by ``issues.unit_changes.apply_change``. Same team: a 修改登记信息 entry
    naming the unit change. Another team: a 转交小组 entry, handled by that
    team's leader. A closed ticket keeps the unit it was made under (None).
    """
    issue = _lock(issue_pk, None)
    if issue.status == Status.CLOSED:
        return None
    status, step, from_team, from_unit = issue.status, issue.escalation_step, issue.team, issue.unit
    moved_team = assignment.team_id != issue.team_id
    issue.team, issue.unit, issue.assignment = assignment.team, assignment.unit, assignment
    note = f"{reason}：所属单位 {from_unit} → {assignment.unit}"
    if moved_team:
        issue.handler = assignment.team.leader
        note += f"；转交小组：{from_team.name} → {assignment.team.name}"
    commit(
        issue, kind=Kind.TRANSFER if moved_team else Kind.EDIT, actor=user, at=at, from_status=status,
        from_step=step, note=note,
    )  # fmt: skip
    return issue
