"""The reminder sweep and the weekly digest: the one place that runs every kind.

It lives on the read side (dashboard) because it is the only app allowed to
import issues and visits; notifications, the lowest app, knows nothing of them.

Reminders are derived from the state of the database, never from a queue of
past events: a sweep outside sending time (night, weekend, holiday) does
nothing, and the first sweep of the next working morning finds every ticket,
plan and unit that is still due and tells whoever has not been told today.
A sweep missed because the broker was down is caught up the same way.
"""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.models import Campaign, EnterpriseStatusChange, UnionStatus
from campaigns.roles import LEADERSHIP_GROUP
from issues.models import WorkerIssue
from issues.rates import compute_rates
from issues.tasks import remind_issues
from notifications.models import Kind
from notifications.services import link, notify, send_pending_emails
from rollups.models import DayRollup
from visits.tasks import remind_planned_visits, remind_unvisited_units
from workdays.services import is_sending_time

log = logging.getLogger(__name__)


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """One pass over every reminder kind; returns notices created per kind ({} outside sending time)."""
    now = now or timezone.now()
    if not is_sending_time(now):
        log.info("reminder sweep skipped: %s is outside sending time", timezone.localtime(now))
        return {}
    counts = {
        "issues": remind_issues(now),
        "plans": remind_planned_visits(now),
        "unvisited": remind_unvisited_units(now),
        "emails": send_pending_emails(timezone.localdate(now)),
    }
    log.info("reminder sweep at %s: %s", timezone.localtime(now), counts)
    return counts


# -- the weekly digest -------------------------------------------------------


def digest_week(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last full week (Monday to Sunday) before ``today``'s week."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)


def _ticket_lines(issues, days, label: str, start: dt.date, end: dt.date, now: dt.datetime) -> list[str]:
    """One period of the digest: received and closed in it (from the daily summaries ``days`` of the same
    tickets), then its rates (issues.rates) or "nothing due"."""
    counts = days.filter(day__gte=start, day__lte=end).aggregate(
        new=Coalesce(Sum("tickets_opened"), 0), closed=Coalesce(Sum("tickets_closed"), 0)
    )
    rates = compute_rates(issues, start, end, now=now)
    return [
        f"{label}（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）：新受理 {counts['new']} 件，办结 {counts['closed']} 件。",
        rates.summary(period_label=label),
    ]


def _overdue_line(issues, now: dt.datetime) -> str:
    overdue = issues.overdue(now).count()
    if not overdue:
        return "目前没有超期未办结的工单。"
    return f"目前超期未办结 {overdue} 件，请督促办理或按程序上报（看板“逾期工单”列出逾期最久的）。"


def digest_text(start: dt.date, end: dt.date, now: dt.datetime) -> tuple[str, str]:
    """Title and body of the digest for the week [start, end] and the current campaign up to its end.

    Every rate comes from ``issues.rates.compute_rates`` over the period it is
    labelled with; a period in which nothing was due says so instead of showing
    rates, and the tickets overdue now are always named. A handful of aggregate queries.
    """
    visits = DayRollup.objects.filter(day__gte=start, day__lte=end).aggregate(
        n=Coalesce(Sum("visits"), 0),
        workers=Sum("workers_reached"),
        units=Count("unit", distinct=True, filter=Q(visits__gt=0)),
        recruited=Coalesce(Sum("recruited"), 0),
    )
    recruited = visits["recruited"]
    campaign = Campaign.objects.current()
    issues = WorkerIssue.objects.filter(campaign=campaign) if campaign else WorkerIssue.objects.all()
    days = DayRollup.objects.filter(campaign=campaign) if campaign else DayRollup.objects.all()
    steps = dict(
        EnterpriseStatusChange.objects.filter(changed_on__gte=start, changed_on__lte=end)
        .values_list("to_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    iso_year, week, _ = start.isocalendar()
    title = f"每周工作简报（{start:%m月%d日}—{end:%m月%d日}）"
    lines = [
        f"{iso_year} 年第 {week} 周（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）",
        "",
        "【走访】",
        f"走访 {visits['n']} 次，覆盖单位 {visits['units']} 个，覆盖职工 {visits['workers'] or 0} 人，发展会员 {recruited} 人。",
        "",
        "【职工诉求】",
        *_ticket_lines(issues, days, "本周", start, end, now),
        "",
    ]
    if campaign is not None and campaign.start_date <= end:
        to_date = min(end, campaign.end_date)
        lines += [*_ticket_lines(issues, days, f"{campaign.name} 至今", campaign.start_date, to_date, now), ""]
    lines += [
        _overdue_line(issues, now),
        "",
        "【扩大工会覆盖】",
        "本周建会进展："
        + "，".join(f"{label} {steps.get(value, 0)} 家" for value, label in UnionStatus.choices if value != "none")
        + "。",
    ]
    return title, "\n".join(lines)


def send_weekly_digest(now: dt.datetime | None = None) -> int:
    """Send last week's digest to every leadership member, once per week; returns notices created.

    The beat runs it every morning: the first run in sending time of the week
    sends (Monday, or the first working day after a Monday holiday); the
    others find the week's notice already there. Its ``day`` is the Sunday
    that ends the week, so the constraint allows one digest per week.
    """
    now = now or timezone.now()
    if not is_sending_time(now):
        return 0
    start, end = digest_week(timezone.localdate(now))
    iso_year, week, _ = start.isocalendar()
    key = f"digest:{iso_year}-W{week:02d}"
    leadership = get_user_model().objects.filter(is_active=True, groups__name=LEADERSHIP_GROUP).distinct()
    recipients = list(leadership.exclude(notifications__kind=Kind.WEEKLY_DIGEST, notifications__object_key=key))
    if not recipients:
        return 0
    title, body = digest_text(start, end, now)
    url = link("dashboard:index")
    return sum(
        bool(notify(user, kind=Kind.WEEKLY_DIGEST, object_key=key, title=title, body=body, url=url, day=end))
        for user in recipients
    )
