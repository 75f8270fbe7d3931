"""The outbox: one event per change of status, step, closing kind or satisfaction, in the same transaction."""

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from issues import workflow
from issues.models import WorkerIssue
from webhooks import outbox
from webhooks.models import Delivery, OutboxEvent, WebhookEndpoint

from .actions import Kind, act

pytestmark = pytest.mark.django_db


def events_of(ticket):
    return list(OutboxEvent.objects.filter(ticket=ticket).order_by("sequence").values_list("sequence", "type"))


def test_opening_a_ticket_writes_its_first_event(world, open_ticket):
    ticket = open_ticket(hotline_number="GD20261202001")
    event = OutboxEvent.objects.get(ticket=ticket)
    assert (event.sequence, event.type) == (1, "ticket.created")
    assert event.payload["ticket"] | {"changed_at": None} == {
        "code": ticket.code,
        "source": "12345",
        "hotline_number": "GD20261202001",
        "status": "new",
        "status_label": "待受理",
        "escalation_step": 1,
        "escalation_step_label": "企业内部解决",
        "closing_kind": "",
        "satisfaction": "",
        "changed_at": None,
    }
    assert event.payload["id"] == str(event.event_id)
    assert event.payload["occurred_at"].endswith("+08:00")  # Beijing time, as documented


def test_the_payload_holds_no_personal_data(world, open_ticket):
    ticket = open_ticket(worker_name="张三丰", worker_phone="13812345678", worker_id_number="11010519491231002X")
    act(ticket, world.office_staff, Kind.ACCEPT)
    text = json.dumps([e.payload for e in OutboxEvent.objects.all()], ensure_ascii=False)
    for personal in ("张三丰", "13812345678", "11010519491231002X", "拖欠两个月工资"):
        assert personal not in text


def test_every_state_change_is_an_event_numbered_per_ticket(world, open_ticket):
    ticket = open_ticket()
    for kind in (Kind.ACCEPT, Kind.ESCALATE, Kind.RESOLVE, Kind.SATISFACTION, Kind.REOPEN, Kind.EXPLAIN):
        act(ticket, world.office_staff, kind)
    assert events_of(ticket) == [
        (1, "ticket.created"),
        (2, "ticket.status_changed"),
        (3, "ticket.escalated"),
        (4, "ticket.closed"),
        (5, "ticket.satisfaction_recorded"),
        (6, "ticket.reopened"),
        (7, "ticket.closed"),
    ]
    closed = OutboxEvent.objects.get(ticket=ticket, sequence=7).payload["ticket"]
    assert (closed["status"], closed["closing_kind"], closed["escalation_step"]) == ("closed", "explained", 2)


def test_changes_that_leave_the_state_alone_send_nothing(world, open_ticket):
    ticket = open_ticket()
    act(ticket, world.office_staff, Kind.ACCEPT)
    act(ticket, world.office_staff, Kind.NOTE)
    act(ticket, world.office_staff, Kind.ASSIGN, handler=world.cadre_a)
    assert [seq for seq, _ in events_of(ticket)] == [1, 2]


def test_a_refused_action_writes_no_event(world, open_ticket):
    ticket = open_ticket()
    with pytest.raises(workflow.TransitionError):
        act(ticket, world.office_staff, Kind.RESOLVE)  # a new ticket cannot be closed
    assert events_of(ticket) == [(1, "ticket.created")]


def test_a_rolled_back_change_leaves_no_event(world, open_ticket):
    ticket = open_ticket()
    with pytest.raises(RuntimeError), transaction.atomic():
        act(ticket, world.office_staff, Kind.ACCEPT)
        assert len(events_of(ticket)) == 2  # written inside the transaction …
        raise RuntimeError("the request failed after the change")
    assert events_of(ticket) == [(1, "ticket.created")]  # … and gone with it
    assert WorkerIssue.objects.get(pk=ticket.pk).status == "new"


def test_a_failing_outbox_write_rolls_the_status_change_back(world, open_ticket, monkeypatch):
    ticket = open_ticket()

    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(outbox, "record", broken)
    with pytest.raises(RuntimeError):
        act(ticket, world.office_staff, Kind.ACCEPT)
    reloaded = WorkerIssue.objects.get(pk=ticket.pk)
    assert (reloaded.status, reloaded.version, reloaded.actions.count()) == ("new", 0, 1)


def test_one_delivery_per_active_endpoint_that_wants_the_source(world, open_ticket):
    everything = WebhookEndpoint.objects.create(name="区数据平台", url="https://bi.example.org/hooks")
    hotline = WebhookEndpoint.objects.create(name="12345平台", url="https://12345.example.org/h", sources=["12345"])
    WebhookEndpoint.objects.create(name="12351平台", url="https://12351.example.org/h", sources=["12351"])
    WebhookEndpoint.objects.create(name="停用", url="https://old.example.org/h", active=False)
    open_ticket(source="12345")
    open_ticket(source="field", hotline_number="")
    owed = sorted(Delivery.objects.values_list("endpoint__name", "event__ticket__source"))
    assert owed == sorted([(everything.name, "12345"), (everything.name, "field"), (hotline.name, "12345")])
    assert set(Delivery.objects.values_list("status", "attempts")) == {("pending", 0)}


def test_a_status_change_costs_four_queries_more_whatever_the_number_of_endpoints(
    world, open_ticket, django_assert_max_num_queries
):
    WebhookEndpoint.objects.create(name="区数据平台", url="https://bi.example.org/hooks")
    one, three = open_ticket(), open_ticket()
    with CaptureQueriesContext(connection) as with_one:
        act(one, world.office_staff, Kind.ACCEPT)
    WebhookEndpoint.objects.create(name="12345平台", url="https://12345.example.org/h")
    WebhookEndpoint.objects.create(name="12351平台", url="https://12351.example.org/h")
    # The workflow's ten, the daily summaries' refresh of the ticket's days (rollups.services.refresh,
    # 19 here with the ticket totals' difference, and PostgreSQL's advisory lock; the same whatever the
    # data) and the outbox's four: the last sequence, the event, the endpoints, the deliveries.
    with django_assert_max_num_queries(34) as with_three:
        act(three, world.office_staff, Kind.ACCEPT)
    outbox_queries = [
        [q["sql"] for q in ctx.captured_queries if "webhooks_" in q["sql"]] for ctx in (with_one, with_three)
    ]
    assert [len(queries) for queries in outbox_queries] == [4, 4]
    assert Delivery.objects.filter(event__ticket=three, event__sequence=2).count() == 3
