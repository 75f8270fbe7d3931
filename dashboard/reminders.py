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
from django.db.models import Count, Sum
from django.utils import timezone

from campaigns.models import EnterpriseStatusChange, UnionStatus
from campaigns.roles import LEADERSHIP_GROUP
from issues.models import Status, WorkerIssue
from issues.rates import compute_rates, format_rate, period_bounds
from issues.tasks import remind_issues
from notifications.models import Kind
from notifications.services import link, notify, send_pending_emails
from visits.models import Recruitment, Visit
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


def digest_text(start: dt.date, end: dt.date, now: dt.datetime) -> tuple[str, str]:
    """Title and body of the digest for [start, end]: a handful of aggregate queries."""
    since, until = period_bounds(start, end)
    visits = Visit.objects.filter(date__gte=start, date__lte=end).aggregate(
        n=Count("pk"), workers=Sum("workers_reached"), units=Count("unit", distinct=True)
    )
    recruited = (
        Recruitment.objects.filter(visit__date__gte=start, visit__date__lte=end).aggregate(n=Sum("count"))["n"] or 0
    )
    issues = WorkerIssue.objects.all()
    new = issues.filter(received_at__gte=since, received_at__lt=until).count()
    closed = issues.filter(status=Status.CLOSED, closed_at__gte=since, closed_at__lt=until).count()
    overdue = issues.overdue(now).count()
    rates = compute_rates(issues, start, end, now=now)
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
        f"新受理 {new} 件，办结 {closed} 件，目前超期未办结 {overdue} 件。",
        f"响应率 {format_rate(rates.response_rate)}，解决率 {format_rate(rates.resolution_rate)}，"
        f"满意率 {format_rate(rates.satisfaction_rate)}，综合得分 {rates.score if rates.score is not None else '—'}。",
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
