"""SQL building blocks of the read side's figures (dashboard, ledger summary, API aggregates).

Every figure is a SQL aggregate over the daily summaries (``rollups``) or over
an index that serves exactly its query, never a Python loop over rows: these
helpers put a period on a queryset and turn a grouped aggregate into a scalar
subquery, so each figure costs a fixed number of queries whatever the data.
"""

import datetime as dt

from django.db.models import IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from rollups.models import DayRollup


def within(qs, field, start, end):
    """Restrict ``qs`` to ``start <= field <= end`` (dates; either bound optional)."""
    if start is not None:
        qs = qs.filter(**{f"{field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def grouped_scalar(qs, group_fields, aggregate, default=0):
    """One aggregate of ``qs`` grouped by ``group_fields`` (already pinned by OuterRef) as a subquery."""
    inner = qs.order_by().values(*group_fields).annotate(value=aggregate).values("value")[:1]
    return Coalesce(Subquery(inner, output_field=IntegerField()), Value(default), output_field=IntegerField())


def daily_summaries(campaign, start, end, **pinned):
    """The campaign's daily summaries in [start, end] (``rollups.DayRollup``), restricted by ``pinned``."""
    return within(DayRollup.objects.filter(campaign=campaign, **pinned), "day", start, end)


def whole_scalar(qs, aggregate):
    """One aggregate over all of ``qs`` as a scalar subquery (0 when empty)."""
    inner = qs.order_by().annotate(_all=Value(1)).values("_all").annotate(value=aggregate).values("value")
    return Coalesce(Subquery(inner[:1], output_field=IntegerField()), Value(0), output_field=IntegerField())


def week_range(weeks):
    """Every Monday from the first to the last of ``weeks`` (so a chart shows quiet weeks as 0)."""
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
