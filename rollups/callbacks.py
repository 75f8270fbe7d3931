"""The callback figures of the daily summaries: answers recorded within the callback window, by closing day.

A ticket closed on day c is due for a satisfaction callback until the end of
the ``ISSUE_CALLBACK_WORKDAYS``-th working day after c (``issues.rates``); an
answer recorded later counts as not satisfied. The window's last day depends on
the working-day calendar, so a calendar change (``workdays.signals.calendar_changed``)
recomputes these two figures for every closing day whose window it can reach
(:func:`on_calendar_changed`), without touching the other figures.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from issues.models import Satisfaction, WorkerIssue
from workdays.services import add_workdays_each

from .models import DayRollup

FIGURES = ("callbacks_in_window", "satisfied_in_window")
# How far before a changed calendar day a closing day's window can start: the window's working
# days plus the longest run of days off in a Chinese year (the Spring Festival's 8–9) and margin.
REACH_DAYS = 45


def callback_figures(closed_q: Q) -> dict:
    """{(campaign, team, unit, closing day): {figure: n}} for the tickets ``closed_q`` selects (closed ones).

    One query grouped by closing day and answer day, then each group checked
    against its closing day's window (one calendar query).
    """
    tz = timezone.get_current_timezone()
    rows = list(
        WorkerIssue.objects.filter(closed_q, closed_at__isnull=False, satisfaction_at__isnull=False)
        .exclude(satisfaction="")
        .order_by()
        .values(
            "campaign_id",
            "team_id",
            "unit_id",
            closed_day=TruncDate("closed_at", tzinfo=tz),
            answered_day=TruncDate("satisfaction_at", tzinfo=tz),
        )
        .annotate(
            called=Count("pk"),
            satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        )
    )
    if not rows:
        return {}
    days = [r["closed_day"] for r in rows]
    windows = add_workdays_each(min(days), max(days), settings.ISSUE_CALLBACK_WORKDAYS)
    result = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    for r in rows:
        if r["answered_day"] > windows[r["closed_day"]]:
            continue  # recorded after the window: counts as not satisfied
        figures = result[(r["campaign_id"], r["team_id"], r["unit_id"], r["closed_day"])]
        figures["callbacks_in_window"] += r["called"]
        figures["satisfied_in_window"] += r["satisfied"]
    return dict(result)


def refresh_callbacks(first: dt.date, last: dt.date) -> int:
    """Recompute the callback figures of every summary row of the closing days [first, last]; returns the rows changed.

    A ticket closed on a day has its row (``tickets_closed`` > 0), so only
    existing rows change, written back in batches.
    """
    lo = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    with transaction.atomic():
        figures = callback_figures(Q(closed_at__gte=lo, closed_at__lt=hi))
        changed = []
        for row in DayRollup.objects.filter(day__gte=first, day__lte=last).only(
            "pk", *FIGURES, "campaign", "team", "unit", "day"
        ):
            values = figures.get((row.campaign_id, row.team_id, row.unit_id, row.day), dict.fromkeys(FIGURES, 0))
            if any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        DayRollup.objects.bulk_update(changed, FIGURES, batch_size=1000)
    return len(changed)


def on_calendar_changed(sender, *, dates, years, **kwargs):
    """The receiver of ``calendar_changed``: the closing days whose window the changed days can reach."""
    ranges = [(d - dt.timedelta(days=REACH_DAYS), d) for d in dates]
    ranges += [(dt.date(y, 1, 1) - dt.timedelta(days=REACH_DAYS), dt.date(y, 12, 31)) for y in years]
    for first, last in ranges:
        refresh_callbacks(first, last)
