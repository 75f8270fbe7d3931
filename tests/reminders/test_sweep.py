"""The sweep: once per event/person/day, nothing at night or on a day off, catch-up after."""

import datetime as dt
import logging

import pytest
from celery import Celery
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from dashboard import reminders
from dashboard.tasks import sweep_reminders
from dundian.celery import enqueue_after_commit
from notifications.models import Kind, Notification
from tests.factories import IssueFactory, PlannedVisitFactory
from workdays.models import CalendarDay

from .conftest import WEDNESDAY_10, local, recipients

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:6390/0"


@pytest.fixture
def due_world(world):
    """A ticket of team A overdue (from 1 Dec) and a plan of team B for 3 Dec."""
    IssueFactory(
        assignment=world.assignment_a,
        handler=world.cadre_a,
        received_at=local(2026, 11, 20),
        response_due=local(2026, 11, 21),
        resolution_due=local(2026, 12, 1, 9),
    )
    PlannedVisitFactory(assignment=world.assignment_b, date=dt.date(2026, 12, 3), created_by=world.cadre_b)
    return world


def test_sweep_sends_every_kind(due_world, at):
    counts = reminders.sweep(at(WEDNESDAY_10))
    assert counts["issues"] == 2
    assert counts["plans"] == 2
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]
    assert recipients(Kind.PLAN_TOMORROW) == ["cadre_b", "leader_b"]


def test_second_sweep_sends_nothing(due_world, at):
    now = at(WEDNESDAY_10)
    reminders.sweep(now)
    before = Notification.objects.count()
    assert set(reminders.sweep(now + dt.timedelta(minutes=1)).values()) == {0}
    assert Notification.objects.count() == before


def test_a_task_run_twice_sends_once(due_world, at):
    at(WEDNESDAY_10)
    sweep_reminders.apply()
    before = Notification.objects.count()
    sweep_reminders.apply()
    assert Notification.objects.count() == before > 0


@pytest.mark.parametrize("hour", [7, 20, 23])
def test_nothing_at_night(due_world, at, hour):
    assert reminders.sweep(at(local(2026, 12, 2, hour, 30 if hour == 7 else 0))) == {}
    assert Notification.objects.count() == 0


def test_night_reminders_are_sent_the_next_working_morning(due_world, at):
    reminders.sweep(at(local(2026, 12, 1, 22)))
    assert Notification.objects.count() == 0
    reminders.sweep(at(local(2026, 12, 2, 8, 0)))
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]


def test_nothing_on_a_weekend_then_monday_catches_up(due_world, at):
    assert reminders.sweep(at(local(2026, 12, 5, 10))) == {}  # Saturday
    assert reminders.sweep(at(local(2026, 12, 6, 10))) == {}  # Sunday
    assert Notification.objects.count() == 0
    reminders.sweep(at(local(2026, 12, 7, 8, 1)))
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]


def test_nothing_on_a_weekday_holiday(due_world, at):
    CalendarDay.objects.create(date=dt.date(2026, 12, 2), is_workday=False, name="测试假日")
    assert reminders.sweep(at(WEDNESDAY_10)) == {}
    assert Notification.objects.count() == 0


def test_make_up_working_saturday_sends(due_world, at):
    CalendarDay.objects.create(date=dt.date(2026, 12, 5), is_workday=True, name="调休上班")
    reminders.sweep(at(local(2026, 12, 5, 10)))
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]


def test_send_reminders_command_is_idempotent(due_world, at, capsys):
    at(WEDNESDAY_10)
    call_command("send_reminders")
    first = capsys.readouterr().out
    assert "工单提醒 2 条" in first
    assert "走访计划提醒 2 条" in first
    count = Notification.objects.count()
    call_command("send_reminders")
    assert "工单提醒 0 条" in capsys.readouterr().out
    assert Notification.objects.count() == count


def test_send_reminders_command_at_night_says_when(due_world, at, capsys):
    at(local(2026, 12, 4, 21))  # Friday night
    call_command("send_reminders")
    assert "下次发送时间：2026-12-07 08:00" in capsys.readouterr().out
    assert Notification.objects.count() == 0


# -- enqueue after commit ---------------------------------------------------


class RecordingTask:
    name = "recording"

    def __init__(self):
        self.calls = []

    def apply_async(self, args=(), kwargs=None):
        self.calls.append(args)


def test_enqueue_waits_for_commit(db, django_capture_on_commit_callbacks):
    task = RecordingTask()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        enqueue_after_commit(task, 42)
        assert task.calls == []
    assert task.calls == []
    for callback in callbacks:
        callback()
    assert task.calls == [(42,)]


def test_rolled_back_transaction_enqueues_nothing(db, django_capture_on_commit_callbacks):
    task = RecordingTask()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue_after_commit(task)
        raise RuntimeError("rollback")
    assert task.calls == []


def test_sweep_enqueued_after_commit_delivers(due_world, at, django_capture_on_commit_callbacks):
    at(WEDNESDAY_10)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue_after_commit(sweep_reminders)
        assert Notification.objects.count() == 0
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]


# -- retries ------------------------------------------------------------------


def test_task_retries_a_database_error_then_gives_up(db, monkeypatch):
    calls = []

    def flaky(now=None):
        calls.append(now)
        raise DatabaseError("database went away")

    monkeypatch.setattr(reminders, "sweep", flaky)
    # Eager retries re-apply with the app's default; let failures be results, as on a worker.
    monkeypatch.setitem(sweep_reminders.app.conf, "task_eager_propagates", False)
    result = sweep_reminders.apply()
    assert len(calls) == 1 + sweep_reminders.max_retries == 6
    assert result.state == "FAILURE"
    assert isinstance(result.result, DatabaseError)


def test_task_does_not_retry_a_programming_error(db, monkeypatch):
    calls = []

    def broken(now=None):
        calls.append(now)
        raise ValueError("bug")

    monkeypatch.setattr(reminders, "sweep", broken)
    result = sweep_reminders.apply(throw=False)
    assert len(calls) == 1
    assert result.state == "FAILURE"


def test_retry_policy_backs_off():
    assert sweep_reminders.retry_backoff is True
    assert sweep_reminders.max_retries == 5


# -- Redis down ---------------------------------------------------------------


@pytest.fixture
def broker_down(settings):
    """A Celery app configured from our settings, with the broker on a closed port."""
    settings.CELERY_BROKER_URL = CLOSED_PORT
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Not the current app: later tests' shared tasks must keep using dundian's (eager) app.
    app = Celery("dundian-broker-down", task_cls="celery.contrib.django.task:DjangoTask", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.finalize()
    yield app
    app.close()


def test_broker_down_save_works_failure_is_logged_next_sweep_catches_up(
    world, at, broker_down, caplog, django_capture_on_commit_callbacks
):
    now = at(WEDNESDAY_10)
    task = broker_down.tasks["dashboard.sweep_reminders"]
    caplog.set_level(logging.ERROR, logger="dundian.celery")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        issue = IssueFactory(
            assignment=world.assignment_a,
            handler=world.cadre_a,
            received_at=now,
            response_due=now + dt.timedelta(hours=2),
            resolution_due=now + dt.timedelta(days=7),
        )
        enqueue_after_commit(task)
    # The save stands, the outage is logged, nothing was sent yet.
    assert type(issue).objects.filter(pk=issue.pk).exists()
    assert "broker unreachable" in caplog.text
    assert Notification.objects.count() == 0
    # The next sweep (beat, or send_reminders by hand) delivers, once.
    reminders.sweep(now + dt.timedelta(minutes=1))
    reminders.sweep(now + dt.timedelta(minutes=2))
    assert recipients(Kind.ISSUE_DUE_SOON) == ["cadre_a", "leader_a"]


def test_healthz_reports_broker_down(client, db, broker_down, monkeypatch):
    import dundian.celery

    monkeypatch.setattr(dundian.celery, "app", broker_down)
    body = client.get(reverse("healthz")).json()
    assert body["broker"] == "down"
    assert body["database"] == "ok"
    assert body["status"] == "degraded"
