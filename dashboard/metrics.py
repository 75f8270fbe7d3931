"""Figures of the read side (dashboard, ledger summary), computed in the database.

Every function here answers with a bounded number of queries whatever the
amount of data: counts and sums are SQL aggregates (``annotate`` with
subqueries or conditional ``Count``), never Python loops over rows. The ledger's
覆盖情况汇总 sheet and the dashboard both call :func:`coverage_rows`, so the
two always agree for the same filters.
"""

import datetime as dt

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek

from campaigns.models import (
    Assignment,
    Enterprise,
    EnterpriseStatusChange,
    UnionStatus,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)
from issues.models import Status, WorkerIssue
from visits.models import PlannedVisit, Recruitment, Visit


def _period(qs, field, start, end):
    """Restrict ``qs`` to ``start <= field <= end`` (dates; either bound optional)."""
    if start is not None:
        qs = qs.filter(**{f"{field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def _scalar(qs, group_fields, aggregate, default=0):
    """One aggregate of ``qs`` grouped by ``group_fields`` (already pinned by OuterRef) as a subquery."""
    inner = qs.order_by().values(*group_fields).annotate(value=aggregate).values("value")[:1]
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(default), output_field=IntegerField())


def coverage_rows(campaign, *, teams=None, units=None, start=None, end=None):
    """Coverage of a campaign: one row per assigned (unit, team) pair.

    Returns a queryset of :class:`campaigns.models.Assignment` (``unit`` and
    ``team`` selected), ordered by unit order, each row annotated with:

    - ``visits``: visits the team made to the unit,
    - ``last_visit_date``: date of the latest of those visits (``None`` if never),
    - ``enterprises_met``: distinct enterprises met at those visits,
    - ``workers_reached``: sum of the visits' 覆盖职工人数,
    - ``recruited``: workers recruited into the union at those visits,
    - ``issues_open`` / ``issues_closed``: tickets of the team in the unit
      received in the period that are (now) open / closed.

    ``teams`` and ``units`` (iterables of instances or ids, or querysets)
    restrict the rows; ``start`` and ``end`` (dates, inclusive, either
    optional) restrict the visits by visit date and the tickets by the
    local date they were received. The queryset runs as one SQL query.
    """
    rows = Assignment.objects.filter(campaign=campaign).select_related("team__campaign", "unit", "campaign")
    if teams is not None:
        rows = rows.filter(team__in=teams)
    if units is not None:
        rows = rows.filter(unit__in=units)

    pair = {"campaign": OuterRef("campaign"), "team": OuterRef("team"), "unit": OuterRef("unit")}
    visits = _period(Visit.objects.filter(**pair), "date", start, end)
    visit_pair = {f"visit__{k}": v for k, v in pair.items()}
    met = _period(Visit.enterprises.through.objects.filter(**visit_pair), "visit__date", start, end)
    recruited = _period(Recruitment.objects.filter(**visit_pair), "visit__date", start, end)
    issues = _period(WorkerIssue.objects.filter(**pair), "received_at__date", start, end)

    group = ["campaign", "team", "unit"]
    visit_group = [f"visit__{g}" for g in group]
    last_visit = visits.order_by("-date").values("date")[:1]
    return rows.annotate(
        visits=_scalar(visits, group, Count("pk")),
        last_visit_date=Subquery(last_visit),
        enterprises_met=_scalar(met, visit_group, Count("enterprise", distinct=True)),
        workers_reached=_scalar(visits, group, Sum("workers_reached")),
        recruited=_scalar(recruited, visit_group, Sum("count")),
        issues_open=_scalar(issues.exclude(status=Status.CLOSED), group, Count("pk")),
        issues_closed=_scalar(issues.filter(status=Status.CLOSED), group, Count("pk")),
    ).order_by("unit__sort_order", "unit__name")


# --- coverage tiles ---------------------------------------------------------

NEVER, STALE, DUE, FRESH = "never", "stale", "due", "fresh"
COVERAGE_BANDS = {
    NEVER: "从未走访",
    STALE: "超过14天未走访",
    DUE: "7–14天未走访",
    FRESH: "7天内走访过",
}


def coverage_band(last_visit_date, reference_day):
    """The colour band of a unit by days from its last visit to ``reference_day``."""
    if last_visit_date is None:
        return NEVER
    days = (reference_day - last_visit_date).days
    if days > 14:
        return STALE
    if days >= 7:
        return DUE
    return FRESH


def coverage_tiles(campaign, *, teams, reference_day, start=None, end=None, all_units=False):
    """One tile per unit: the assigned pairs of ``teams`` (and, with ``all_units``, every active unit).

    Two queries: the coverage rows and (with ``all_units``) the active units;
    merging 23 units by id in Python is bookkeeping, not aggregation.
    """
    rows = list(coverage_rows(campaign, teams=teams, start=start, end=end))
    tiles = []
    for r in rows:
        tiles.append(
            {
                "unit": r.unit,
                "team": r.team,
                "visits": r.visits,
                "last_visit_date": r.last_visit_date,
                "days_since": None if r.last_visit_date is None else (reference_day - r.last_visit_date).days,
                "issues_open": r.issues_open,
                "issues_total": r.issues_open + r.issues_closed,
                "band": coverage_band(r.last_visit_date, reference_day),
            }
        )
    if all_units:
        assigned = {r.unit_id for r in rows}
        for unit in UnionUnit.objects.filter(is_active=True).exclude(pk__in=assigned):
            tiles.append({"unit": unit, "team": None, "visits": 0, "band": "unassigned", "issues_open": 0})
        tiles.sort(key=lambda t: (t["unit"].sort_order, t["unit"].name))
    return tiles


# --- per team -----------------------------------------------------------------


def team_rows(campaign, *, teams, start=None, end=None, now):
    """Per team of ``teams``: the work of the period, one SQL query.

    Annotations: ``visits_done``, ``plans`` (planned visits not cancelled),
    ``plans_done`` (of those, carried out), ``units_assigned``,
    ``units_covered`` (distinct assigned units visited), ``workers_reached``,
    ``recruited``, ``issues_found`` (tickets received in the period),
    ``issues_closed`` and ``issues_overdue`` (of those, now closed / now overdue
    as ``WorkerIssue.objects.overdue(now)`` defines it).
    """
    team = {"campaign": campaign, "team": OuterRef("pk")}
    visits = _period(Visit.objects.filter(**team), "date", start, end)
    plans = _period(PlannedVisit.objects.filter(**team, is_cancelled=False), "date", start, end)
    recruited = _period(
        Recruitment.objects.filter(visit__campaign=campaign, visit__team=OuterRef("pk")), "visit__date", start, end
    )
    issues = _period(WorkerIssue.objects.filter(**team), "received_at__date", start, end)
    assigned = Assignment.objects.filter(**team)
    return (
        WorkTeam.objects.filter(pk__in=[t.pk for t in teams])
        .annotate(
            visits_done=_scalar(visits, ["team"], Count("pk")),
            plans=_scalar(plans, ["team"], Count("pk")),
            plans_done=_scalar(plans.filter(visit__isnull=False), ["team"], Count("pk")),
            units_assigned=_scalar(assigned, ["team"], Count("pk")),
            units_covered=_scalar(visits, ["team"], Count("unit", distinct=True)),
            workers_reached=_scalar(visits, ["team"], Sum("workers_reached")),
            recruited=_scalar(recruited, ["visit__team"], Sum("count")),
            issues_found=_scalar(issues, ["team"], Count("pk")),
            issues_closed=_scalar(issues.filter(status=Status.CLOSED), ["team"], Count("pk")),
            issues_overdue=_scalar(issues.overdue(now), ["team"], Count("pk")),
        )
        .order_by("sort_order", "name")
    )


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


# --- union building -------------------------------------------------------------

FUNNEL_SPLITS = (
    ("all", "全部企业", Q()),
    ("new_form", "新业态企业", Q(is_new_form=True)),
    ("eight", "八大员企业", Q(is_eight_group=True)),
)


def scoped_enterprises(campaign, teams):
    """Enterprises in the units the ``teams`` cover in ``campaign``."""
    units = Assignment.objects.filter(campaign=campaign, team__in=teams).values("unit")
    return Enterprise.objects.filter(unit__in=units)


def union_funnel(enterprises):
    """The funnel 未建会 → … → 已建会 for each split, one aggregate query.

    For each split: a list of stages with ``count`` (enterprises now at the
    stage), ``reached`` (at this stage or beyond) and ``conversion`` (share of
    those that reached the previous stage that reached this one, None for the
    first stage or when the previous stage is empty).
    """
    statuses = UnionStatus.funnel()
    agg = {
        f"{key}__{s.value}": Count("pk", filter=cond & Q(union_status=s.value))
        for key, _label, cond in FUNNEL_SPLITS
        for s in statuses
    }
    counts = enterprises.order_by().aggregate(**agg)
    funnel = []
    for key, label, _cond in FUNNEL_SPLITS:
        stage_counts = [counts[f"{key}__{s.value}"] for s in statuses]
        stages, previous = [], None
        for i, s in enumerate(statuses):
            reached = sum(stage_counts[i:])
            conversion = None if previous in (None, 0) else reached / previous
            stages.append(
                {"status": s, "label": s.label, "count": stage_counts[i], "reached": reached, "conversion": conversion}
            )
            previous = reached
        funnel.append({"key": key, "label": label, "total": sum(stage_counts), "stages": stages})
    return funnel


def promised_waiting(enterprises, *, today, limit=20):
    """Enterprises that promised a union (表态建会 or 筹建中) and have none yet, longest waiting first.

    ``promised_on`` is the date of the latest status change to 表态建会
    (falling back to the status date); ``waiting_days`` counts to ``today``.
    Returns (rows, total).
    """
    promised = (
        EnterpriseStatusChange.objects.filter(enterprise=OuterRef("pk"), to_status=UnionStatus.PROMISED)
        .order_by("-changed_on", "-created_at")
        .values("changed_on")[:1]
    )
    qs = enterprises.filter(union_status__in=[UnionStatus.PROMISED, UnionStatus.PREPARING])
    rows = list(
        qs.annotate(promised_on=Coalesce(Subquery(promised), F("union_status_date")))
        .select_related("unit")
        .order_by(F("promised_on").asc(nulls_last=True), "name")[:limit]
    )
    for r in rows:
        r.waiting_days = None if r.promised_on is None else (today - r.promised_on).days
    return rows, qs.count()


def week_range(weeks):
    """Every Monday from the first to the last of ``weeks`` (so a chart shows quiet weeks as 0)."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


# --- recruitment ------------------------------------------------------------------


def recruitment_by_group_and_week(campaign, *, teams, start=None, end=None):
    """Workers recruited, grouped by eight-group and week (Monday), one query.

    Returns ``(weeks, groups, table, totals)``: sorted week starts, the group
    names (all eight, in order), ``table[group][week] = count`` and
    ``totals[group]``.
    """
    rows = (
        _period(Recruitment.objects.filter(visit__campaign=campaign, visit__team__in=teams), "visit__date", start, end)
        .annotate(week=TruncWeek("visit__date"))
        .order_by()
        .values("group__name", "week")
        .annotate(total=Sum("count"))
    )
    groups = list(WorkerGroup.objects.order_by("sort_order", "name").values_list("name", flat=True))
    table = {g: {} for g in groups}
    weeks = set()
    for r in rows:
        week = r["week"].date() if hasattr(r["week"], "date") else r["week"]
        weeks.add(week)
        table.setdefault(r["group__name"], {})[week] = r["total"]
    weeks = week_range(weeks)
    totals = {g: sum(table[g].values()) for g in table}
    return weeks, list(table), table, totals
