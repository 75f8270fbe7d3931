"""A real Celery worker on a real Redis delivers reminders end to end.

Run on their own (the default suite runs tasks eagerly and skips these):

    CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/pytest -m worker tests/reminders/test_worker.py

.ci/run does this on PostgreSQL after starting Redis if it is down.
"""

import datetime as dt
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import DatabaseError, transaction
from django.utils import timezone

from dashboard import reminders
from dashboard.tasks import sweep_reminders
from dundian.celery import app, enqueue_after_commit
from notifications.models import Kind, Notification
from tests.factories import IssueFactory
from workdays.models import CalendarDay

from .conftest import recipients

REAL_BROKER = not app.conf.task_always_eager and str(app.conf.broker_url).startswith("redis://")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not REAL_BROKER,
        reason="needs CELERY_TASK_ALWAYS_EAGER=0 and CELERY_BROKER_URL=redis://… (run by .ci/run with Redis)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 30


@pytest.fixture(scope="module")
def worker():
    app.control.purge()  # nothing left over from an earlier run on this Redis DB
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30) as w:
        yield w


class Finished:
    """Counts tasks the worker finished (the signal fires in the worker thread)."""

    def __init__(self, name):
        self.name = name
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, sender=None, **kwargs):
        if sender is not None and sender.name == self.name:
            with self.changed:
                self.count += 1
                self.changed.notify_all()

    def wait_for(self, n):
        deadline = time.monotonic() + WAIT_SECONDS
        with self.changed:
            while self.count < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"the worker finished {self.count} of {n} tasks in {WAIT_SECONDS} s")
                self.changed.wait(left)


@pytest.fixture
def finished():
    counter = Finished("dashboard.sweep_reminders")
    task_postrun.connect(counter, weak=False)
    yield counter
    task_postrun.disconnect(counter)


@pytest.fixture
def sending_now(settings):
    """Make the real present a working hour of a working day (the worker runs on the real clock)."""
    settings.REMINDER_WORKDAY_START_HOUR = 0
    settings.REMINDER_WORKDAY_END_HOUR = 24
    settings.REMINDER_UNVISITED_DAYS = 10_000  # only the ticket reminders in these tests
    CalendarDay.objects.update_or_create(date=timezone.localdate(), defaults={"is_workday": True, "name": "测试"})


@pytest.fixture
def overdue_issue(world):
    now = timezone.now()
    return IssueFactory(
        assignment=world.assignment_a,
        handler=world.cadre_a,
        received_at=now - dt.timedelta(days=10),
        response_due=now - dt.timedelta(days=9),
        resolution_due=now - dt.timedelta(hours=1),
    )


def test_worker_delivers_a_reminder_enqueued_after_commit(worker, finished, sending_now, overdue_issue):
    with transaction.atomic():
        enqueue_after_commit(sweep_reminders)
    finished.wait_for(1)
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]
    assert sorted(m.to[0] for m in mail.outbox) == ["cadre_a@example.org", "leader_a@example.org"]


def test_beat_firing_twice_sends_once(worker, finished, sending_now, overdue_issue):
    sweep_reminders.delay()
    sweep_reminders.delay()
    finished.wait_for(2)
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_worker_retries_a_failing_sweep_then_delivers(worker, finished, sending_now, overdue_issue, monkeypatch):
    real_sweep = reminders.sweep
    attempts = []

    def flaky(now=None):
        attempts.append(now)
        if len(attempts) == 1:
            raise DatabaseError("database restarting")
        return real_sweep(now)

    monkeypatch.setattr(reminders, "sweep", flaky)
    sweep_reminders.delay()
    finished.wait_for(2)  # the failed attempt and the retry
    assert len(attempts) == 2
    assert recipients(Kind.ISSUE_OVERDUE) == ["cadre_a", "leader_a"]
