"""Two delivery runs at once (two workers, or beat firing twice) never send one event twice.

Needs PostgreSQL (SQLite serialises all writers, so there is nothing to race):
DATABASE_URL=postgres://postgres@127.0.0.1:5432/dundian_h_hooks .venv/bin/pytest -m postgres tests/webhooks
"""

import threading

import pytest
from django.db import connection

from webhooks.delivery import deliver_due
from webhooks.models import Delivery, DeliveryAttempt, OutboxEvent

from .actions import Kind, act

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

RUNS = 4


def run_together(func, n):
    barrier = threading.Barrier(n)
    errors = []

    def runner():
        try:
            barrier.wait()
            func()
        except Exception as error:  # pragma: no cover - shown in the assertion
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_concurrent_runs_send_every_event_once_in_order(world, receiver, endpoint, open_ticket):
    tickets = [open_ticket() for _ in range(6)]
    for ticket in tickets:
        act(ticket, world.office_staff, Kind.ACCEPT)
        act(ticket, world.office_staff, Kind.ESCALATE)
    assert OutboxEvent.objects.count() == 18

    assert run_together(deliver_due, RUNS) == []

    assert len(receiver.accepted) == 18
    assert len(set(receiver.accepted_ids())) == 18
    assert receiver.accepted_by_ticket() == {t.code: [1, 2, 3] for t in tickets}
    assert set(Delivery.objects.values_list("status", "attempts")) == {("delivered", 1)}
    assert DeliveryAttempt.objects.count() == 18
