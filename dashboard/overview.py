"""Everything the dashboard page shows for one scope, gathered section by section.

Each section is a fixed number of queries (see ``coverage``, ``team_figures``,
``union_building`` and ``issue_metrics``), so the page's query count does not
depend on the data.
"""

from django.db.models import F

from campaigns.models import Enterprise, UnionStatus
from issues.models import RateWeights, WorkerIssue
from issues.rates import combined
from visits.models import PlannedVisit, Visit

from . import coverage, issue_metrics, team_figures, union_building
from .aggregates import week_range
from .links import Links
from .sections import SECTIONS


def _pct(numerator, denominator):
    return None if not denominator else round(numerator * 100 / denominator)


def _coverage(scope, links):
    tiles = coverage.coverage_tiles(
        scope.campaign,
        teams=scope.teams,
        reference_day=scope.reference_day,
        start=scope.start,
        end=scope.end,
        all_units=scope.sees_all_teams and scope.team is None,
    )
    for t in tiles:
        if t["team"] is not None:
            t["visits_url"] = links.visits(team=t["team"], unit=t["unit"])
            t["issues_url"] = links.issues(team=t["team"], unit=t["unit"])
            t["open_url"] = links.issues(team=t["team"], unit=t["unit"], view="open")
    counts = dict.fromkeys((*coverage.COVERAGE_BANDS, "unassigned"), 0)
    for t in tiles:
        counts[t["band"]] += 1
    legend = [{"band": b, "label": label, "count": counts[b]} for b, label in coverage.COVERAGE_BANDS.items()]
    return {
        "tiles": tiles,
        "never": [t for t in tiles if t["band"] == coverage.NEVER],
        "legend": legend,
        "unassigned": counts["unassigned"],
    }


def _teams(scope, links, rates_by_team):
    rows = list(
        team_figures.team_rows(scope.campaign, teams=scope.teams, start=scope.start, end=scope.end, now=scope.now)
    )
    for r in rows:
        r.plan_progress = _pct(r.plans_done, r.plans)
        r.unit_progress = _pct(r.units_covered, r.units_assigned)
        r.rates = rates_by_team.get(r.pk)
        r.visits_url = links.visits(team=r)
        r.plans_url = links.plans(team=r, status="done")
        r.issues_url = links.issues(team=r)
        r.closed_url = links.issues(team=r, status="closed")
        r.overdue_url = links.issues(team=r, view="overdue")
    # "Behind": the lowest share of assigned units covered, among teams with units.
    with_units = [r for r in rows if r.units_assigned]
    behind = min(with_units, key=lambda r: (r.unit_progress, r.visits_done)) if len(with_units) > 1 else None
    totals_links = {
        "plans_done": links.plans(status="done"),
        "issues_found": links.issues(),
        "issues_closed": links.issues(status="closed"),
        "issues_overdue": links.issues(view="overdue"),
    }
    return {"rows": rows, "totals": team_figures.team_totals(rows), "totals_links": totals_links, "behind": behind}


def _issues(scope, links):
    scoped = issue_metrics.scoped_issues(scope.campaign, scope.teams)
    in_period = issue_metrics.received_in(scoped, scope.start, scope.end)
    mix = issue_metrics.mix_of_teams(scope.campaign, scope.teams, start=scope.start, end=scope.end)
    figures = issue_metrics.issue_figures(in_period, now=scope.now, mix=mix)
    if len(scope.teams) > 1:
        weights = RateWeights.current()
        by_team = issue_metrics.team_rates(scoped, scope, weights=weights)
        # Each ticket has one team: the overall rates add the teams' counts.
        rates = combined(by_team.values(), weights)
    else:
        by_team = {}
        rates = issue_metrics.rates_for(scoped, scope)
    rate_start, rate_end = issue_metrics.rate_period(scope)
    return {
        "figures": figures,
        "rates": rates,
        "rates_by_team": by_team,
        "rate_start": rate_start,
        "rate_end": rate_end,
        "trend": issue_metrics.weekly_trend_of_teams(scope.campaign, scope.teams, start=scope.start, end=scope.end),
        "links": {
            "all": links.issues(),
            "open": links.issues(view="open"),
            "overdue": links.issues(view="overdue"),
            "escalated": links.issues(view="escalated"),
            "status": {s.value: links.issues(status=s.value) for s, _ in figures.open_by_status},
            "step_open": {
                row["step"].value: links.issues(view="open", step=row["step"].value) for row in figures.open_by_step
            },
            "step": {
                f"{row['step'].value}_{status.value}": links.issues(step=row["step"].value, status=status.value)
                for row in figures.open_by_step
                for status, _ in row["by_status"]
            },
            "category": {c.value: links.issues(category=c.value) for c, _ in figures.by_category},
            "source": {s.value: links.issues(source=s.value) for s, _ in figures.by_source},
        },
    }


def _union(scope, links):
    district_wide = scope.sees_all_teams and scope.team is None
    if district_wide:
        enterprises = Enterprise.objects.visible_to(scope.user)
        team = None
    else:
        enterprises = union_building.scoped_enterprises(scope.campaign, scope.teams)
        team = scope.team or (scope.teams[0] if len(scope.teams) == 1 else None)
    # The enterprise list filters by one team at most: a member of several teams viewing them
    # together has no list to open (choosing one team gives the links).
    list_matches = district_wide or team is not None

    def enterprise_link(**filters):
        return links.enterprises(team=team, **filters) if list_matches else None

    funnel = union_building.union_funnel(enterprises)
    split_filters = {"all": {}, "new_form": {"new_form": "1"}, "eight": {"eight_group": "1"}}
    for split in funnel:
        for stage in split["stages"]:
            stage["url"] = enterprise_link(status=stage["status"].value, **split_filters[split["key"]])
    waiting, waiting_total = union_building.promised_waiting(enterprises, today=scope.today)
    return {
        "funnel": funnel,
        "waiting": waiting,
        "waiting_total": waiting_total,
        "district_wide": district_wide,
        "list_matches": list_matches,
        "promised_url": enterprise_link(status=UnionStatus.PROMISED.value),
        "preparing_url": enterprise_link(status=UnionStatus.PREPARING.value),
    }


def _recruitment(scope, other_weeks=()):
    """Recruitment by group and week, over the same weeks as the other weekly chart (``other_weeks``)."""
    weeks, groups, table, totals, eight = union_building.recruitment_by_group_and_week(
        scope.campaign, teams=scope.teams, start=scope.start, end=scope.end
    )
    weeks = week_range(set(weeks) | set(other_weeks))
    rows = [
        {"group": g, "eight": g in eight, "cells": [table[g].get(w, 0) for w in weeks], "total": totals[g]}
        for g in groups
    ]
    week_totals = [sum(table[g].get(w, 0) for g in groups) for w in weeks]
    week_eight = [sum(table[g].get(w, 0) for g in groups if g in eight) for w in weeks]
    outcomes = union_building.campaign_outcomes(scope.campaign, teams=scope.teams, start=scope.start, end=scope.end)
    return {
        "weeks": weeks,
        "rows": rows,
        "week_totals": week_totals,
        "week_eight": week_eight,
        "total": sum(totals.values()),
        "eight_total": sum(totals[g] for g in groups if g in eight),
        "outcomes": outcomes,
    }


def _chart_data(teams, issues, union, recruitment):
    """Plain numbers for the charts (json_script); the same figures are in the tables."""
    figures = issues["figures"]
    return {
        "teams": {
            "labels": [r.name for r in teams["rows"]],
            "visits": [r.visits_done for r in teams["rows"]],
            "plans": [r.plans for r in teams["rows"]],
        },
        "issueStatus": {
            "labels": [s.label for s, _ in figures.open_by_status],
            "values": [n for _, n in figures.open_by_status],
        },
        "issueCategory": {
            "labels": [c.label for c, _ in figures.by_category],
            "values": [n for _, n in figures.by_category],
        },
        "trend": {
            "labels": [w["week"].strftime("%m-%d") for w in issues["trend"]],
            "new": [w["new"] for w in issues["trend"]],
            "closed": [w["closed"] for w in issues["trend"]],
        },
        "funnel": {
            "labels": [s["label"] for s in union["funnel"][0]["stages"]],
            "series": [{"label": f["label"], "values": [s["reached"] for s in f["stages"]]} for f in union["funnel"]],
        },
        "recruitment": {
            "labels": [w.strftime("%m-%d") for w in recruitment["weeks"]],
            "series": [{"label": r["group"], "values": r["cells"]} for r in recruitment["rows"] if r["total"]],
        },
    }


def dashboard_context(scope):
    """The sections of the dashboard page; an empty dict when there is no campaign or team to show."""
    if scope.is_empty:
        return {}
    links = Links(scope)
    issues = _issues(scope, links)
    coverage_section = _coverage(scope, links)
    teams = _teams(scope, links, issues["rates_by_team"])
    union = _union(scope, links)
    # One period for every weekly chart: from the first to the last week with data in either.
    recruitment = _recruitment(scope, other_weeks=[w["week"] for w in issues["trend"]])
    trend = {w["week"]: w for w in issues["trend"]}
    issues["trend"] = [trend.get(w, {"week": w, "new": 0, "closed": 0}) for w in recruitment["weeks"]]
    return {
        "links": links,
        "coverage": coverage_section,
        "teams": teams,
        "issues": issues,
        "union": union,
        "recruitment": recruitment,
        "all_visits_url": links.visits(),
        # Loaded after the page (dashboard.sections), for this scope.
        "sections": [
            {"name": name, "title": title, "url": links.section(name)} for name, (title, *_rest) in SECTIONS.items()
        ],
        "chart_data": _chart_data(teams, issues, union, recruitment),
    }


# --- the team's work for today (home of cadres and team leaders) -------------------

HOME_LIST_SIZE = 10


def home_context(scope):
    """Today's and upcoming plans, recent visits and open tickets of the user's teams."""
    if scope.is_empty:
        return {}
    user, today, now = scope.user, scope.today, scope.now
    plans = list(
        PlannedVisit.objects.visible_to(user)
        .filter(team__in=scope.teams, is_cancelled=False, visit__isnull=True, date__gte=today)
        .select_related("unit", "team__campaign")
        .order_by("date", "id")[:HOME_LIST_SIZE]
    )
    visits = list(
        Visit.objects.visible_to(user)
        .filter(team__in=scope.teams)
        .select_related("unit", "team__campaign")
        .order_by("-date", "-id")[:HOME_LIST_SIZE]
    )
    open_issues = WorkerIssue.objects.visible_to(user).filter(team__in=scope.teams).open()
    # The next deadline that matters: the response one until somebody responds, then the resolution
    # one. The first tickets by it are the first of two lists, each read in its index's order
    # (issue_open_team_respdue_idx / issue_open_team_resdue_idx), merged here — rather than sorting
    # every open ticket of the team by a CASE.
    size = HOME_LIST_SIZE * 2

    def first_by(tickets, deadline):
        # Chosen from the index alone, then only those rows read whole: one statement.
        first = tickets.order_by(deadline, "pk").values("pk")[:size]
        return list(
            WorkerIssue.objects.filter(pk__in=first)
            .annotate(next_due=F(deadline))
            .select_related("unit", "team__campaign", "handler")
            .order_by(deadline, "pk")
        )

    tickets = sorted(
        first_by(open_issues.filter(responded_at__isnull=True), "response_due")
        + first_by(open_issues.filter(responded_at__isnull=False), "resolution_due"),
        key=lambda t: (t.next_due, t.pk),
    )[:size]
    for t in tickets:  # said of the twenty rows shown, not asked of every open ticket in SQL
        t.overdue_now = t.is_overdue(now)
        t.due_soon_now = t.is_due_soon(now)
    links = Links(scope, dated=False)
    return {
        "today_plans": [p for p in plans if p.date == today],
        "upcoming_plans": [p for p in plans if p.date > today],
        "recent_visits": visits,
        "tickets": tickets,
        "open_total": open_issues.count(),
        "overdue_total": open_issues.overdue(now).count(),
        "links": links,
        "home_issues_url": links.issues(),
        "home_open_url": links.issues(view="open"),
        "home_overdue_url": links.issues(view="overdue"),
        "home_plans_url": links.plans(status="open"),
        "home_visits_url": links.visits(),
    }
