"""Figures of the read side (dashboard, ledger summary), computed in the database.

Every function here answers with a bounded number of queries whatever the
amount of data: counts and sums are SQL aggregates (``annotate`` with
subqueries or conditional ``Count``), never Python loops over rows. The ledger's
覆盖情况汇总 sheet and the dashboard both call :func:`coverage_rows`, so the
two always agree for the same filters.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from campaigns.models import Assignment
from issues.models import Status, WorkerIssue
from visits.models import Recruitment, Visit


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
    rows = Assignment.objects.filter(campaign=campaign).select_related("team", "unit", "campaign")
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
