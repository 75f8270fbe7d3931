"""The three rates of a period from the daily summaries: the same figures as ``issues.rates``, read in days.

``issues.rates.rates_by_team`` reads every ticket whose deadline or closing
falls in the period — for a campaign to date, every ticket of the campaign. Here
the period [start, end] is cut at today:

- the days before today are summed from ``DayRollup`` (one grouped query):
  every deadline of those days has passed, so each ticket counts on one day per
  figure — response by its response deadline's day, the resolution numerator and
  the callbacks by its closing day, and the resolution denominator as the
  tickets closed in those days plus those whose deadline fell in them and that
  are still open (``resolution_open``);
- today and later are counted from the tickets, as ``issues.rates`` does, over
  a period that only holds today's closings and the deadlines from today on
  (bounded by the deadline and closing indexes);
- a period that ended before today also counts the tickets whose deadline fell
  in it and that were closed (late) after it: one query over the closings after
  the period (``issue_rollup_closed_idx`` when the tickets are one campaign's).

Each part counts disjoint tickets (a ticket closed late today whose deadline was
earlier counts once, among today's closings), so the parts add up
(``issues.rates.combined``). The property test (tests/rollups) checks that the
result equals ``issues.rates`` after random sequences of writes, time passing
and calendar changes.

``rollup_rows`` and ``tickets`` must select the same tickets' summaries and
tickets (the same campaign, teams and visibility rule).
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from issues import rates as raw

_SUMS = {
    "response_d": Sum("response_due"),
    "response_n": Sum("responded_on_time"),
    "resolution_n": Sum("tickets_closed_solved"),
    "resolution_d": Sum(F("tickets_closed") + F("resolution_open")),
}


def _empty():
    return {"response_n": 0, "response_d": 0, "resolution_n": 0, "resolution_d": 0, "satisfaction_d": 0}


def _past_days(rollup_rows, start, end, now, workdays) -> tuple[dict, dict]:
    """({team: counts}, {team: (callbacks, satisfied)}) of the days [start, end], all before today."""
    windows = raw.callback_windows(start, end, now, workdays)[1]
    sums = dict(_SUMS)
    if windows:
        due = Q(day__lte=max(windows))
        sums |= {
            "satisfaction_d": Sum("tickets_closed", filter=due),
            "called": Sum("callbacks_in_window", filter=due),
            "satisfied": Sum("satisfied_in_window", filter=due),
        }
    rows = rollup_rows.filter(day__gte=start, day__lte=end).order_by().values("team_id").annotate(**sums)
    counts, callbacks = {}, {}
    for row in rows:
        counts[row["team_id"]] = {name: row.get(name) or 0 for name in _empty()}
        callbacks[row["team_id"]] = (row.get("called") or 0, row.get("satisfied") or 0)
    return counts, callbacks


def _late_after(tickets, start, end) -> dict:
    """{team: tickets whose resolution deadline fell in [start, end] and that were closed after it}."""
    lo, hi = raw.period_bounds(start, end)
    rows = (
        tickets.filter(closed_at__gte=hi, resolution_due__gte=lo, resolution_due__lt=hi)
        .order_by()
        .values("team_id")
        .annotate(n=Count("pk"))
    )
    return {row["team_id"]: row["n"] for row in rows}


def rates_by_team(rollup_rows, tickets, start: dt.date, end: dt.date, weights=None, *, now=None) -> dict:
    """{team_id: Rates} as ``issues.rates.rates_by_team(tickets, …)``, for teams with something to count.

    At most four queries (plus the weights when not given and one calendar
    query per part), none of which reads the period's tickets day by day.
    """
    now = now or timezone.now()
    workdays = settings.ISSUE_CALLBACK_WORKDAYS
    w = raw.weights_tuple(weights)
    today = timezone.localdate(now)
    yesterday = today - dt.timedelta(days=1)
    parts = defaultdict(list)

    if start <= min(end, yesterday):
        counts, callbacks = _past_days(rollup_rows, start, min(end, yesterday), now, workdays)
        if end < today:
            for team, n in _late_after(tickets, start, end).items():
                counts.setdefault(team, _empty())["resolution_d"] += n
        for team, team_counts in counts.items():
            parts[team].append(raw.rates_from_counts(team_counts, callbacks.get(team, (0, 0)), w, workdays))
    if max(start, today) <= end:
        for team, rates in raw.rates_by_team(tickets, max(start, today), end, w, now=now).items():
            parts[team].append(rates)

    result = {team: raw.combined(team_parts, w) for team, team_parts in parts.items()}
    return {team: rates for team, rates in result.items() if _counts_something(rates)}


def _counts_something(rates) -> bool:
    return bool(rates.response_denominator or rates.resolution_denominator or rates.satisfaction_denominator)


def compute_rates(rollup_rows, tickets, start: dt.date, end: dt.date, weights=None, *, now=None):
    """The rates of all of them together (each ticket has one team, so the teams' counts add up)."""
    w = raw.weights_tuple(weights)
    return raw.combined(rates_by_team(rollup_rows, tickets, start, end, w, now=now).values(), w)
