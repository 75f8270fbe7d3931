"""重点企业首访: the key enterprises of a campaign's units and their first visit in it (visited / not yet)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from campaigns.models import Campaign, WorkTeam
from dundian.bounds import bounded_id

from ..metrics import key_enterprises

PAGE_SIZE = 50


def _date(value):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@login_required
def key_enterprise_list(request):
    user = request.user
    campaigns = Campaign.objects.visible_to(user)
    campaign_id = bounded_id(request.GET.get("campaign")) if request.GET.get("campaign") else None
    campaign = campaigns.filter(pk=campaign_id).first() if campaign_id else campaigns.current()
    teams = WorkTeam.objects.visible_to(user).filter(campaign=campaign) if campaign else WorkTeam.objects.none()
    team_id = bounded_id(request.GET.get("team")) if request.GET.get("team") else None
    team = teams.filter(pk=team_id).first() if team_id else None
    chosen = [team] if team else list(teams)
    until = min(d for d in (_date(request.GET.get("until")), timezone.localdate(), campaign and campaign.end_date) if d)
    rows = key_enterprises(user, campaign, [t.pk for t in chosen], until=until) if campaign else None
    visited = request.GET.get("visited")
    if rows is not None and visited in ("yes", "no"):
        rows = rows.filter(visited=visited == "yes")
    page = Paginator(rows if rows is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/key_enterprises.html",
        {
            "campaign": campaign,
            "campaigns": campaigns.order_by("-start_date"),
            "teams": teams,
            "team": team,
            "visited": visited if visited in ("yes", "no") else "",
            "until": until,
            "page": page,
        },
    )
