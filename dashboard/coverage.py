"""Coverage of a campaign per unit and team: the dashboard's tiles and the ledger's 覆盖情况汇总.

The ledger's sheet, the dashboard and the API all call :func:`coverage_rows`,
so they always agree for the same filters.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Subquery, Sum

from campaigns.models import Assignment, UnionUnit, successor_map
from visits.models import Visit

from .aggregates import daily_summaries, grouped_scalar, within


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
    days = daily_summaries(campaign, start, end, **pair)
    group = ["team", "unit"]
    if _met_counted_from_first_meetings(campaign, start):
        enterprises_met = grouped_scalar(days, group, Sum("enterprises_first_met"))
    else:
        visit_pair = {"visit__campaign": campaign, "visit__team": OuterRef("team"), "visit__unit": OuterRef("unit")}
        met = within(Visit.enterprises.through.objects.filter(**visit_pair), "visit__date", start, end)
        enterprises_met = grouped_scalar(met, ["visit__team", "visit__unit"], Count("enterprise", distinct=True))
    last_visit = days.filter(visits__gt=0).order_by("-day").values("day")[:1]
    return rows.annotate(
        visits=grouped_scalar(days, group, Sum("visits")),
        last_visit_date=Subquery(last_visit),
        enterprises_met=enterprises_met,
        workers_reached=grouped_scalar(days, group, Sum("workers_reached")),
        recruited=grouped_scalar(days, group, Sum("recruited")),
        issues_open=grouped_scalar(days, group, Sum(F("tickets_opened") - F("tickets_opened_closed"))),
        issues_closed=grouped_scalar(days, group, Sum("tickets_opened_closed")),
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
