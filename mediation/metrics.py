"""Figures of 言和 mediation, mediation bodies and referrals, for the dashboard and the lists.

言和 figures count the cases *handed over in the period* (by hand-over date; the
whole campaign when no period is chosen) and their outcome as of now:

- 移交言和 = cases handed over;
- 调解成功 / 转仲裁 / 撤回 / 调解中 = those cases by outcome;
- 调解成功率 = 调解成功 ÷ 移交言和 (an exact fraction, rounded once for display; "—" when
  nothing was handed over, never 0%);
- 调解成功用时（中位数）= the median of the days from hand-over to the agreement over the
  settled cases ("—" when none).

Each function reads the rows it needs in one query and groups in Python
(cases are few: hundreds a year, not millions).
"""

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count

from campaigns.models import Assignment
from issues.rates import _round

from .choices import BodyKind, BodyStatus, CaseOutcome, ReferralResult, ReferralService
from .models import MediationBody, MediationTarget, Referral, YanheCase

SHARE_FORMULA = "调解成功率 = 调解成功的案件数 ÷ 移交言和的案件数（按移交日期计入期间，结果截至今天）"
MEDIAN_FORMULA = "调解成功用时 = 调解成功案件从移交到达成协议的天数的中位数"


@dataclass
class CaseFigures:
    handed_over: int = 0
    settled: int = 0
    arbitration: int = 0
    withdrawn: int = 0
    pending: int = 0
    settle_days: list = field(default_factory=list, repr=False)

    def add(self, outcome: str, handed_over_on: dt.date, outcome_on: dt.date | None) -> None:
        self.handed_over += 1
        if outcome == CaseOutcome.SETTLED:
            self.settled += 1
            self.settle_days.append((outcome_on - handed_over_on).days)
        elif outcome == CaseOutcome.ARBITRATION:
            self.arbitration += 1
        elif outcome == CaseOutcome.WITHDRAWN:
            self.withdrawn += 1
        else:
            self.pending += 1

    @property
    def exact_share(self) -> Fraction | None:
        """Settled ÷ handed over, in percent, exact; None when nothing was handed over."""
        return Fraction(100 * self.settled, self.handed_over) if self.handed_over else None

    @property
    def share(self) -> Decimal | None:
        exact = self.exact_share
        return None if exact is None else _round(exact)

    @property
    def median_days(self) -> Decimal | None:
        if not self.settle_days:
            return None
        return _round(Fraction(statistics.median(sorted(Fraction(d) for d in self.settle_days))))


def case_rows(cases_qs):
    """(team id, unit id, campaign id, outcome, hand-over day, outcome day) of each case: one query."""
    return cases_qs.values_list(
        "issue__team_id", "issue__unit_id", "issue__campaign_id", "outcome", "handed_over_on", "outcome_on"
    )


def case_figures(cases_qs) -> CaseFigures:
    figures = CaseFigures()
    for *_keys, outcome, handed, concluded in case_rows(cases_qs):
        figures.add(outcome, handed, concluded)
    return figures


def case_figures_by(cases_qs, key: str) -> dict:
    """{team / unit / campaign id: CaseFigures}; ``key`` is "team", "unit" or "campaign"."""
    index = {"team": 0, "unit": 1, "campaign": 2}[key]
    grouped: dict = {}
    for row in case_rows(cases_qs):
        grouped.setdefault(row[index], CaseFigures()).add(*row[3:])
    return grouped


def cases_in(user, *, campaign=None, teams=None, units=None, start=None, end=None):
    """The cases ``user`` may see, of a campaign's teams / units, handed over between start and end."""
    qs = YanheCase.objects.visible_to(user)
    if campaign is not None:
        qs = qs.filter(issue__campaign=campaign)
    if teams is not None:
        qs = qs.filter(issue__team__in=teams)
    if units is not None:
        qs = qs.filter(issue__unit__in=units)
    if start:
        qs = qs.filter(handed_over_on__gte=start)
    if end:
        qs = qs.filter(handed_over_on__lte=end)
    return qs


def referrals_in(user, *, campaign=None, teams=None, start=None, end=None):
    qs = Referral.objects.visible_to(user)
    if campaign is not None:
        qs = qs.filter(issue__campaign=campaign)
    if teams is not None:
        qs = qs.filter(issue__team__in=teams)
    if start:
        qs = qs.filter(referred_on__gte=start)
    if end:
        qs = qs.filter(referred_on__lte=end)
    return qs


def referral_figures(referrals_qs) -> list[dict]:
    """Per service: referred, served, not served, awaiting a result (one query)."""
    counts = {s: {"referred": 0, "done": 0, "declined": 0, "pending": 0} for s in ReferralService.values}
    # Counted in the database: a handful of (service, result) rows whatever the number of referrals.
    for row in referrals_qs.order_by().values("service", "result").annotate(n=Count("pk")):
        counts[row["service"]]["referred"] += row["n"]
        counts[row["service"]][row["result"]] += row["n"]
    return [{"service": s, "label": ReferralService(s).label, **counts[s]} for s in ReferralService.values]


def body_figures(user, units) -> dict:
    """Mediation bodies of ``units`` by status, and by kind and status (one query)."""
    by_status = dict.fromkeys(BodyStatus.values, 0)
    by_unit_kind: dict = {}
    rows = MediationBody.objects.visible_to(user).filter(unit__in=units).values_list("unit_id", "kind", "status")
    for unit_id, kind, status in rows:
        by_status[status] += 1
        bucket = by_unit_kind.setdefault((unit_id, kind), dict.fromkeys(BodyStatus.values, 0))
        bucket[status] += 1
    return {"by_status": by_status, "by_unit_kind": by_unit_kind, "total": sum(by_status.values())}


def target_rows(campaign, units, by_unit_kind) -> list[dict]:
    """The campaign's targets in ``units`` against the bodies that exist (established, being set up)."""
    rows = []
    targets = MediationTarget.objects.filter(campaign=campaign, unit__in=units).select_related("unit")
    for t in targets.order_by("unit__sort_order", "kind"):
        have = by_unit_kind.get((t.unit_id, t.kind), dict.fromkeys(BodyStatus.values, 0))
        rows.append(
            {
                "target": t,
                "unit": t.unit,
                "kind": BodyKind(t.kind).label,
                "kind_value": t.kind,
                "planned": t.count,
                "established": have[BodyStatus.ESTABLISHED],
                "setting_up": have[BodyStatus.SETTING_UP],
                "met": have[BodyStatus.ESTABLISHED] >= t.count,
            }
        )
    return rows


def campaign_units(campaign, teams):
    """Units the teams cover (or covered) in the campaign."""
    return Assignment.objects.filter(campaign=campaign, team__in=teams).values("unit_id")


def referral_totals(rows) -> dict:
    return {k: sum(r[k] for r in rows) for k in ("referred", "done", "declined", "pending")}


RESULT_LABELS = dict(ReferralResult.choices)


# --- the dashboard section -------------------------------------------------------------


def _url(name, **params):
    from django.urls import reverse
    from django.utils.http import urlencode

    query = {k: v for k, v in params.items() if v not in (None, "")}
    base = reverse(name)
    return f"{base}?{urlencode(query)}" if query else base


def dashboard_section(scope) -> dict:
    """Figures of the dashboard's「基层服务·调解」section for a ``dashboard.scope.Scope``; each with its list."""
    campaign, teams, user = scope.campaign, scope.teams, scope.user
    if campaign is None or not teams:
        return {"shown": False}
    start, end = scope.start, scope.end
    period = {
        "campaign": campaign.pk,
        "date_from": start.isoformat() if start else None,
        "date_to": end.isoformat() if end else None,
    }
    team_param = scope.team.pk if scope.team else None
    cases = cases_in(user, campaign=campaign, teams=teams, start=start, end=end)
    by_team = case_figures_by(cases, "team")
    total = CaseFigures()
    for f in by_team.values():
        total.handed_over += f.handed_over
        total.settled += f.settled
        total.arbitration += f.arbitration
        total.withdrawn += f.withdrawn
        total.pending += f.pending
        total.settle_days += f.settle_days

    def case_link(team=None, outcome=None):
        return _url("mediation:case_list", team=team or team_param, outcome=outcome, **period)

    team_rows = [
        {
            "team": t,
            "f": by_team.get(t.pk, CaseFigures()),
            "url": case_link(t.pk),
            "settled_url": case_link(t.pk, "settled"),
        }
        for t in teams
    ]
    referrals = referral_figures(referrals_in(user, campaign=campaign, teams=teams, start=start, end=end))
    for r in referrals:
        r["url"] = _url("mediation:referral_list", team=team_param, service=r["service"], **period)
        r["done_url"] = _url("mediation:referral_list", team=team_param, service=r["service"], result="done", **period)
    units = campaign_units(campaign, teams)
    bodies = body_figures(user, units)
    targets = target_rows(campaign, units, bodies["by_unit_kind"])
    return {
        "shown": True,
        "total": total,
        "links": {
            "handed": case_link(),
            "settled": case_link(outcome="settled"),
            "arbitration": case_link(outcome="arbitration"),
            "withdrawn": case_link(outcome="withdrawn"),
            "bodies": {
                s: _url("mediation:body_list", campaign=campaign.pk, team=team_param, status=s)
                for s in BodyStatus.values
            },
            "targets": _url("mediation:targets", campaign=campaign.pk),
        },
        "team_rows": team_rows if len(teams) > 1 else [],
        "referrals": referrals,
        "referral_total": referral_totals(referrals),
        "bodies": bodies,
        "body_statuses": [(s, BodyStatus(s).label, bodies["by_status"][s]) for s in BodyStatus.values],
        "targets_planned": sum(r["planned"] for r in targets),
        "targets_met": sum(1 for r in targets if r["met"]),
        "targets_count": len(targets),
        "share_formula": SHARE_FORMULA,
        "median_formula": MEDIAN_FORMULA,
        "period": "所选期间" if (start or end) else "活动期间",
    }
