"""Ticket figures of the dashboard, counted in the database.

What "open", "overdue" and "escalated" mean is decided by the WorkerIssue
queryset, and the rates by ``issues.rates`` (read from the daily summaries by
``rollups.rates``): the dashboard only counts.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from issues.models import Category, EscalationStep, Source, Status, WorkerIssue
from rollups import rates as summarized
from rollups.models import DayRollup, TicketMixRollup, TicketMixTotal

from .aggregates import week_range, whole_scalar, within

OVERDUE_LIST_SIZE = 10
OPEN_STATUSES = (Status.NEW, Status.PROCESSING)


def scoped_issues(campaign, teams):
    """Tickets of ``teams`` in ``campaign`` (any date)."""
    return WorkerIssue.objects.filter(campaign=campaign, team__in=teams)


def received_in(issues, start, end):
    return within(issues, "received_at__date", start, end)


def _counts_from_tickets(issues) -> dict:
    open_q = ~Q(status=Status.CLOSED)
    agg = {"total": Count("pk"), "open_total": Count("pk", filter=open_q)}
    agg.update({f"status_{s.value}": Count("pk", filter=Q(status=s)) for s in OPEN_STATUSES})
    agg.update(
        {
            f"step_{step.value}_{status.value}": Count("pk", filter=Q(status=status, escalation_step=step))
            for step in EscalationStep
            for status in OPEN_STATUSES
        }
    )
    agg.update({f"cat_{c.value}": Count("pk", filter=Q(category=c)) for c in Category})
    agg.update({f"src_{s.value}": Count("pk", filter=Q(source=s)) for s in Source})
    return issues.order_by().aggregate(**agg)


def _counts_from_mix(mix) -> dict:
    """The same counts as :func:`_counts_from_tickets`, summed from the daily breakdown (plus ``escalated``)."""
    counts = dict.fromkeys(["total", "open_total", "escalated"], 0)
    counts.update({f"status_{s.value}": 0 for s in OPEN_STATUSES})
    counts.update({f"step_{p.value}_{s.value}": 0 for p in EscalationStep for s in OPEN_STATUSES})
    counts.update({f"cat_{c.value}": 0 for c in Category})
    counts.update({f"src_{s.value}": 0 for s in Source})
    rows = mix.order_by().values("status", "escalation_step", "category", "source").annotate(n=Sum("tickets"))
    for r in rows:
        n, status, step = r["n"], r["status"], r["escalation_step"]
        counts["total"] += n
        if step > EscalationStep.ENTERPRISE:
            counts["escalated"] += n
        if status != Status.CLOSED:
            counts["open_total"] += n
            counts[f"status_{status}"] = counts.get(f"status_{status}", 0) + n
            counts[f"step_{step}_{status}"] = counts.get(f"step_{step}_{status}", 0) + n
        counts[f"cat_{r['category']}"] = counts.get(f"cat_{r['category']}", 0) + n
        counts[f"src_{r['source']}"] = counts.get(f"src_{r['source']}", 0) + n
    return counts


@dataclass
class IssueFigures:
    total: int
    open_total: int
    open_by_status: list  # (Status, count)
    open_by_step: list  # {"step", "by_status": [(Status, count)], "total"}
    by_category: list  # (Category, count)
    by_source: list  # (Source, count)
    overdue_total: int
    escalated_total: int  # climbed above step 1, open or closed (WorkerIssue.objects.escalated)
    overdue: list  # WorkerIssue with overdue_since, oldest first


def issue_figures(issues, *, now, mix=None):
    """Counts of ``issues`` (already scoped and restricted to the period): two queries (three without ``mix``).

    ``mix``: the daily ticket breakdown of the same tickets (``rollups.TicketMixRollup``
    of the same campaign, teams and received days); the counts by status, step,
    category and source and the escalated total then come from it (one small
    grouped query), not from the tickets. Overdue changes with the clock: always
    counted from the open tickets.
    """
    counts = _counts_from_tickets(issues) if mix is None else _counts_from_mix(mix)
    overdue = issues.overdue(now)
    # Overdue since the earliest deadline missed: the response one while nobody responded.
    since = Case(
        When(responded_at__isnull=True, response_due__lt=now, then=F("response_due")), default=F("resolution_due")
    )
    order = ("overdue_since", "received_at", "pk")
    # The first ten chosen from the open tickets' index alone (issue_open_team_resdue_idx covers every
    # column the choice reads), then only those ten rows read whole, and the count of all overdue beside
    # them (no rows means none overdue): one statement.
    first = overdue.annotate(overdue_since=since).order_by(*order).values("pk")[:OVERDUE_LIST_SIZE]
    overdue_rows = list(
        WorkerIssue.objects.filter(pk__in=first)
        .annotate(overdue_since=since, overdue_total=whole_scalar(overdue, Count("pk")))
        .select_related("team__campaign", "unit")
        .order_by(*order)
    )
    for row in overdue_rows:
        row.overdue_days = (now - row.overdue_since).days
    return IssueFigures(
        total=counts["total"],
        open_total=counts["open_total"],
        open_by_status=[(s, counts[f"status_{s.value}"]) for s in OPEN_STATUSES],
        open_by_step=[
            {
                "step": step,
                "by_status": [(status, counts[f"step_{step.value}_{status.value}"]) for status in OPEN_STATUSES],
                "total": sum(counts[f"step_{step.value}_{status.value}"] for status in OPEN_STATUSES),
            }
            for step in EscalationStep
        ],
        by_category=[(c, counts[f"cat_{c.value}"]) for c in Category],
        by_source=[(s, counts[f"src_{s.value}"]) for s in Source],
        overdue_total=overdue_rows[0].overdue_total if overdue_rows else 0,
        escalated_total=counts["escalated"] if mix is not None else issues.escalated().count(),
        overdue=overdue_rows,
    )


def weekly_trend(issues, *, start=None, end=None):
    """New vs closed tickets per week (Monday start, local time): two grouped queries.

    ``issues`` is the scoped set of any date; new ones count by received date,
    closed ones by closing date, both within the period.
    """
    tz = timezone.get_current_timezone()
    new = (
        received_in(issues, start, end)
        .annotate(week=TruncWeek("received_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    )
    closed = (
        within(issues.filter(closed_at__isnull=False), "closed_at__date", start, end)
        .annotate(week=TruncWeek("closed_at", tzinfo=tz))
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    )
    new_by_week = {timezone.localtime(r["week"], tz).date(): r["n"] for r in new}
    closed_by_week = {timezone.localtime(r["week"], tz).date(): r["n"] for r in closed}
    weeks = week_range(set(new_by_week) | set(closed_by_week))
    return [{"week": w, "new": new_by_week.get(w, 0), "closed": closed_by_week.get(w, 0)} for w in weeks]


def mix_of_teams(campaign, teams, *, start=None, end=None):
    """The ticket breakdown of ``teams`` in ``campaign``, received in the period.

    Without a period, the totals over the days (``rollups.TicketMixTotal``, a few thousand rows);
    with one, the daily rows of its days (``rollups.TicketMixRollup``). Both have the fields
    :func:`_counts_from_mix` groups by.
    """
    if start is None and end is None:
        return TicketMixTotal.objects.filter(campaign=campaign, team__in=teams)
    return within(TicketMixRollup.objects.filter(campaign=campaign, team__in=teams), "day", start, end)


def weekly_trend_of_teams(campaign, teams, *, start=None, end=None):
    """:func:`weekly_trend` of the tickets of ``teams`` in ``campaign``, from the daily summaries: one query.

    Received and closed days are local days there, so the weeks are the same.
    """
    rows = (
        within(DayRollup.objects.filter(campaign=campaign, team__in=teams), "day", start, end)
        .annotate(week=TruncWeek("day"))
        .order_by()
        .values("week")
        .annotate(new=Sum("tickets_opened"), closed=Sum("tickets_closed"))
    )
    by_week = {}
    for r in rows:
        week = r["week"].date() if hasattr(r["week"], "date") else r["week"]
        by_week[week] = r
    weeks = week_range({w for w, r in by_week.items() if r["new"] or r["closed"]})
    return [
        {
            "week": w,
            "new": by_week[w]["new"] if w in by_week else 0,
            "closed": by_week[w]["closed"] if w in by_week else 0,
        }
        for w in weeks
    ]


def rate_period(scope):
    """The period the rates are counted over: the chosen one, else the campaign's up to today."""
    campaign = scope.campaign
    start = scope.start or campaign.start_date
    end = scope.end or min(campaign.end_date, scope.today)
    if end < start:
        end = start
    return start, end


def _summaries(scope):
    """The daily summaries of the same tickets as ``scoped_issues(scope.campaign, scope.teams)``."""
    return DayRollup.objects.filter(campaign=scope.campaign, team__in=scope.teams)


def rates_for(issues, scope, weights=None):
    start, end = rate_period(scope)
    return summarized.compute_rates(_summaries(scope), issues, start, end, weights, now=scope.now)


def team_rates(issues, scope, weights=None):
    start, end = rate_period(scope)
    return summarized.rates_by_team(_summaries(scope), issues, start, end, weights, now=scope.now)
