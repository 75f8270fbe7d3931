"""The issue list: quick views, filters, search, pagination and the rates per team."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from campaigns.models import Campaign, Enterprise, WorkTeam
from campaigns.roles import team_ids_of
from dundian.paging import paginate
from privacy.crypto import keyed_hash
from rollups import rates as summarized
from rollups.models import DayRollup

from ..access import log_page
from ..forms import IssueFilterForm, creatable_teams
from ..models import RateWeights, Status, WorkerIssue
from ..querysets import personal_data_condition
from ..rates import combined

PAGE_SIZE = 25


def apply_view(qs, view, user, now):
    """The quick views (快捷视图) of the list."""
    if view == "open":
        return qs.open()
    if view == "mine":
        return qs.filter(Q(handler=user) | Q(created_by=user))
    if view == "team":
        return qs.filter(team_id__in=team_ids_of(user))
    if view == "due_soon":
        return qs.due_soon(now)
    if view == "overdue":
        return qs.overdue(now)
    if view == "escalated":
        return qs.escalated()
    if view == "closed":
        return qs.filter(status=Status.CLOSED)
    return qs


# Below this many characters a substring cannot use a trigram index: match beginnings instead.
SUBSTRING_MIN_CHARS = 3
ENTERPRISE_MATCHES = 500


def _worker_search(q, user):
    """Tickets whose worker matches ``q`` by name, phone or ID number (whole, by keyed hash).

    Only among tickets whose personal data the user may see: otherwise a cadre
    could find out who is behind a masked ticket by searching a name or number.
    The name matches from its beginning (``issue_worker_prefix_idx``), or
    anywhere from three characters on (``issue_search_worker_trgm``, PostgreSQL).
    """
    by_name = Q(worker_name__icontains=q) if len(q) >= SUBSTRING_MIN_CHARS else Q(worker_name__startswith=q)
    phone, id_number = keyed_hash(q), keyed_hash(q)
    matches = (
        by_name
        | (Q(worker_phone_hash=phone) if phone else Q())
        | (Q(worker_id_number_hash=id_number) if id_number else Q())
    )
    condition = personal_data_condition(user)
    return matches if condition is None else matches & condition


def search_condition(q, user) -> Q:
    """The list's search box: ticket code, hotline number, worker, enterprise, title — each served by an index.

    Codes and hotline numbers match from their beginning (``…_prefix_idx``); from three
    characters on, anywhere (trigram GIN indexes ``…_trgm`` on PostgreSQL). Enterprises are
    looked up first (at most 500 ids) so the ticket query stays one OR of index scans.
    """
    condition = Q(code__startswith=q.upper()) | Q(hotline_number__startswith=q) | _worker_search(q, user)
    if len(q) >= SUBSTRING_MIN_CHARS:
        enterprises = list(
            Enterprise.objects.filter(name__icontains=q).values_list("pk", flat=True)[:ENTERPRISE_MATCHES]
        )
        condition |= Q(code__icontains=q) | Q(hotline_number__icontains=q) | Q(title__icontains=q)
        if enterprises:
            condition |= Q(enterprise_id__in=enterprises)
    return condition


def apply_filters(qs, data, user):
    for field, lookup in (
        ("source", "source"),
        ("category", "category"),
        ("status", "status"),
        ("step", "escalation_step"),
        ("team", "team"),
        ("unit", "unit"),
        ("enterprise", "enterprise"),
    ):
        value = data.get(field)
        if value not in (None, ""):
            qs = qs.filter(**{lookup: value})
    if data.get("start"):
        qs = qs.filter(received_at__gte=timezone.make_aware(dt.datetime.combine(data["start"], dt.time.min)))
    if data.get("end"):
        end = data["end"] + dt.timedelta(days=1)
        qs = qs.filter(received_at__lt=timezone.make_aware(dt.datetime.combine(end, dt.time.min)))
    q = (data.get("q") or "").strip()
    if q:
        qs = qs.filter(search_condition(q, user))
    return qs


def rates_period(data, today):
    """The period of the rates table: the filter's dates, else the current campaign up to today."""
    start, end = data.get("start"), data.get("end")
    if start or end:
        return start or dt.date(today.year, 1, 1), end or today
    campaign = Campaign.objects.current()
    if campaign and campaign.start_date <= today:
        return campaign.start_date, min(today, campaign.end_date)
    return today.replace(day=1), today


@login_required
def issue_list(request):
    user = request.user
    now = timezone.now()
    visible = WorkerIssue.objects.visible_to(user)
    filters = IssueFilterForm(request.GET or None, user=user)
    data = filters.cleaned_data if filters.is_valid() else {}
    view = data.get("view") or ""
    issues = apply_filters(apply_view(visible, view, user, now), data, user)
    issues = issues.select_related("team__campaign", "unit", "enterprise", "handler").order_by("-received_at", "-id")
    page = paginate(request, issues, PAGE_SIZE, keyset=("-received_at", "-id"))
    rows = [
        {"issue": issue, "person": issue.personal_data_for(user), "overdue": issue.is_overdue(now)}
        for issue in page.object_list
    ]
    log_page(request, [row["issue"] for row in rows])

    start, end = rates_period(data, timezone.localdate())
    weights = RateWeights.current()
    # The rates of the teams the user reads (the rule of the summaries, applied to the tickets too),
    # summed from the daily summaries rather than read ticket by ticket.
    per_team = summarized.rates_by_team(
        DayRollup.objects.visible_to(user),
        DayRollup.visibility.restrict(WorkerIssue.objects.all(), user),
        start,
        end,
        weights,
        now=now,
    )
    teams = list(WorkTeam.objects.visible_to(user).filter(pk__in=per_team.keys()).order_by("sort_order", "name"))
    rates_rows = [(team, per_team[team.pk]) for team in teams]
    # Every visible ticket belongs to one team: the 合计 row adds the teams' counts.
    overall = combined(per_team.values(), weights)

    view_query = request.GET.copy()
    for key in ("page", "view"):
        view_query.pop(key, None)
    return render(
        request,
        "issues/list.html",
        {
            "filters": filters,
            "view": view,
            "views": IssueFilterForm.VIEWS,
            "page": page,
            "rows": rows,
            "view_query": view_query.urlencode(),
            "rates_rows": rates_rows,
            "overall": overall,
            "rates_start": start,
            "rates_end": end,
            "can_create": creatable_teams(user).exists(),
        },
    )
