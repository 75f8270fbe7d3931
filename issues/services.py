"""Opening tickets: the code, the deadlines and the first timeline entry.

Every ticket is created through ``open_issue`` (the create page, the hotline
import of the ledger app, the demo seeder), so codes and deadlines are computed
in one place. Transitions after creation live in ``issues.workflow``.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from workdays.services import deadline_after

from .models import DeadlineRule, IssueAction, IssueCodeCounter, Status, Urgency, WorkerIssue

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
) -> WorkerIssue:
    """Create a ticket with its code, deadlines and the 登记 (CREATE) action.

    ``received_at`` defaults to now (hotline imports pass the hotline's own
    time). The caller has checked permissions and validated the input (forms,
    import rows); the database constraints guard the rest — a duplicate hotline
    number for the same source raises ``IntegrityError`` and nothing is saved.
    """
    received_at = received_at or timezone.now()
    deadlines = compute_deadlines(source, category, urgency, received_at)
    issue = WorkerIssue.objects.create(
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
    IssueAction.objects.create(
        issue=issue,
        kind=IssueAction.Kind.CREATE,
        actor=created_by,
        note=f"时限规则：{rule_text}",
        to_status=Status.NEW,
        to_step=issue.escalation_step,
    )
    return issue
