"""The dashboard's per-team table: each team's work of the period, and the column sums."""

from django.db.models import Count, OuterRef, Q, Sum

from campaigns.models import Assignment, WorkTeam
from issues.models import WorkerIssue
from visits.models import PlannedVisit

from .aggregates import daily_summaries, grouped_scalar, within

DAY_FIGURES = {
    "visits_done": Sum("visits"),
    "units_covered": Count("unit", distinct=True, filter=Q(visits__gt=0)),
    "workers_reached": Sum("workers_reached"),
    "recruited": Sum("recruited"),
    "issues_found": Sum("tickets_opened"),
    "issues_closed": Sum("tickets_opened_closed"),
}


def team_rows(campaign, *, teams, start=None, end=None, now) -> list:
    """Per team of ``teams``: the work of the period, three SQL queries (the teams, their plans, the daily summaries).

    Attributes: ``visits_done``, ``plans`` (planned visits not cancelled),
    ``plans_done`` (of those, carried out), ``units_assigned``,
    ``units_covered`` (distinct assigned units visited), ``workers_reached``,
    ``recruited``, ``issues_found`` (tickets received in the period),
    ``issues_closed`` and ``issues_overdue`` (of those, now closed / now overdue
    as ``WorkerIssue.objects.overdue(now)`` defines it). Visits, recruitment and
    tickets found / closed are summed from the daily summaries (``rollups``) in
    one grouped query; plans (``plannedvisit_team_counts_idx``) and the tickets
    overdue now (``issue_open_team_resdue_idx``) are counted from indexes that
    hold every column they read.
    """
    team = {"campaign": campaign, "team": OuterRef("pk")}
    issues = within(WorkerIssue.objects.filter(**team), "received_at__date", start, end)
    assigned = Assignment.objects.filter(**team)
    rows = list(
        WorkTeam.objects.filter(pk__in=[t.pk for t in teams])
        .annotate(
            units_assigned=grouped_scalar(assigned, ["team"], Count("pk")),
            # Overdue changes with the clock, not with a write: counted from the open tickets.
            issues_overdue=grouped_scalar(issues.overdue(now), ["team"], Count("pk")),
        )
        .order_by("sort_order", "name")
    )
    team_ids = [t.pk for t in rows]
    # Grouped queries rather than a subquery per team: the planner reads a correlated count through the
    # team's plain index (a guess of a tenth of the rows), the grouped one through the covering index.
    plans = within(
        PlannedVisit.objects.filter(campaign=campaign, team__in=team_ids, is_cancelled=False), "date", start, end
    )
    plan_counts = {
        r["team"]: r for r in plans.order_by().values("team").annotate(plans=Count("pk"), plans_done=Count("visit"))
    }
    sums = {
        r["team"]: r
        for r in daily_summaries(campaign, start, end, team__in=team_ids)
        .order_by()
        .values("team")
        .annotate(**DAY_FIGURES)
    }
    for row in rows:
        for name in ("plans", "plans_done"):
            setattr(row, name, (plan_counts.get(row.pk) or {}).get(name) or 0)
        for name in DAY_FIGURES:
            setattr(row, name, (sums.get(row.pk) or {}).get(name) or 0)
    return rows


def team_totals(rows):
    """Column sums of :func:`team_rows` (already fetched rows; a handful of teams)."""
    names = [
        "visits_done",
        "plans",
        "plans_done",
        "units_assigned",
        "units_covered",
        "workers_reached",
        "recruited",
        "issues_found",
        "issues_closed",
        "issues_overdue",
    ]
    return {n: sum(getattr(r, n) for r in rows) for n in names}
