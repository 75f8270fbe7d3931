"""The three rates of 接诉即办 and the weighted score (DESIGN.md §4), defined once.

All rates are counted against the tickets *due* in a period [start, end]
(local dates, both inclusive), never against all tickets received:

- 响应率 response rate = tickets responded within their response deadline
  / tickets whose response deadline fell in the period (and has passed, or
  the ticket was already responded — a deadline still ahead is not yet due);
- 解决率 resolution rate = tickets closed as solved in the period
  / tickets closed in the period, or whose resolution deadline passed in the
  period while they were still open;
- 满意率 satisfaction rate = (满意 + 基本满意) / tickets whose satisfaction
  answer was recorded in the period;
- 综合得分 score = the weighted mean of the rates that exist, with the weights
  staff keep in ``RateWeights`` (30/35/35 by default); a rate with an empty
  denominator is left out and the other weights are scaled up. No rate at all
  → no score.

A rate whose denominator is 0 is ``None`` (shown as "—", never 0%).
Everything is counted in the database with conditional ``Count``: one query
for the counts, plus one for the weights unless they are passed in.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from .models import ClosingKind, RateWeights, Satisfaction

RESPONSE_FORMULA = "响应率 = 按时响应的工单数 ÷ 本期应响应的工单数（响应时限在本期内）"
RESOLUTION_FORMULA = "解决率 = 本期办结且已解决的工单数 ÷ 本期办结或办结时限已过仍未办结的工单数"
SATISFACTION_FORMULA = "满意率 =（满意 + 基本满意）÷ 本期回访有满意度答复的工单数"

ONE_PLACE = Decimal("0.1")


def _pct(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    """ "66.7%" or "—" for a rate that has no denominator."""
    return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class Rates:
    """The rates of one set of tickets over one period. Rates are percentages (0–100, one decimal)."""

    response_numerator: int
    response_denominator: int
    resolution_numerator: int
    resolution_denominator: int
    satisfaction_numerator: int
    satisfaction_denominator: int
    response_rate: Decimal | None
    resolution_rate: Decimal | None
    satisfaction_rate: Decimal | None
    score: Decimal | None
    weights: tuple[int, int, int]
    response_formula: str = RESPONSE_FORMULA
    resolution_formula: str = RESOLUTION_FORMULA
    satisfaction_formula: str = SATISFACTION_FORMULA

    @property
    def score_formula(self) -> str:
        w1, w2, w3 = self.weights
        return f"综合得分 = 响应率×{w1}% + 解决率×{w2}% + 满意率×{w3}%（某项无数据时不计入，按其余权重折算）"

    def rows(self):
        """(label, rate, "n/d", formula) rows for templates."""
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
        ]


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, day after end 00:00) in local time, as aware datetimes."""
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return lo, hi


def _count_expressions(start: dt.date, end: dt.date, now: dt.datetime) -> dict:
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

    answered = Q(satisfaction_at__gte=lo, satisfaction_at__lt=hi) & ~Q(satisfaction="")
    satisfied = answered & Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY])
    return {
        "response_n": Count("pk", filter=response_ok),
        "response_d": Count("pk", filter=response_due),
        "resolution_n": Count("pk", filter=resolution_ok),
        "resolution_d": Count("pk", filter=resolution_due),
        "satisfaction_n": Count("pk", filter=satisfied),
        "satisfaction_d": Count("pk", filter=answered),
    }


def _weights_tuple(weights) -> tuple[int, int, int]:
    if weights is None:
        weights = RateWeights.current()
    if isinstance(weights, RateWeights):
        return (weights.response_weight, weights.resolution_weight, weights.satisfaction_weight)
    return tuple(weights)


def _score(rates: tuple, weights: tuple[int, int, int]) -> Decimal | None:
    pairs = [(r, w) for r, w in zip(rates, weights, strict=True) if r is not None and w]
    total_weight = sum(w for _, w in pairs)
    if not total_weight:
        return None
    value = sum(r * w for r, w in pairs) / Decimal(total_weight)
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _build(counts: dict, weights: tuple[int, int, int]) -> Rates:
    rr = _pct(counts["response_n"], counts["response_d"])
    sr = _pct(counts["resolution_n"], counts["resolution_d"])
    sa = _pct(counts["satisfaction_n"], counts["satisfaction_d"])
    return Rates(
        response_numerator=counts["response_n"],
        response_denominator=counts["response_d"],
        resolution_numerator=counts["resolution_n"],
        resolution_denominator=counts["resolution_d"],
        satisfaction_numerator=counts["satisfaction_n"],
        satisfaction_denominator=counts["satisfaction_d"],
        response_rate=rr,
        resolution_rate=sr,
        satisfaction_rate=sa,
        score=_score((rr, sr, sa), weights),
        weights=weights,
    )


def compute_rates(issues_qs, start: dt.date, end: dt.date, weights=None, *, now=None) -> Rates:
    """The rates of ``issues_qs`` (any WorkerIssue queryset, already scoped) over [start, end].

    ``weights``: a ``RateWeights``, a (response, resolution, satisfaction)
    tuple, or None to read the staff setting. ``now`` (default: the current
    time) decides which deadlines of a period still running have passed.
    One aggregate query (plus one for the weights when not given).
    """
    now = now or timezone.now()
    counts = issues_qs.order_by().aggregate(**_count_expressions(start, end, now))
    return _build(counts, _weights_tuple(weights))


def rates_by_team(issues_qs, start: dt.date, end: dt.date, weights=None, *, now=None) -> dict[int, Rates]:
    """{team_id: Rates} for every team that has tickets in ``issues_qs``, in one grouped query.

    Teams without any ticket are absent; callers show "—" for them.
    """
    now = now or timezone.now()
    w = _weights_tuple(weights)
    rows = issues_qs.order_by().values("team_id").annotate(**_count_expressions(start, end, now))
    return {row["team_id"]: _build(row, w) for row in rows}
