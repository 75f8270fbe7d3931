"""Union building: the funnel, promises still waiting, recruitment by group and week, a campaign's outcomes.

Outcomes are counted per dated step inside the campaign's period, never from
today's state, so what existed before a campaign is not counted as its success.
"""

from django.db.models import Count, DateField, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncWeek

from campaigns.models import Assignment, Campaign, Enterprise, EnterpriseStatusChange, UnionStatus, WorkerGroup
from rollups.models import DayRollup, GroupRollup

from .aggregates import week_range, whole_scalar, within

FUNNEL_SPLITS = (
    ("all", "全部企业", Q()),
    ("new_form", "新业态企业", Q(is_new_form=True)),
    ("eight", "八大员企业", Q(is_eight_group=True)),
)


def scoped_enterprises(campaign, teams):
    """Enterprises in the units the ``teams`` cover in ``campaign``."""
    units = Assignment.objects.filter(campaign=campaign, team__in=teams).values("unit")
    return Enterprise.objects.filter(unit__in=units)


def union_funnel(enterprises):
    """The funnel 未建会 → … → 已建会 for each split, one aggregate query.

    For each split: a list of stages with ``count`` (enterprises now at the
    stage), ``reached`` (at this stage or beyond) and ``conversion`` (share of
    those that reached the previous stage that reached this one, None for the
    first stage or when the previous stage is empty).
    """
    statuses = UnionStatus.funnel()
    # Said here too, not only by Enterprise.objects: a record turned into a service site is no enterprise.
    enterprises = enterprises.filter(converted_at__isnull=True)
    agg = {
        f"{key}__{s.value}": Count("pk", filter=cond & Q(union_status=s.value))
        for key, _label, cond in FUNNEL_SPLITS
        for s in statuses
    }
    counts = enterprises.order_by().aggregate(**agg)
    funnel = []
    for key, label, _cond in FUNNEL_SPLITS:
        stage_counts = [counts[f"{key}__{s.value}"] for s in statuses]
        stages, previous = [], None
        for i, s in enumerate(statuses):
            reached = sum(stage_counts[i:])
            conversion = None if previous in (None, 0) else reached / previous
            stages.append(
                {"status": s, "label": s.label, "count": stage_counts[i], "reached": reached, "conversion": conversion}
            )
            previous = reached
        funnel.append({"key": key, "label": label, "total": sum(stage_counts), "stages": stages})
    return funnel


def promised_waiting(enterprises, *, today, limit=20):
    """Enterprises that promised a union (表态建会 or 筹建中) and have none yet, longest waiting first.

    ``promised_on`` is the date of the latest status change to 表态建会
    (falling back to the status date); ``waiting_days`` counts to ``today``.
    Returns (rows, total): one query, the total a scalar subquery beside the rows
    (no rows means none waiting).
    """
    promised = (
        EnterpriseStatusChange.objects.filter(enterprise=OuterRef("pk"), to_status=UnionStatus.PROMISED)
        .order_by("-changed_on", "-created_at")
        .values("changed_on")[:1]
    )
    qs = enterprises.filter(union_status__in=[UnionStatus.PROMISED, UnionStatus.PREPARING])
    rows = list(
        qs.annotate(
            promised_on=Coalesce(Subquery(promised), F("union_status_date")),
            waiting_total=whole_scalar(qs, Count("pk")),
        )
        .select_related("unit")
        .order_by(F("promised_on").asc(nulls_last=True), "name")[:limit]
    )
    for r in rows:
        r.waiting_days = None if r.promised_on is None else (today - r.promised_on).days
    return rows, rows[0].waiting_total if rows else 0


def recruitment_by_group_and_week(campaign, *, teams, start=None, end=None):
    """Workers recruited, grouped by eight-group and week (Monday), one query (the groups in it too).

    Read from the daily summaries per group (``rollups.GroupRollup``).
    Returns ``(weeks, groups, table, totals, eight)``: sorted week starts, the
    group names (every group staff keep, in order), ``table[group][week] = count``,
    ``totals[group]`` and the set of names flagged 八大群体.
    """
    columns = ("group__name", "group__sort_order", "group__is_eight_group", "week")
    recruited = (
        within(GroupRollup.objects.filter(campaign=campaign, team__in=teams), "day", start, end)
        .order_by()
        .annotate(week=TruncWeek("day"))
        .values(*columns)
        .annotate(total=Sum("recruited"))
    )
    # Every group, recruited or not (a row without a week), in the same statement.
    every_group = (
        WorkerGroup.objects.order_by()
        .annotate(week=Value(None, output_field=DateField()), total=Value(0, output_field=IntegerField()))
        .values("name", "sort_order", "is_eight_group", "week", "total")
    )
    flagged, table, weeks = {}, {}, set()
    # In the database's order (its collation, as every other list of groups), first appearance kept.
    for r in recruited.union(every_group, all=True).order_by("group__sort_order", "group__name"):
        name = r["group__name"]
        flagged[name] = (r["group__sort_order"], r["group__is_eight_group"])
        table.setdefault(name, {})
        if r["week"] is not None:
            week = r["week"].date() if hasattr(r["week"], "date") else r["week"]
            weeks.add(week)
            table[name][week] = r["total"]
    groups = list(flagged)
    table = {g: table[g] for g in groups}
    weeks = week_range(weeks)
    totals = {g: sum(table[g].values()) for g in groups}
    return weeks, groups, table, totals, {name for name, (_order, eight) in flagged.items() if eight}


def _forward_steps():
    """Q for a status step that moves an enterprise forward in the funnel (any number of stages)."""
    order = UnionStatus.values
    q = Q(pk__in=[])
    for i, before in enumerate(order):
        q |= Q(from_status=before, to_status__in=order[i + 1 :])
    return q


def campaign_outcomes(campaign, *, teams, start=None, end=None):
    """What the campaign achieved inside its period (``start``/``end`` narrow it; never beyond it).

    Counted per step dated in the period, not from today's state, so enterprises
    that had a union before the campaign do not count as its success:

    - ``unions_founded``: enterprises of the teams' units with a step to 已建会 in the period,
    - ``moved_forward``: enterprises with at least one step forward in the funnel in the period,
    - ``recruited_at_visits`` / ``recruited_at_visits_eight``: members recruited at the teams'
      visits of the campaign in the period (all groups / the eight groups),
    - ``recruited_at_founding``: members who joined when those unions were founded,
    - ``recruited_total``: the two added,
    - ``tickets_opened`` / ``tickets_closed``: the teams' tickets of the campaign received /
      closed in the period (local dates).

    One query (a scalar subquery per figure on the campaign's row); recruitment at
    visits and tickets from the daily summaries (``rollups``).
    """
    first = max(filter(None, [start, campaign.start_date]))
    last = min(filter(None, [end, campaign.end_date]))
    team_ids = [t.pk for t in teams]
    units = Assignment.objects.filter(campaign=campaign, team__in=team_ids).values("unit")
    # A record since turned into a service site (outreach) made no union-building progress.
    steps = EnterpriseStatusChange.objects.filter(
        enterprise__unit__in=units, enterprise__converted_at__isnull=True, changed_on__range=(first, last)
    )
    founding = steps.filter(to_status=UnionStatus.ESTABLISHED)
    recruited = GroupRollup.objects.filter(campaign=campaign, team__in=team_ids, day__range=(first, last))
    days = DayRollup.objects.filter(campaign=campaign, team__in=team_ids, day__range=(first, last))
    figures = {
        "unions_founded": whole_scalar(founding, Count("enterprise", distinct=True)),
        "moved_forward": whole_scalar(steps.filter(_forward_steps()), Count("enterprise", distinct=True)),
        "recruited_at_founding": whole_scalar(founding, Sum("members_joined")),
        "recruited_at_visits": whole_scalar(recruited, Sum("recruited")),
        "recruited_at_visits_eight": whole_scalar(recruited.filter(group__is_eight_group=True), Sum("recruited")),
        "tickets_opened": whole_scalar(days, Sum("tickets_opened")),
        "tickets_closed": whole_scalar(days, Sum("tickets_closed")),
    }
    row = Campaign.objects.filter(pk=campaign.pk).annotate(**figures).values(*figures).get()
    row["recruited_total"] = row["recruited_at_visits"] + row["recruited_at_founding"]
    return {"first": first, "last": last, **row}
