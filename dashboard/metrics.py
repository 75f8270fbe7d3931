"""Figures of the read side (dashboard, ledger summary), computed in the database.

Every function here answers with a bounded number of queries whatever the
amount of data: counts and sums are SQL aggregates (``annotate`` with
subqueries or conditional ``Count``), never Python loops over rows. The ledger's
覆盖情况汇总 sheet and the dashboard both call :func:`coverage_rows`, so the
two always agree for the same filters.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek

from campaigns.models import (
    Assignment,
    Campaign,
    Enterprise,
    EnterpriseStatusChange,
    UnionStatus,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
    successor_map,
)
from issues.models import WorkerIssue
from rollups.models import DayRollup, GroupRollup
from visits.models import PlannedVisit, Visit


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


def _days(campaign, start, end, **pinned):
    """The campaign's daily summaries in [start, end] (``rollups.DayRollup``), restricted by ``pinned``."""
    return _period(DayRollup.objects.filter(campaign=campaign, **pinned), "day", start, end)


def _met_counted_from_first_meetings(campaign, start) -> bool:
    """Distinct enterprises met in [start, end] are the first meetings up to ``end`` when nothing is cut at the start.

    With a later start an enterprise first met before it but met again inside
    counts, which the first-meeting days cannot tell: then the links are read.
    """
    return (
        start is None
        or start <= campaign.start_date
        and not Visit.objects.filter(campaign=campaign, date__lt=start).exists()
    )


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
    local date they were received. The queryset runs as one SQL query, and
    reads the daily summaries (``rollups``), not the visits and tickets: its
    cost does not grow with the history. Only ``enterprises_met`` of a period
    that starts after the campaign's first visits reads the visit–enterprise
    links (bounded by ``visit_coverage_idx`` on exactly that pair and period).
    """
    rows = Assignment.objects.filter(campaign=campaign).select_related("team__campaign", "unit", "campaign")
    if teams is not None:
        rows = rows.filter(team__in=teams)
    if units is not None:
        rows = rows.filter(unit__in=units)

    pair = {"team": OuterRef("team"), "unit": OuterRef("unit")}
    days = _days(campaign, start, end, **pair)
    group = ["team", "unit"]
    if _met_counted_from_first_meetings(campaign, start):
        enterprises_met = _scalar(days, group, Sum("enterprises_first_met"))
    else:
        visit_pair = {"visit__campaign": campaign, "visit__team": OuterRef("team"), "visit__unit": OuterRef("unit")}
        met = _period(Visit.enterprises.through.objects.filter(**visit_pair), "visit__date", start, end)
        enterprises_met = _scalar(met, ["visit__team", "visit__unit"], Count("enterprise", distinct=True))
    last_visit = days.filter(visits__gt=0).order_by("-day").values("day")[:1]
    return rows.annotate(
        visits=_scalar(days, group, Sum("visits")),
        last_visit_date=Subquery(last_visit),
        enterprises_met=enterprises_met,
        workers_reached=_scalar(days, group, Sum("workers_reached")),
        recruited=_scalar(days, group, Sum("recruited")),
        issues_open=_scalar(days, group, Sum(F("tickets_opened") - F("tickets_opened_closed"))),
        issues_closed=_scalar(days, group, Sum("tickets_opened_closed")),
    ).order_by("unit__sort_order", "unit__name")


@dataclass
class _TeamNames:
    """The teams of a summed row, printed like one team (``.name``)."""

    names: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return "、".join(self.names)

    def __str__(self):
        return self.name


@dataclass
class SuccessorRow:
    """Coverage rows of units that merged or split, summed under the unit they lead to today."""

    unit: UnionUnit
    team: _TeamNames = field(default_factory=_TeamNames)
    visits: int = 0
    last_visit_date: dt.date | None = None
    enterprises_met: int = 0
    workers_reached: int = 0
    recruited: int = 0
    issues_open: int = 0
    issues_closed: int = 0
    merged_from: list = field(default_factory=list)


SUMMED = ("visits", "enterprises_met", "workers_reached", "recruited", "issues_open", "issues_closed")


def group_by_successor(rows) -> list[SuccessorRow]:
    """ "按现单位汇总": coverage rows summed per ``UnionUnit.current_successor`` (one query for the links).

    Old records keep their unit; only the summary groups them. ``enterprises_met``
    adds the rows' distinct counts (an enterprise belongs to one unit at a time).
    """
    successors = successor_map()
    grouped: dict[int, SuccessorRow] = {}
    for r in rows:
        unit = successors.get(r.unit_id, r.unit)
        g = grouped.setdefault(unit.pk, SuccessorRow(unit=unit))
        if r.team.name not in g.team.names:
            g.team.names.append(r.team.name)
        for name in SUMMED:
            setattr(g, name, getattr(g, name) + getattr(r, name))
        if r.last_visit_date and (g.last_visit_date is None or r.last_visit_date > g.last_visit_date):
            g.last_visit_date = r.last_visit_date
        if r.unit_id != unit.pk:
            g.merged_from.append(r.unit)
    return sorted(grouped.values(), key=lambda g: (g.unit.sort_order, g.unit.name))


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
    issues = _period(WorkerIssue.objects.filter(**team), "received_at__date", start, end)
    assigned = Assignment.objects.filter(**team)
    rows = list(
        WorkTeam.objects.filter(pk__in=[t.pk for t in teams])
        .annotate(
            units_assigned=_scalar(assigned, ["team"], Count("pk")),
            # Overdue changes with the clock, not with a write: counted from the open tickets.
            issues_overdue=_scalar(issues.overdue(now), ["team"], Count("pk")),
        )
        .order_by("sort_order", "name")
    )
    team_ids = [t.pk for t in rows]
    # Grouped queries rather than a subquery per team: the planner reads a correlated count through the
    # team's plain index (a guess of a tenth of the rows), the grouped one through the covering index.
    plans = _period(
        PlannedVisit.objects.filter(campaign=campaign, team__in=team_ids, is_cancelled=False), "date", start, end
    )
    plan_counts = {
        r["team"]: r for r in plans.order_by().values("team").annotate(plans=Count("pk"), plans_done=Count("visit"))
    }
    sums = {
        r["team"]: r
        for r in _days(campaign, start, end, team__in=team_ids).order_by().values("team").annotate(**DAY_FIGURES)
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
    # Said here too, not only by Enterprise.objects: a record turned into a service site is no enterprise.
    enterprises = enterprises.filter(converted_at__isnull=True)
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

    Read from the daily summaries per group (``rollups.GroupRollup``).
    Returns ``(weeks, groups, table, totals, eight)``: sorted week starts, the
    group names (every group staff keep, in order), ``table[group][week] = count``,
    ``totals[group]`` and the set of names flagged 八大群体.
    """
    rows = (
        _period(GroupRollup.objects.filter(campaign=campaign, team__in=teams), "day", start, end)
        .annotate(week=TruncWeek("day"))
        .order_by()
        .values("group__name", "week")
        .annotate(total=Sum("recruited"))
    )
    flagged = list(WorkerGroup.objects.order_by("sort_order", "name").values_list("name", "is_eight_group"))
    groups = [name for name, _ in flagged]
    table = {g: {} for g in groups}
    weeks = set()
    for r in rows:
        week = r["week"].date() if hasattr(r["week"], "date") else r["week"]
        weeks.add(week)
        table.setdefault(r["group__name"], {})[week] = r["total"]
    weeks = week_range(weeks)
    totals = {g: sum(table[g].values()) for g in table}
    return weeks, list(table), table, totals, {name for name, eight in flagged if eight}


# --- outcomes of a campaign -------------------------------------------------------


def _forward_steps():
    """Q for a status step that moves an enterprise forward in the funnel (any number of stages)."""
    order = UnionStatus.values
    q = Q(pk__in=[])
    for i, before in enumerate(order):
        q |= Q(from_status=before, to_status__in=order[i + 1 :])
    return q


def _whole(qs, aggregate):
    """One aggregate over all of ``qs`` as a scalar subquery (0 when empty)."""
    inner = qs.order_by().annotate(_all=Value(1)).values("_all").annotate(value=aggregate).values("value")
    return Coalesce(Subquery(inner[:1], output_field=IntegerField()), Value(0), output_field=IntegerField())


def campaign_outcomes(campaign, *, teams, start=None, end=None):
    """What the campaign achieved inside its period (``start``/``end`` narrow it; never beyond it).

    Counted per step dated in the period, not from today's state, so enterprises
    that had a union before the campaign do not count as its success:

    - ``unions_founded``: enterprises of the teams' units with a step to 已建会 in the period,
    - ``moved_forward``: enterprises with at least one step forward in the funnel in the period,
    - ``recruited_at_visits`` / ``recruited_at_visits_eight``: members recruited at the teams'
      visits of the campaign in the period (all groups / the eight groups),
    - ``recruited_at_founding``: members who joined when those unions were founded,
    - ``recruited_total``: the two added,
    - ``tickets_opened`` / ``tickets_closed``: the teams' tickets of the campaign received /
      closed in the period (local dates).

    One query (a scalar subquery per figure on the campaign's row); recruitment at
    visits and tickets from the daily summaries (``rollups``).
    """
    first = max(filter(None, [start, campaign.start_date]))
    last = min(filter(None, [end, campaign.end_date]))
    team_ids = [t.pk for t in teams]
    units = Assignment.objects.filter(campaign=campaign, team__in=team_ids).values("unit")
    # A record since turned into a service site (outreach) made no union-building progress.
    steps = EnterpriseStatusChange.objects.filter(
        enterprise__unit__in=units, enterprise__converted_at__isnull=True, changed_on__range=(first, last)
    )
    founding = steps.filter(to_status=UnionStatus.ESTABLISHED)
    recruited = GroupRollup.objects.filter(campaign=campaign, team__in=team_ids, day__range=(first, last))
    days = DayRollup.objects.filter(campaign=campaign, team__in=team_ids, day__range=(first, last))
    figures = {
        "unions_founded": _whole(founding, Count("enterprise", distinct=True)),
        "moved_forward": _whole(steps.filter(_forward_steps()), Count("enterprise", distinct=True)),
        "recruited_at_founding": _whole(founding, Sum("members_joined")),
        "recruited_at_visits": _whole(recruited, Sum("recruited")),
        "recruited_at_visits_eight": _whole(recruited.filter(group__is_eight_group=True), Sum("recruited")),
        "tickets_opened": _whole(days, Sum("tickets_opened")),
        "tickets_closed": _whole(days, Sum("tickets_closed")),
    }
    row = Campaign.objects.filter(pk=campaign.pk).annotate(**figures).values(*figures).get()
    row["recruited_total"] = row["recruited_at_visits"] + row["recruited_at_founding"]
    return {"first": first, "last": last, **row}
