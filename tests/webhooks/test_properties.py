"""Random ticket actions and receiver failures: every event is delivered once, in order per ticket.

Two 12345 tickets are opened and accepted (two events owed each); hypothesis
draws the receiver's first behaviour and a sequence of steps — an action on one
of the tickets (accepted, escalated, closed, reopened, a note, a satisfaction
callback, refused ones included), the receiver switching between answering, failing (500) and
being too slow, a delivery run, the clock moving on by seconds to an hour.
At the end the receiver answers again and the clock runs on; then the events
it accepted are exactly the outbox, once each, in sequence order per ticket.

Budget: 30 examples of at most 20 steps (about 20 s; without the in-order rule of
``webhooks.delivery.due`` it fails within them); each example runs in a
savepoint rolled back at its end.
"""

import contextlib
import datetime as dt

import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from issues import workflow
from webhooks.delivery import deliver_due
from webhooks.models import Delivery, OutboxEvent

from .actions import Kind, act

MONDAY_9 = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 0))
KINDS = [Kind.ACCEPT, Kind.NOTE, Kind.ESCALATE, Kind.RESOLVE, Kind.EXPLAIN, Kind.REOPEN, Kind.SATISFACTION]
ACT = st.tuples(st.just("act"), st.integers(0, 1), st.sampled_from(KINDS))
RECEIVER = st.tuples(st.just("receiver"), st.sampled_from(["fail", "fail", "slow", "ok"]))
RUN = st.tuples(st.just("run"), st.none())
WAIT = st.tuples(st.just("wait"), st.sampled_from([5, 30, 120, 600, 3600]))
STEP = st.one_of(ACT, ACT, RECEIVER, RUN, WAIT)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(first_mode=st.sampled_from(["fail", "slow", "ok"]), steps=st.lists(STEP, max_size=20))
def test_every_event_is_delivered_once_in_order_per_ticket(world, receiver, endpoint, open_ticket, first_mode, steps):
    receiver.mode, receiver.plan = first_mode, []
    receiver.requests.clear()
    receiver.accepted.clear()
    with time_machine.travel(MONDAY_9, tick=False) as clock, transaction.atomic():
        tickets = [open_ticket() for _ in range(2)]
        for ticket in tickets:
            act(ticket, world.office_staff, Kind.ACCEPT)  # two events owed per ticket from the start
        for step, arg, *rest in steps:
            if step == "act":
                # Not allowed in the ticket's state: refused, nothing written, nothing owed.
                with contextlib.suppress(workflow.TransitionError):
                    act(tickets[arg], world.office_staff, rest[0])
            elif step == "receiver":
                receiver.mode = arg
            elif step == "run":
                deliver_due()
            else:
                clock.shift(dt.timedelta(seconds=arg))
        receiver.mode = "ok"
        for _ in range(10):
            deliver_due()
            if not Delivery.objects.filter(status="pending").exists():
                break
            clock.shift(dt.timedelta(hours=1))

        owed = {}
        for code, seq in OutboxEvent.objects.order_by("ticket_id", "sequence").values_list("ticket__code", "sequence"):
            owed.setdefault(code, []).append(seq)
        assert receiver.accepted_by_ticket() == owed
        assert len(set(receiver.accepted_ids())) == len(receiver.accepted)
        assert receiver.bad_signatures == 0
        assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
        transaction.set_rollback(True)
