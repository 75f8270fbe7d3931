"""The rates of 接诉即办 and the weighted score (DESIGN.md §4), defined once.

Every rate, on the issue list, the dashboard, the weekly digest and the
ledger, comes from here. All rates are counted against the tickets *due* in a
period [start, end] (local dates, both inclusive), never against all tickets
received, and each ticket due in the period is counted once:

- 响应率 response rate = tickets responded within their response deadline
  / tickets whose response deadline fell in the period (and has passed, or
  the ticket was already responded — a deadline still ahead is not yet due);
- 解决率 resolution rate = tickets closed as solved in the period
  / tickets closed in the period, or whose resolution deadline passed in the
  period while they were still open;
- 满意率 satisfaction rate = (满意 + 基本满意 recorded within the callback
  window) / tickets due for a callback: closed in the period and past their
  callback window (``settings.ISSUE_CALLBACK_WORKDAYS`` working days after
  closing, end of that day). A callback not recorded in the window counts as
  not satisfied, so skipping callbacks can never raise a rate;
- 回访率 callback rate = callbacks recorded within the window / the same
  tickets due for a callback (shown beside 满意率, not part of the score);
- 综合得分 score = the weighted mean of the three rates with the weights
  staff keep in ``RateWeights`` (30/35/35 by default), computed from the
  exact fractions and rounded once, for display.

A rate whose denominator is 0 is ``None`` (shown as "—", never 0%), and the
score is ``None`` when any rate that carries a weight is ``None``: a missing
rate is never dropped and the others scaled up.
Everything is counted in the database with conditional ``Count``: one query
for the working-day calendar, one for the counts and one for the callbacks
grouped by closing and answer day, plus one for the weights unless they are
passed in. No query grows with the length of the period.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from workdays.services import add_workdays_each

from .models import ClosingKind, RateWeights, Satisfaction

RESPONSE_FORMULA = "响应率 = 按时响应的工单数 ÷ 本期应响应的工单数（响应时限在本期内）"
RESOLUTION_FORMULA = "解决率 = 本期办结且已解决的工单数 ÷ 本期办结或办结时限已过仍未办结的工单数"

ONE_PLACE = Decimal("0.1")
NO_RATE = "—"


def satisfaction_formula(workdays: int | None = None) -> str:
    n = settings.ISSUE_CALLBACK_WORKDAYS if workdays is None else workdays
    return (
        "满意率 =（回访期内答复满意 + 基本满意的工单数）÷ 本期应回访的工单数"
        f"（本期办结且办结后{n}个工作日的回访期已过；期内未回访的按不满意计）"
    )


def callback_formula(workdays: int | None = None) -> str:
    n = settings.ISSUE_CALLBACK_WORKDAYS if workdays is None else workdays
    return f"回访率 = 回访期内已回访的工单数 ÷ 本期应回访的工单数（回访期：办结后{n}个工作日）"


def _round(value: Fraction) -> Decimal:
    """Round an exact value once, half up, to one decimal."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _fraction(numerator: int, denominator: int) -> Fraction | None:
    return None if not denominator else Fraction(100 * numerator, denominator)


def format_rate(value: Decimal | None) -> str:
    """ "66.7%" or "—" for a rate that has no denominator."""
    return NO_RATE if value is None else f"{value}%"


def format_score(value: Decimal | None) -> str:
    """ "66.3" or "—" when a rate of the score has nothing to count."""
    return NO_RATE if value is None else f"{value}"


@dataclass(frozen=True)
class Rates:
    """The rates of one set of tickets over one period.

    ``*_numerator`` / ``*_denominator`` are the counts; ``*_rate`` and
    ``score`` are percentages rounded once to one decimal for display (the
    score is computed from the exact fractions, not from the rounded rates).
    """

    response_numerator: int
    response_denominator: int
    resolution_numerator: int
    resolution_denominator: int
    satisfaction_numerator: int
    satisfaction_denominator: int  # tickets due for a callback
    callback_numerator: int  # callbacks recorded within the window (denominator: satisfaction_denominator)
    weights: tuple[int, int, int]
    callback_workdays: int

    # -- exact values ------------------------------------------------------
    @property
    def exact_rates(self) -> tuple[Fraction | None, Fraction | None, Fraction | None]:
        return (
            _fraction(self.response_numerator, self.response_denominator),
            _fraction(self.resolution_numerator, self.resolution_denominator),
            _fraction(self.satisfaction_numerator, self.satisfaction_denominator),
        )

    @property
    def exact_score(self) -> Fraction | None:
        """The weighted mean of the unrounded rates; None when a weighted rate has nothing to count."""
        total = sum(self.weights)
        if not total:
            return None
        value = Fraction(0)
        for rate, weight in zip(self.exact_rates, self.weights, strict=True):
            if not weight:
                continue
            if rate is None:
                return None
            value += rate * weight
        return value / total

    # -- rounded once, for display -------------------------------------------
    @property
    def response_rate(self) -> Decimal | None:
        return self._shown(self.response_numerator, self.response_denominator)

    @property
    def resolution_rate(self) -> Decimal | None:
        return self._shown(self.resolution_numerator, self.resolution_denominator)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return self._shown(self.satisfaction_numerator, self.satisfaction_denominator)

    @property
    def callback_rate(self) -> Decimal | None:
        return self._shown(self.callback_numerator, self.satisfaction_denominator)

    @property
    def score(self) -> Decimal | None:
        exact = self.exact_score
        return None if exact is None else _round(exact)

    @staticmethod
    def _shown(numerator, denominator):
        value = _fraction(numerator, denominator)
        return None if value is None else _round(value)

    @property
    def nothing_due(self) -> bool:
        """No ticket was due for any of the rates in the period."""
        return not (self.response_denominator or self.resolution_denominator or self.satisfaction_denominator)

    # -- formulas ------------------------------------------------------------
    response_formula = RESPONSE_FORMULA
    resolution_formula = RESOLUTION_FORMULA

    @property
    def satisfaction_formula(self) -> str:
        return satisfaction_formula(self.callback_workdays)

    @property
    def callback_formula(self) -> str:
        return callback_formula(self.callback_workdays)

    @property
    def score_formula(self) -> str:
        w1, w2, w3 = self.weights
        return (
            f"综合得分 = 响应率×{w1}% + 解决率×{w2}% + 满意率×{w3}%"
            "（按未取整的比率计算，结果保留一位小数；任一比率为“—”时得分也为“—”）"
        )

    @property
    def score_formula_short(self) -> str:
        w1, w2, w3 = self.weights
        return f"= 响应率×{w1}% + 解决率×{w2}% + 满意率×{w3}%"

    def rows(self):
        """(label, rate, "n/d", formula) rows for templates: the three rates, then 回访率."""
        return [
            (
                "响应率",
                self.response_rate,
                f"{self.response_numerator}/{self.response_denominator}",
                self.response_formula,
            ),
            (
                "解决率",
                self.resolution_rate,
                f"{self.resolution_numerator}/{self.resolution_denominator}",
                self.resolution_formula,
            ),
            (
                "满意率",
                self.satisfaction_rate,
                f"{self.satisfaction_numerator}/{self.satisfaction_denominator}",
                self.satisfaction_formula,
            ),
            (
                "回访率",
                self.callback_rate,
                f"{self.callback_numerator}/{self.satisfaction_denominator}",
                self.callback_formula,
            ),
        ]

    def summary(self, period_label: str = "本期") -> str:
        """One line of text for the digest: every rate with its count, or plainly that nothing was due."""
        if self.nothing_due:
            return f"{period_label}没有到期应考核的工单（无应响应、应办结或应回访的工单），不计算比率和综合得分。"
        return (
            f"响应率 {format_rate(self.response_rate)}（{self.response_numerator}/{self.response_denominator}），"
            f"解决率 {format_rate(self.resolution_rate)}（{self.resolution_numerator}/{self.resolution_denominator}），"
            f"满意率 {format_rate(self.satisfaction_rate)}"
            f"（{self.satisfaction_numerator}/{self.satisfaction_denominator}），"
            f"回访率 {format_rate(self.callback_rate)}（{self.callback_numerator}/{self.satisfaction_denominator}），"
            f"综合得分 {format_score(self.score)}。"
        )


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, day after end 00:00) in local time, as aware datetimes."""
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return lo, hi


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def callback_windows(start: dt.date, end: dt.date, now: dt.datetime, workdays: int):
    """(due, windows): the tickets due for a callback in [start, end], and each closing day's last callback day.

    ``due`` is a Q for the tickets closed in the period whose callback window
    (to the end of the ``workdays``-th working day after the closing day) had
    ended by ``now``. The window's end only grows with the closing day, so the
    due closings are those before one cut-off. ``windows`` maps each of those
    closing days (local dates) to the last day a callback counts. One calendar query.
    """
    lo, _hi = period_bounds(start, end)
    # A window ends at the end of a working day on or after its closing day, so only days before
    # today can have ended by now: a period from today on has none, and needs no calendar.
    last = min(end, timezone.localdate(now) - dt.timedelta(days=1))
    windows = {}
    for day, window_day in sorted(add_workdays_each(start, last, workdays).items()):
        if _end_of_day(window_day) >= now:
            break
        windows[day] = window_day
    cutoff = period_bounds(max(windows), max(windows))[1] if windows else lo
    return Q(closed_at__gte=lo, closed_at__lt=cutoff), windows


def _counted(start: dt.date, end: dt.date) -> Q:
    """Every ticket any rate of [start, end] counts: its response or resolution deadline, or its closing, falls in it.

    Implied by each conditional count below (and by ``callback_due``, whose
    cut-off is never after the period's end), so filtering by it first changes
    no figure; it lets the database read only those tickets, through the
    indexes on (campaign, response_due / resolution_due / closed_at)
    (``issue_rollup_*_idx``), instead of every ticket of the campaign.
    """
    lo, hi = period_bounds(start, end)
    return (
        Q(response_due__gte=lo, response_due__lt=hi)
        | Q(closed_at__gte=lo, closed_at__lt=hi)
        | Q(resolution_due__gte=lo, resolution_due__lt=hi)
    )


def _count_expressions(start: dt.date, end: dt.date, now: dt.datetime, callback_due: Q) -> dict:
    lo, hi = period_bounds(start, end)
    # A deadline is "due" in the period once it has passed (or the ticket was handled before it).
    due_hi = min(hi, now)

    response_due = Q(response_due__gte=lo, response_due__lt=hi) & (
        Q(response_due__lt=due_hi) | Q(responded_at__isnull=False)
    )
    response_ok = response_due & Q(responded_at__isnull=False, responded_at__lte=F("response_due"))

    closed_in_period = Q(closed_at__gte=lo, closed_at__lt=hi)
    deadline_passed_open = Q(resolution_due__gte=lo, resolution_due__lt=due_hi) & (
        Q(closed_at__isnull=True) | Q(closed_at__gt=F("resolution_due"))
    )
    resolution_due = closed_in_period | deadline_passed_open
    resolution_ok = closed_in_period & Q(closing_kind=ClosingKind.SOLVED)
    return {
        "response_n": Count("pk", filter=response_ok),
        "response_d": Count("pk", filter=response_due),
        "resolution_n": Count("pk", filter=resolution_ok),
        "resolution_d": Count("pk", filter=resolution_due),
        "satisfaction_d": Count("pk", filter=callback_due),
    }


def _callbacks(issues_qs, callback_due: Q, windows: dict, group: list[str]) -> dict:
    """{group values: (callbacks in the window, 满意 + 基本满意 in the window)} over the due tickets.

    One query grouped by closing day and answer day (local dates), so its size
    does not depend on the length of the period; each group is then checked
    against its closing day's window.
    """
    result = {}
    if not windows:
        return result
    tz = timezone.get_current_timezone()
    rows = (
        issues_qs.order_by()
        .filter(callback_due)
        .exclude(satisfaction="")
        .values(
            *group,
            closed_day=TruncDate("closed_at", tzinfo=tz),
            answered_day=TruncDate("satisfaction_at", tzinfo=tz),
        )
        .annotate(
            called=Count("pk"),
            satisfied=Count("pk", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])),
        )
    )
    for row in rows:
        window_day = windows.get(row["closed_day"])
        if window_day is None or row["answered_day"] is None or row["answered_day"] > window_day:
            continue  # recorded after the window: counts as not satisfied
        key = tuple(row[g] for g in group)
        called, satisfied = result.get(key, (0, 0))
        result[key] = (called + row["called"], satisfied + row["satisfied"])
    return result


def weights_tuple(weights) -> tuple[int, int, int]:
    if weights is None:
        weights = RateWeights.current()
    if isinstance(weights, RateWeights):
        return (weights.response_weight, weights.resolution_weight, weights.satisfaction_weight)
    return tuple(weights)


def rates_from_counts(counts: dict, callbacks: tuple[int, int], weights: tuple[int, int, int], workdays: int) -> Rates:
    return Rates(
        response_numerator=counts["response_n"],
        response_denominator=counts["response_d"],
        resolution_numerator=counts["resolution_n"],
        resolution_denominator=counts["resolution_d"],
        satisfaction_numerator=callbacks[1],
        satisfaction_denominator=counts["satisfaction_d"],
        callback_numerator=callbacks[0],
        weights=weights,
        callback_workdays=workdays,
    )


def compute_rates(issues_qs, start: dt.date, end: dt.date, weights=None, *, now=None) -> Rates:
    """The rates of ``issues_qs`` (any WorkerIssue queryset, already scoped) over [start, end].

    ``weights``: a ``RateWeights``, a (response, resolution, satisfaction)
    tuple, or None to read the staff setting. ``now`` (default: the current
    time) decides which deadlines and callback windows of a period still
    running have passed. Three queries (the calendar, the counts, the
    callbacks by day), plus one for the weights when not given.
    """
    now = now or timezone.now()
    workdays = settings.ISSUE_CALLBACK_WORKDAYS
    callback_due, windows = callback_windows(start, end, now, workdays)
    counts = (
        issues_qs.filter(_counted(start, end)).order_by().aggregate(**_count_expressions(start, end, now, callback_due))
    )
    callbacks = _callbacks(issues_qs, callback_due, windows, []).get((), (0, 0))
    return rates_from_counts(counts, callbacks, weights_tuple(weights), workdays)


def combined(parts, weights) -> Rates:
    """The rates of several disjoint sets of tickets (e.g. the values of ``rates_by_team``), by adding their counts.

    Each ticket belongs to one team, so the per-team counts add up to the
    overall ones exactly; no query.
    """
    parts = list(parts)
    counts = {
        "response_n": sum(p.response_numerator for p in parts),
        "response_d": sum(p.response_denominator for p in parts),
        "resolution_n": sum(p.resolution_numerator for p in parts),
        "resolution_d": sum(p.resolution_denominator for p in parts),
        "satisfaction_d": sum(p.satisfaction_denominator for p in parts),
    }
    callbacks = (sum(p.callback_numerator for p in parts), sum(p.satisfaction_numerator for p in parts))
    return rates_from_counts(counts, callbacks, weights_tuple(weights), settings.ISSUE_CALLBACK_WORKDAYS)


def rates_by_team(issues_qs, start: dt.date, end: dt.date, weights=None, *, now=None) -> dict[int, Rates]:
    """{team_id: Rates} for every team that has tickets in ``issues_qs``: the same three queries, grouped by team.

    Teams without any ticket are absent; callers show "—" for them.
    """
    now = now or timezone.now()
    workdays = settings.ISSUE_CALLBACK_WORKDAYS
    w = weights_tuple(weights)
    callback_due, windows = callback_windows(start, end, now, workdays)
    rows = (
        issues_qs.filter(_counted(start, end))
        .order_by()
        .values("team_id")
        .annotate(**_count_expressions(start, end, now, callback_due))
    )
    callbacks = _callbacks(issues_qs, callback_due, windows, ["team_id"])
    return {
        row["team_id"]: rates_from_counts(row, callbacks.get((row["team_id"],), (0, 0)), w, workdays) for row in rows
    }
