"""Visit reminders: tomorrow's planned visits to the team; units left unvisited to the leader.

Bodies are plain functions of the database state and the time (tests call them
directly; a missed sweep is caught up by the next one); tasks are thin wrappers.
"""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from campaigns.models import Assignment, Campaign, TeamMembership
from dundian.celery import RETRY_POLICY
from notifications.models import Kind
from notifications.services import already_notified, already_notified_any_day, link, notify
from workdays.services import add_workdays, is_sending_time

from .models import PlannedVisit, Visit

log = logging.getLogger(__name__)

WEEKDAYS = "一二三四五六日"


def _members_by_team(team_ids, *, leaders_only=False) -> dict[int, list]:
    memberships = (
        TeamMembership.objects.current().filter(team_id__in=team_ids, user__is_active=True).select_related("user")
    )
    if leaders_only:
        memberships = memberships.filter(role=TeamMembership.Role.LEADER)
    people: dict[int, list] = {}
    for m in memberships.order_by("team_id", "user_id"):
        people.setdefault(m.team_id, []).append(m.user)
    return people


def plan_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The planned dates a reminder sent today covers: tomorrow up to the next working day.

    On an ordinary weekday that is tomorrow; on Friday it is Saturday to
    Monday, so Monday's visits are announced before the weekend; before a
    holiday it runs to the first working day after it.
    """
    return today + dt.timedelta(days=1), add_workdays(today, 1)


def remind_planned_visits(now: dt.datetime | None = None) -> int:
    """Tell every member of a team about the team's planned visits of the coming day(s)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first, last = plan_window(today)
    plans = list(
        PlannedVisit.objects.filter(date__gte=first, date__lte=last, is_cancelled=False, visit__isnull=True)
        .select_related("unit")
        .order_by("date", "pk")
    )
    if not plans:
        return 0
    members = _members_by_team({p.team_id for p in plans})
    sent_before = already_notified(Kind.PLAN_TOMORROW, today, [f"plan:{p.pk}" for p in plans])
    url = link("visits:plan_list")
    sent = 0
    for plan in plans:
        key = f"plan:{plan.pk}"
        when = (
            "明日"
            if plan.date == first
            else f"{plan.date.month}月{plan.date.day}日（周{WEEKDAYS[plan.date.weekday()]}）"
        )
        title = f"{when}走访计划：{plan.unit}"
        body = f"计划日期：{plan.date:%Y-%m-%d}\n计划内容：{plan.purpose}"
        for user in members.get(plan.team_id, []):
            if (key, user.pk) in sent_before:
                continue
            if notify(user, kind=Kind.PLAN_TOMORROW, object_key=key, title=title, body=body, url=url, day=today):
                sent += 1
    return sent


def unvisited_assignments(today: dt.date, days: int):
    """(assignment, last visit date or None, since) for units of running campaigns not visited for ``days`` days.

    ``since`` is the last visit, or the campaign's start when the team has not
    been to the unit yet. One query.
    """
    last_visit = (
        Visit.objects.filter(
            campaign_id=OuterRef("campaign_id"),
            team_id=OuterRef("team_id"),
            unit_id=OuterRef("unit_id"),
            date__lte=today,
        )
        .order_by()
        .values("campaign_id")
        .annotate(last=Max("date"))
        .values("last")
    )
    running = Campaign.objects.filter(is_active=True, start_date__lte=today, end_date__gte=today)
    assignments = (
        Assignment.objects.filter(campaign__in=running, unit__is_active=True)
        .select_related("campaign", "unit")
        .annotate(last_visit=Subquery(last_visit))
        .order_by("pk")
    )
    for assignment in assignments:
        since = assignment.last_visit or assignment.campaign.start_date
        if (today - since).days >= days:
            yield assignment, assignment.last_visit, since


def remind_unvisited_units(now: dt.datetime | None = None) -> int:
    """Tell team leaders about their units with no visit for REMINDER_UNVISITED_DAYS days.

    Once per gap: the notice's day is the day the gap reached N days, so the
    leader hears once, and again only after a visit and a new gap.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    threshold = settings.REMINDER_UNVISITED_DAYS
    rows = list(unvisited_assignments(today, threshold))
    if not rows:
        return 0
    leaders = _members_by_team({a.team_id for a, _, _ in rows}, leaders_only=True)
    sent_before = already_notified_any_day(Kind.UNIT_UNVISITED, [f"assignment:{a.pk}" for a, _, _ in rows])
    url = link("visits:plan_list")
    sent = 0
    for assignment, last, since in rows:
        gap_day = since + dt.timedelta(days=threshold)
        idle = (today - since).days
        title = f"单位久未走访：{assignment.unit} 已 {idle} 天未走访"
        body = (
            f"最近一次走访：{last:%Y-%m-%d}" if last else f"本次蹲点活动（{assignment.campaign}）开始后尚未走访"
        ) + f"\n提醒标准：超过 {threshold} 天未走访。请安排走访计划。"
        for user in leaders.get(assignment.team_id, []):
            if (f"assignment:{assignment.pk}", user.pk, gap_day) in sent_before:
                continue
            created = notify(
                user,
                kind=Kind.UNIT_UNVISITED,
                object_key=f"assignment:{assignment.pk}",
                title=title,
                body=body,
                url=url,
                day=gap_day,
            )
            sent += bool(created)
    return sent


@shared_task(name="visits.remind_planned_visits", **RETRY_POLICY)
def remind_planned_visits_task():
    """Only this kind (the sweep in dashboard.tasks runs every kind)."""
    now = timezone.now()
    return remind_planned_visits(now) if is_sending_time(now) else 0


@shared_task(name="visits.remind_unvisited_units", **RETRY_POLICY)
def remind_unvisited_units_task():
    now = timezone.now()
    return remind_unvisited_units(now) if is_sending_time(now) else 0
