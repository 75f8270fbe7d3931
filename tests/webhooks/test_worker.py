"""A real Celery worker on a real Redis runs the periodic delivery end to end.

Run on their own (the default suite runs tasks eagerly and skips these):

    CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/pytest -m worker tests/webhooks/test_worker.py

.ci/run runs every ``worker`` test this way, on PostgreSQL.
"""

import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from dundian.celery import app
from webhooks.models import Delivery
from webhooks.tasks import deliver_due

from .actions import Kind, act

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


@pytest.fixture
def finished():
    """Waits for the worker to finish n delivery runs (the signal fires in the worker thread)."""

    class Finished:
        count = 0
        changed = threading.Condition()

        def __call__(self, sender=None, **kwargs):
            if sender is not None and sender.name == "webhooks.deliver_due":
                with self.changed:
                    self.count += 1
                    self.changed.notify_all()

        def wait_for(self, n):
            deadline = time.monotonic() + WAIT_SECONDS
            with self.changed:
                while self.count < n:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise AssertionError(f"the worker finished {self.count} of {n} runs in {WAIT_SECONDS} s")
                    self.changed.wait(left)

    counter = Finished()
    task_postrun.connect(counter, weak=False)
    yield counter
    task_postrun.disconnect(counter)


def test_the_worker_delivers_a_status_change(worker, finished, world, receiver, endpoint, open_ticket):
    ticket = open_ticket()
    act(ticket, world.office_staff, Kind.ACCEPT)
    deliver_due.delay()
    finished.wait_for(1)
    assert receiver.accepted_by_ticket() == {ticket.code: [1, 2]}
    assert receiver.bad_signatures == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_beat_firing_twice_sends_once(worker, finished, world, receiver, endpoint, open_ticket):
    ticket = open_ticket()
    deliver_due.delay()
    deliver_due.delay()
    finished.wait_for(2)
    assert receiver.accepted_by_ticket() == {ticket.code: [1]}
    assert len(receiver.requests) == 1


def test_a_failed_try_is_retried_by_a_later_run_not_a_countdown(
    worker, finished, world, receiver, endpoint, open_ticket, settings
):
    settings.WEBHOOK_FIRST_RETRY_SECONDS = 0  # due again at once: the next run retries it
    ticket = open_ticket()
    receiver.plan = ["fail"]
    deliver_due.delay()
    finished.wait_for(1)
    assert receiver.accepted == []
    assert Delivery.objects.get().attempts == 1
    deliver_due.delay()
    finished.wait_for(2)
    assert receiver.accepted_by_ticket() == {ticket.code: [1]}
