"""Campaigns side by side for leadership and office staff (issue 11): one column per campaign.

Every figure comes from the functions the dashboard already uses, called over
the whole of each campaign and all its teams: ``team_figures.team_rows`` /
``team_totals`` (visits, units covered, tickets found and closed, members
recruited at visits), ``issues.rates.compute_rates`` (the three rates) and
``union_building.campaign_outcomes`` (unions founded, enterprises moved forward and
members recruited inside the campaign's period, as on the dashboard).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from campaigns import roles
from campaigns.models import Campaign, WorkTeam
from issues.models import WorkerIssue
from issues.rates import compute_rates, format_rate

from .team_figures import team_rows, team_totals
from .union_building import campaign_outcomes

MAX_COLUMNS = 4


def column(campaign, now) -> dict:
    teams = list(WorkTeam.objects.filter(campaign=campaign))
    totals = team_totals(list(team_rows(campaign, teams=teams, now=now)))
    end = max(campaign.start_date, min(campaign.end_date, timezone.localdate(now)))
    rates = compute_rates(WorkerIssue.objects.filter(campaign=campaign), campaign.start_date, end, now=now)
    outcomes = campaign_outcomes(campaign, teams=teams)  # the same figures as the dashboard's 本次活动成效
    assigned = totals["units_assigned"]
    return {
        "campaign": campaign,
        "teams": len(teams),
        "units_assigned": assigned,
        "units_covered": totals["units_covered"],
        "coverage": format_rate(round(100 * totals["units_covered"] / assigned, 1) if assigned else None),
        "visits": totals["visits_done"],
        "issues_found": totals["issues_found"],
        "issues_closed": totals["issues_closed"],
        "response_rate": format_rate(rates.response_rate),
        "resolution_rate": format_rate(rates.resolution_rate),
        "satisfaction_rate": format_rate(rates.satisfaction_rate),
        "unions_founded": outcomes["unions_founded"],
        "moved_forward": outcomes["moved_forward"],
        "recruited_at_visits": outcomes["recruited_at_visits"],
        "recruited_total": outcomes["recruited_total"],
    }


ROWS = [
    ("teams", "小组"),
    ("units_assigned", "蹲点单位"),
    ("units_covered", "已走访单位"),
    ("coverage", "单位覆盖率"),
    ("visits", "走访次数"),
    ("issues_found", "收集诉求"),
    ("issues_closed", "已办结"),
    ("response_rate", "响应率"),
    ("resolution_rate", "解决率"),
    ("satisfaction_rate", "满意率"),
    ("unions_founded", "活动期间新建工会"),
    ("moved_forward", "建会推进（企业数）"),
    ("recruited_at_visits", "走访中发展会员"),
    ("recruited_total", "发展会员合计（含建会时入会）"),
]


@login_required
def compare(request):
    if not roles.sees_everything(request.user):
        raise PermissionDenied("只有领导和工作人员可以对比各次活动。")
    everything = Campaign.objects.order_by("-start_date")
    # Ids only; a forged or oversized value is ignored, not an error.
    wanted = [int(v) for v in request.GET.getlist("campaign") if v.isdigit() and len(v) <= 9]
    chosen = list(everything.filter(pk__in=wanted)[:MAX_COLUMNS]) if wanted else list(everything[:2])
    chosen.sort(key=lambda c: c.start_date)
    now = timezone.now()
    columns = [column(c, now) for c in chosen]
    rows = [(label, [col[key] for col in columns]) for key, label in ROWS]
    # On a phone each campaign is a card of its figures (a table of several campaigns cannot fit 360 px).
    cards = [{"campaign": col["campaign"], "figures": [(label, col[key]) for key, label in ROWS]} for col in columns]
    return render(
        request,
        "dashboard/compare.html",
        {"columns": columns, "rows": rows, "cards": cards, "campaigns": everything, "chosen": {c.pk for c in chosen}},
    )
