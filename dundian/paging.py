"""Lists that do not count a million rows (issue 15).

``paginate(request, queryset, per_page, keyset=…)`` returns a page with Django's
``Page`` interface (``number``, ``has_next``, ``object_list`` …) plus:

- **an honest count that stays cheap**: rows are counted exactly up to
  ``EXACT_COUNT_LIMIT`` (a ``COUNT(*)`` over at most that many rows); above it, on
  PostgreSQL, the count is the planner's estimate (``pg_class.reltuples`` for a
  whole table, ``EXPLAIN`` for a filtered list) and the page says "约 N 条"
  (``count_is_estimate``). A list filtered below the limit is counted exactly.
- **keyset pages**: "下一页" / "上一页" carry the last / first row's sort key
  (``after`` / ``before``), so page 500 reads 25 rows from an index instead of
  skipping 12 475. The ``keyset`` is the list's ordering, unique, every part
  descending (``("-received_at", "-id")``).
- **bounded OFFSET**: a typed ``?page=N`` without a cursor is served by OFFSET up to
  ``MAX_OFFSET_PAGE`` (page numbers beyond are shown as that page); deeper pages
  are reached through the cursors.
"""

import json
import math

from django.db import connection
from django.db.models import Q

EXACT_COUNT_LIMIT = 10_000
MAX_OFFSET_PAGE = 100


def _table_estimate(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return max(int(row[0]), 0) if row else 0


def _planner_estimate(queryset) -> int:
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def count_rows(queryset) -> tuple[int, bool]:
    """(count, is_estimate) of ``queryset``: exact below EXACT_COUNT_LIMIT, else an estimate on PostgreSQL."""
    # A bounded count first: it reads at most EXACT_COUNT_LIMIT + 1 index entries, and a short
    # list needs no second query.
    bounded = queryset.order_by()[: EXACT_COUNT_LIMIT + 1].count()
    if bounded <= EXACT_COUNT_LIMIT:
        return bounded, False
    if connection.vendor != "postgresql":
        return queryset.count(), False  # SQLite: the embedded default, never a city's data
    estimate = _table_estimate(queryset.model) if not queryset.query.where else _planner_estimate(queryset)
    return max(estimate, bounded), True


class ListPaginator:
    def __init__(self, queryset, per_page, count, is_estimate):
        self.per_page = per_page
        self.count = count
        self.count_is_estimate = is_estimate
        self.num_pages = max(1, math.ceil(count / per_page))


class ListPage:
    def __init__(self, rows, number, paginator, has_next, keyset=None):
        self.object_list = rows
        self.number = number
        self.paginator = paginator
        self._has_next = has_next
        self.next_cursor = self.previous_cursor = ""
        if keyset and rows:
            self.next_cursor = _encode(rows[-1], keyset) if has_next else ""
            self.previous_cursor = _encode(rows[0], keyset) if number > 1 else ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def _fields(keyset):
    return [name.lstrip("-") for name in keyset]


def _encode(row, keyset) -> str:
    return json.dumps([str(getattr(row, name)) for name in _fields(keyset)], separators=(",", ":"))


def _decode(model, keyset, text):
    try:
        values = json.loads(text)
        fields = [model._meta.get_field("id" if n == "pk" else n) for n in _fields(keyset)]
        if len(values) != len(fields):
            return None
        return [f.to_python(v) for f, v in zip(fields, values, strict=True)]
    except (ValueError, TypeError, LookupError, Exception):  # a hand-edited cursor: start over
        return None


def _beyond(keyset, values, *, after: bool) -> Q:
    """Rows after (or before) ``values`` in the (all-descending) keyset order."""
    names = _fields(keyset)
    op = "lt" if after else "gt"
    condition = Q()
    for i, name in enumerate(names):
        step = Q(**{f"{names[j]}": values[j] for j in range(i)}) & Q(**{f"{name}__{op}": values[i]})
        condition |= step
    # The first key bounded on its own too: an index condition where the scan starts, not a filter.
    return Q(**{f"{names[0]}__{op}e": values[0]}) & condition


def _page_number(text) -> int:
    try:
        return max(1, int(text))
    except (TypeError, ValueError):
        return 1


def paginate(request, queryset, per_page, *, keyset=None, count=True):
    """The page of ``queryset`` the request asks for (see the module docstring)."""
    number = _page_number(request.GET.get("page"))
    total, is_estimate = count_rows(queryset) if count else (0, True)
    paginator = ListPaginator(queryset, per_page, total, is_estimate)
    after, before = request.GET.get("after"), request.GET.get("before")
    cursor = _decode(queryset.model, keyset, after or before) if keyset and (after or before) else None
    if cursor is not None and number > 1:
        if after:
            rows = list(queryset.filter(_beyond(keyset, cursor, after=True))[: per_page + 1])
            has_next = len(rows) > per_page
            rows = rows[:per_page]
        else:
            reverse = [name.lstrip("-") for name in keyset]
            rows = list(queryset.filter(_beyond(keyset, cursor, after=False)).order_by(*reverse)[:per_page])
            rows.reverse()
            has_next = True
        return ListPage(rows, number, paginator, has_next, keyset)
    number = min(number, MAX_OFFSET_PAGE)
    if not is_estimate:
        number = min(number, paginator.num_pages)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    has_next = len(rows) > per_page
    return ListPage(rows[:per_page], number, paginator, has_next, keyset)


def paginate_parts(request, parts, per_page):
    """A page of several querysets shown one after the other (each in its own index order), by OFFSET.

    For lists whose order is "these first, then those" (the work plan): no
    ``ORDER BY CASE`` over the whole table. Counted like ``paginate``.
    """
    number = min(_page_number(request.GET.get("page")), MAX_OFFSET_PAGE)
    counts = [count_rows(part) for part in parts]
    total = sum(c for c, _ in counts)
    paginator = ListPaginator(None, per_page, total, any(e for _, e in counts))
    if not paginator.count_is_estimate:
        number = min(number, paginator.num_pages)
    start, wanted, rows = (number - 1) * per_page, per_page + 1, []
    for index, (part, (count, estimate)) in enumerate(zip(parts, counts, strict=True)):
        if wanted <= 0:
            break
        if not estimate and start >= count:
            start -= count
            continue
        got = list(part[start : start + wanted])
        for row in got:
            row.list_part = index  # which part a row came from (the page's group headings)
        rows += got
        wanted -= len(got)
        start = 0
    return ListPage(rows[:per_page], number, paginator, len(rows) > per_page)
