"""The dashboard's 基层服务·阵地与办实事 section: service sites, care visits, projects, key enterprises.

Every figure is counted over what the dashboard's scope shows (its campaign,
its teams and their units, its period where the figure is dated) and comes
with the address of the filtered list behind it. Sites, projects and the key
mark are *current* states; care visits are counted in the period; the first
visits of key enterprises over the campaign up to today (or the period's end).
"""

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from campaigns import roles
from campaigns.models import Assignment, Enterprise
from rollups.models import FirstMeeting
from visits.models import CareItem, Visit

from .models import Project, ServiceSite


def _url(name, **params):
    query = {k: v for k, v in params.items() if v not in (None, "")}
    base = reverse(name)
    return f"{base}?{urlencode(query)}" if query else base


def period(scope):
    """(first day, last day) the dated figures count: the chosen period within the campaign, up to today."""
    campaign = scope.campaign
    start = max(d for d in (scope.start, campaign.start_date) if d)
    end = min(d for d in (scope.end, campaign.end_date, scope.today) if d)
    return start, end


def scope_unit_ids(scope):
    return Assignment.objects.filter(campaign=scope.campaign, team_id__in=scope.team_ids).values("unit_id")


def site_figures(scope):
    """Sites in the scope's units, by kind × status (current)."""
    sites = ServiceSite.objects.visible_to(scope.user).filter(unit__in=scope_unit_ids(scope))
    counts = {
        (kind, status): n for kind, status, n in sites.order_by().values_list("kind", "status").annotate(n=Count("pk"))
    }
    team = scope.team.pk if scope.team else None
    rows = []
    for kind, label in ServiceSite.Kind.choices:
        cells = [
            {
                "n": counts.get((kind, status), 0),
                "url": _url("outreach:site_list", kind=kind, status=status),
                "label": f"{label}{status_label}",
                "status_label": status_label,
            }
            for status, status_label in ServiceSite.Status.choices
        ]
        total = sum(c["n"] for c in cells)
        if total:
            rows.append(
                {
                    "label": label,
                    "cells": cells,
                    "total": total,
                    "url": _url("outreach:site_list", kind=kind, team=team),
                }
            )
    return {
        "statuses": ServiceSite.Status.labels,
        "rows": rows,
        "total": sum(r["total"] for r in rows),
        "url": _url("outreach:site_list", team=team),
    }


def care_figures(scope):
    """慰问 visits of the scope's teams in the period: how many, people reached, value of the items."""
    start, end = period(scope)
    visits = Visit.objects.visible_to(scope.user).filter(
        campaign=scope.campaign, team_id__in=scope.team_ids, kind=Visit.Kind.CARE, date__range=(start, end)
    )
    # One query: visits counted once each, their care rows summed over the join.
    totals = visits.order_by().aggregate(
        visits=Count("pk", distinct=True),
        people=Coalesce(Sum("care_items__people"), 0),
        value=Coalesce(Sum("care_items__value"), 0, output_field=CareItem._meta.get_field("value")),
    )
    return {
        "start": start,
        "end": end,
        "visits": totals["visits"],
        "people": totals["people"],
        "value": totals["value"],
        "url": _url(
            "visits:list",
            kind=Visit.Kind.CARE,
            team=scope.team.pk if scope.team else None,
            date_from=start.isoformat(),
            date_to=end.isoformat(),
        ),
    }


def project_figures(scope):
    """Projects of the scope's teams by current status."""
    projects = Project.objects.visible_to(scope.user).filter(campaign=scope.campaign, team_id__in=scope.team_ids)
    counts = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    team = scope.team.pk if scope.team else None
    rows = [
        {
            "status": status,
            "label": label,
            "n": counts.get(status, 0),
            "url": _url("outreach:project_list", status=status, team=team),
        }
        for status, label in Project.Status.choices
    ]
    url = _url("outreach:project_list", campaign=scope.campaign.pk, team=team)
    return {"rows": rows, "total": sum(r["n"] for r in rows), "url": url}


def key_enterprises(user, campaign, team_ids, *, until):
    """Key enterprises of the teams' units, each with ``first_visit``: its first visit in the campaign (or None)."""
    units = Assignment.objects.filter(campaign=campaign, team_id__in=team_ids).values("unit_id")
    if roles.sees_everything(user) or set(team_ids) <= set(roles.team_ids_of(user)):
        # Every visit of these teams is the user's to see: the first meetings' summary answers, one
        # index probe per enterprise (rollups.FirstMeeting, kept by the visits' writer).
        met = FirstMeeting.objects.visible_to(user).filter(
            campaign=campaign, team_id__in=team_ids, day__lte=until, enterprise=OuterRef("pk")
        )
        visited, first = Exists(met), Subquery(met.order_by("day").values("day")[:1])
    else:
        # Teams the user has left: only the visits they logged themselves count, read from the visits.
        visits = Visit.objects.visible_to(user).filter(
            campaign=campaign, team_id__in=team_ids, date__lte=until, enterprises=OuterRef("pk")
        )
        visited, first = Exists(visits), Subquery(visits.order_by("date").values("date")[:1])
    return (
        Enterprise.objects.filter(is_key=True, unit__in=units)
        .select_related("unit")
        .annotate(visited=visited, first_visit=first)
        .order_by("first_visit", "unit__sort_order", "name")
    )


def key_figures(scope):
    _start, end = period(scope)
    rows = key_enterprises(scope.user, scope.campaign, scope.team_ids, until=end)
    # A district has tens of key enterprises: one query, counted here.
    # Without the list's order: sorting by the first visit would run a second probe per enterprise.
    visited_flags = list(rows.order_by().values_list("visited", flat=True))
    counts = {"total": len(visited_flags), "visited": sum(1 for v in visited_flags if v)}
    team = scope.team.pk if scope.team else None

    def link(visited=None):
        return _url(
            "outreach:key_enterprises", campaign=scope.campaign.pk, team=team, visited=visited, until=end.isoformat()
        )

    return {
        "until": end,
        "total": counts["total"],
        "visited": counts["visited"],
        "not_visited": counts["total"] - counts["visited"],
        "url": link(),
        "visited_url": link("yes"),
        "not_visited_url": link("no"),
    }


def dashboard_section(scope) -> dict:
    if scope.is_empty:
        return {}
    return {
        "sites": site_figures(scope),
        "care": care_figures(scope),
        "projects": project_figures(scope),
        "key": key_figures(scope),
    }
