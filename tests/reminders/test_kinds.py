"""Each reminder kind reaches the right people and nobody else (time frozen)."""

import datetime as dt

import pytest
from django.core import mail

from dashboard import reminders
from issues.tasks import remind_issues
from notifications.models import Kind, Notification
from tests.factories import IssueFactory, PlannedVisitFactory, UserFactory, VisitFactory
from visits.tasks import plan_window, remind_planned_visits, remind_unvisited_units

from .conftest import WEDNESDAY_10, local, recipients

pytestmark = pytest.mark.django_db


def _issue(world, **kw):
    defaults = {
        "assignment": world.assignment_a,
        "handler": world.cadre_a,
        "received_at": WEDNESDAY_10 - dt.timedelta(days=5),
        "response_due": WEDNESDAY_10 + dt.timedelta(days=10),
        "resolution_due": WEDNESDAY_10 + dt.timedelta(days=20),
    }
    return IssueFactory(**(defaults | kw))


# -- tickets ---------------------------------------------------------------


def test_due_soon_ticket_tells_handler_and_team_leader_only(world, at):
    now = at(WEDNESDAY_10)
    issue = _issue(world, response_due=now + dt.timedelta(hours=3))
    _issue(world, assignment=world.assignment_b, handler=world.cadre_b)  # far from due: nobody
    assert remind_issues(now) == 2
    assert recipients(Kind.ISSUE_DUE_SOON) == ["cadre_a", "leader_a"]
    notice = Notification.objects.filter(recipient=world.cadre_a).get()
    assert issue.code in notice.title
    assert "响应时限" in notice.body


def test_resolution_deadline_near_after_response_is_due_soon(world, at):
    now = at(WEDNESDAY_10)
    _issue(
        world,
        responded_at=now - dt.timedelta(days=3),
        response_due=now - dt.timedelta(days=2),
        resolution_due=now + dt.timedelta(hours=20),
    )
    remind_issues(now)
    assert "办结时限" in Notification.objects.filter(recipient=world.cadre_a).get().body


def test_overdue_ticket_tells_handler_and_leader_as_overdue_not_due_soon(world, at):
    now = at(WEDNESDAY_10)
    _issue(world, response_due=now - dt.timedelta(days=2), resolution_due=now - dt.timedelta(hours=1))
    remind_issues(now)
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]
    assert recipients(Kind.ISSUE_DUE_SOON) == []


def test_unanswered_past_response_deadline_is_overdue(world, at):
    now = at(WEDNESDAY_10)
    _issue(world, response_due=now - dt.timedelta(minutes=5))
    remind_issues(now)
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]


def test_ticket_without_handler_goes_to_the_leader(world, at):
    now = at(WEDNESDAY_10)
    _issue(world, handler=None, resolution_due=now - dt.timedelta(hours=1), response_due=now - dt.timedelta(days=1))
    remind_issues(now)
    assert recipients() == ["leader_a"]


def test_leader_handling_own_ticket_is_told_once(world, at):
    now = at(WEDNESDAY_10)
    _issue(world, handler=world.leader_a, response_due=now + dt.timedelta(hours=1))
    assert remind_issues(now) == 1
    assert recipients() == ["leader_a"]


def test_closed_ticket_is_not_reminded(world, at):
    now = at(WEDNESDAY_10)
    _issue(
        world,
        status="closed",
        closing_kind="solved",
        closed_at=now - dt.timedelta(days=1),
        responded_at=now - dt.timedelta(days=3),
        response_due=now - dt.timedelta(days=2),
        resolution_due=now - dt.timedelta(hours=1),
    )
    assert remind_issues(now) == 0


def test_overdue_ticket_is_recalled_once_each_day(world, at):
    now = at(WEDNESDAY_10)
    _issue(world, response_due=now - dt.timedelta(days=2), resolution_due=now - dt.timedelta(hours=1))
    assert remind_issues(now) == 2
    assert remind_issues(now + dt.timedelta(minutes=1)) == 0
    assert remind_issues(now + dt.timedelta(days=1)) == 2
    assert Notification.objects.count() == 4


def test_reminder_is_emailed_in_chinese(world, at, django_capture_on_commit_callbacks):
    now = at(WEDNESDAY_10)
    issue = _issue(world, response_due=now + dt.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        remind_issues(now)
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["cadre_a@example.org", "leader_a@example.org"]
    assert mail.outbox[0].subject == f"【蹲点工作平台】工单即将到期：{issue.code} {issue.title}"
    assert "您好" in mail.outbox[0].body


# -- planned visits --------------------------------------------------------


def test_tomorrows_plan_tells_every_member_of_the_team(world, at):
    now = at(WEDNESDAY_10)
    PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 3), created_by=world.cadre_a)
    assert remind_planned_visits(now) == 2
    assert recipients(Kind.PLAN_TOMORROW) == ["cadre_a", "leader_a"]
    assert Notification.objects.first().title == "明日走访计划：高米店街道"


def test_plans_of_other_days_cancelled_or_done_are_not_announced(world, at):
    now = at(WEDNESDAY_10)
    PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 4), created_by=world.cadre_a)
    PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 2), created_by=world.cadre_a)
    PlannedVisitFactory(
        assignment=world.assignment_a, date=dt.date(2026, 12, 3), is_cancelled=True, created_by=world.cadre_a
    )
    visit = VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 1), created_by=world.cadre_a)
    PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 3), visit=visit, created_by=world.cadre_a)
    assert remind_planned_visits(now) == 0


def test_on_friday_mondays_plans_are_announced(world, at):
    friday = at(local(2026, 12, 4, 10))
    PlannedVisitFactory(assignment=world.assignment_b, date=dt.date(2026, 12, 7), created_by=world.cadre_b)
    assert plan_window(friday.date()) == (dt.date(2026, 12, 5), dt.date(2026, 12, 7))
    assert remind_planned_visits(friday) == 2
    assert recipients(Kind.PLAN_TOMORROW) == ["cadre_b", "leader_b"]
    assert Notification.objects.first().title == "12月7日（周一）走访计划：兴丰街道"


def test_plan_window_runs_over_a_holiday(world):
    from workdays.models import CalendarDay

    CalendarDay.objects.create(date=dt.date(2026, 12, 3), is_workday=False, name="测试假日")
    assert plan_window(dt.date(2026, 12, 2)) == (dt.date(2026, 12, 3), dt.date(2026, 12, 4))


# -- units not visited -----------------------------------------------------


def test_unit_not_visited_for_n_days_tells_the_team_leader(world, at, settings):
    settings.REMINDER_UNVISITED_DAYS = 14
    now = at(WEDNESDAY_10)
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 11, 10), created_by=world.cadre_a)  # 22 days
    VisitFactory(assignment=world.assignment_b, date=dt.date(2026, 11, 30), created_by=world.cadre_b)  # 2 days
    assert remind_unvisited_units(now) == 1
    notice = Notification.objects.get()
    assert notice.recipient == world.leader_a
    assert notice.title == "单位久未走访：高米店街道 已 22 天未走访"
    assert "2026-11-10" in notice.body


def test_unvisited_reminder_is_once_per_gap(world, at, settings):
    settings.REMINDER_UNVISITED_DAYS = 14
    now = at(WEDNESDAY_10)
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 11, 10), created_by=world.cadre_a)
    VisitFactory(assignment=world.assignment_b, date=dt.date(2026, 11, 30), created_by=world.cadre_b)
    VisitFactory(assignment=world.assignment_b, date=dt.date(2026, 12, 10), created_by=world.cadre_b)
    remind_unvisited_units(now)
    assert remind_unvisited_units(now + dt.timedelta(days=1)) == 0
    # A visit, then a new gap of 14 days: a new reminder.
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 3), created_by=world.cadre_a)
    assert remind_unvisited_units(now + dt.timedelta(days=3)) == 0
    assert remind_unvisited_units(local(2026, 12, 17, 10)) == 1
    assert recipients(Kind.UNIT_UNVISITED) == ["leader_a", "leader_a"]


def test_threshold_is_configurable(world, at, settings):
    now = at(WEDNESDAY_10)
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 11, 25), created_by=world.cadre_a)  # 7 days
    VisitFactory(assignment=world.assignment_b, date=dt.date(2026, 12, 1), created_by=world.cadre_b)  # 1 day
    settings.REMINDER_UNVISITED_DAYS = 14
    assert remind_unvisited_units(now) == 0
    settings.REMINDER_UNVISITED_DAYS = 7
    assert remind_unvisited_units(now) == 1


def test_never_visited_unit_counts_from_campaign_start(world, at, settings):
    settings.REMINDER_UNVISITED_DAYS = 14
    now = at(WEDNESDAY_10)
    remind_unvisited_units(now)
    assert recipients() == ["leader_a", "leader_b"]
    assert "尚未走访" in Notification.objects.first().body


# -- weekly digest ---------------------------------------------------------


def test_digest_goes_to_leadership_only_once_a_week(world, at):
    other_leader = UserFactory(username="leadership2", groups=["领导"])
    monday = at(local(2026, 12, 7, 8, 30))
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 2), created_by=world.cadre_a, workers_reached=12)
    _issue(world, received_at=local(2026, 12, 3, 9))
    assert reminders.send_weekly_digest(monday) == 2
    assert recipients(Kind.WEEKLY_DIGEST) == sorted(["leadership", other_leader.username])
    notice = Notification.objects.filter(recipient=world.leadership).get()
    assert notice.title == "每周工作简报（11月30日—12月06日）"
    assert "走访 1 次，覆盖单位 1 个，覆盖职工 12 人" in notice.body
    assert "新受理 1 件" in notice.body
    assert "本周没有到期应考核的工单" in notice.body  # its deadlines are still ahead
    assert reminders.send_weekly_digest(monday + dt.timedelta(hours=2)) == 0
    assert reminders.send_weekly_digest(monday + dt.timedelta(days=1)) == 0


def test_digest_waits_for_the_first_working_morning_after_a_monday_holiday(world, at):
    from workdays.models import CalendarDay

    CalendarDay.objects.create(date=dt.date(2026, 12, 7), is_workday=False, name="测试假日")
    assert reminders.send_weekly_digest(at(local(2026, 12, 7, 8, 30))) == 0
    assert reminders.send_weekly_digest(at(local(2026, 12, 8, 8, 30))) == 1
    assert recipients(Kind.WEEKLY_DIGEST) == ["leadership"]
