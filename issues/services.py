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
from django.db.models import F
from django.utils import timezone

from workdays.services import deadline_after

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
    # A response can never be due after the resolution (DB constraint).
    return Deadlines(response_due=min(response_due, resolution_due), resolution_due=resolution_due, rule=rule)


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
        title=title,
        description=description,
        handler=handler,
        status=Status.NEW,
        received_at=received_at,
        response_due=deadlines.response_due,
        resolution_due=deadlines.resolution_due,
        created_by=created_by,
    )
    rule_text = str(deadlines.rule) if deadlines.rule else FALLBACK_RULE.note
    commit(issue, kind=Kind.CREATE, actor=created_by, at=at, note=f"时限规则：{rule_text}")
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
)


def _lock(issue_pk, version):
    issue = WorkerIssue.objects.select_for_update().get(pk=issue_pk)
    if version is not None and issue.version != version:
        raise TransitionError(STALE_MESSAGE)
    return issue


def _apply_registration(issue, changes: dict) -> list[str]:
    """Set the changed registration fields (unit within the team); recompute deadlines while unhandled."""
    changed = [name for name in EDITABLE if name in changes and getattr(issue, name) != changes[name]]
    if "unit" in changed:
        issue.assignment = assignment_for(issue.campaign_id, issue.team, changes["unit"])
    for name in changed:
        setattr(issue, name, changes[name])
    if {"source", "category", "urgency", "received_at"} & set(changed):
        deadlines = compute_deadlines(issue.source, issue.category, issue.urgency, issue.received_at)
        issue.response_due, issue.resolution_due = deadlines.response_due, deadlines.resolution_due
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
