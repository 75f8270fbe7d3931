"""Ticket reminders: due soon and overdue, to the handler and the team leader.

The body (``remind_issues``) is a plain function of the database state and the
time, so tests call it directly and a sweep that was missed (broker down, night,
holiday) is caught up by the next one. The Celery task is a thin wrapper.
"""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from campaigns.models import TeamMembership
from dundian.celery import RETRY_POLICY
from notifications.models import Kind
from notifications.services import already_notified, link, notify
from workdays.services import is_sending_time

from .models import WorkerIssue
from .retention import mask_expired_personal_data

log = logging.getLogger(__name__)


def _leaders_by_team(team_ids) -> dict[int, object]:
    memberships = (
        TeamMembership.objects.current()
        .filter(team_id__in=team_ids, role=TeamMembership.Role.LEADER)
        .select_related("user")
    )
    return {m.team_id: m.user for m in memberships}


def _members(team_ids) -> set[tuple[int, int]]:
    return set(TeamMembership.objects.current().filter(team_id__in=team_ids).values_list("team_id", "user_id"))


def _recipients(issue, leaders, members):
    """The handler and the team leader (once each; active users only).

    The handler only while a member of the ticket's team: after a transfer the
    old team's cadre could not open the ticket, so is not sent a link to it.
    """
    people = {}
    handler = issue.handler if (issue.team_id, issue.handler_id) in members else None
    for user in (handler, leaders.get(issue.team_id)):
        if user is not None and user.is_active:
            people[user.pk] = user
    return list(people.values())


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%m月%d日 %H:%M")


def _pending_deadline(issue, now) -> tuple[str, dt.datetime]:
    """The deadline the ticket is up against: response while nobody responded, else resolution."""
    if issue.responded_at is None and issue.response_due >= now:
        return "响应", issue.response_due
    return "办结", issue.resolution_due


def _missed_deadline(issue, now) -> tuple[str, dt.datetime]:
    if issue.resolution_due < now:
        return "办结", issue.resolution_due
    return "响应", issue.response_due


def _send(issues, kind, day, describe) -> int:
    issues = list(issues)
    if not issues:
        return 0
    leaders = _leaders_by_team({i.team_id for i in issues})
    members = _members({i.team_id for i in issues})
    sent_before = already_notified(kind, day, [f"issue:{i.pk}" for i in issues])
    sent = 0
    for issue in issues:
        key = f"issue:{issue.pk}"
        title, body = describe(issue)
        for user in _recipients(issue, leaders, members):
            if (key, user.pk) in sent_before:
                continue
            url = link("issues:detail", issue.pk, fallback=link("issues:list"))
            if notify(user, kind=kind, object_key=key, title=title, body=body, url=url, day=day):
                sent += 1
    return sent


def remind_issues(now: dt.datetime | None = None) -> int:
    """Tell handlers and team leaders about tickets due soon, overdue or past their follow-up date.

    Once per ticket, kind, person and day: a ticket overdue for a week is
    recalled every working day until it is closed. A passed follow-up date
    (跟进日期, set when escalating or recording a reply) is told once.
    Returns the notices created.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    base = WorkerIssue.objects.select_related("handler", "unit").order_by("pk")

    def due_soon(issue):
        which, when = _pending_deadline(issue, now)
        return (
            f"工单即将到期：{issue.code} {issue.title}",
            f"{which}时限 {_fmt(when)}，请及时{which}。\n单位：{issue.unit}",
        )

    def overdue(issue):
        which, when = _missed_deadline(issue, now)
        return (
            f"工单已超期：{issue.code} {issue.title}",
            f"{which}时限 {_fmt(when)} 已过，请尽快办理或按程序上报。\n单位：{issue.unit}",
        )

    def follow_up(issue):
        return (
            f"工单到了跟进日期：{issue.code} {issue.title}",
            f"跟进日期 {issue.follow_up_on:%m月%d日} 已过，请向{issue.escalated_to or '接收单位'}跟进答复落实情况。"
            f"\n单位：{issue.unit}",
        )

    sent = _send(base.due_soon(now), Kind.ISSUE_DUE_SOON, day, due_soon)
    sent += _send(base.overdue(now), Kind.ISSUE_OVERDUE, day, overdue)
    # Once per ticket and follow-up date (the notice's day is the follow-up date), however many sweeps run.
    for follow_up_on in base.open().filter(follow_up_on__lt=day).values_list("follow_up_on", flat=True).distinct():
        passed = base.open().filter(follow_up_on=follow_up_on)
        sent += _send(passed, Kind.ISSUE_FOLLOW_UP, follow_up_on, follow_up)
    return sent


@shared_task(name="issues.remind_issues", **RETRY_POLICY)
def remind_issues_task():
    """Only this kind (the sweep in dashboard.tasks runs every kind)."""
    now = timezone.now()
    return remind_issues(now) if is_sending_time(now) else 0


@shared_task(name="issues.mask_expired_personal_data", **RETRY_POLICY)
def mask_expired_personal_data_task():
    """Daily (schedule: migration 0005): idempotent, so a retried or doubled run masks nothing twice."""
    return mask_expired_personal_data()
