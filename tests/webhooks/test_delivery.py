"""Delivery: due rows, in order per ticket, retried with back-off, once; the admin's log and test event."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from webhooks import delivery
from webhooks.delivery import deliver_due, retry_delay
from webhooks.models import Delivery, DeliveryAttempt, OutboxEvent, WebhookEndpoint

from .actions import Kind, act

pytestmark = pytest.mark.django_db

MONDAY_9 = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 0))


def all_events_by_ticket():
    owed = {}
    for code, seq in OutboxEvent.objects.order_by("ticket_id", "sequence").values_list("ticket__code", "sequence"):
        owed.setdefault(code, []).append(seq)
    return owed


def test_retries_wait_longer_each_time_and_at_most_an_hour():
    waits = [retry_delay(n).total_seconds() for n in range(1, 12)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]


def test_a_receiver_that_fails_is_slow_and_comes_back_gets_each_event_once_in_order(
    world, receiver, endpoint, open_ticket, clock
):
    clock.start(MONDAY_9)
    ticket = open_ticket()
    act(ticket, world.office_staff, Kind.ACCEPT)
    act(ticket, world.office_staff, Kind.ESCALATE)
    receiver.plan = ["fail", "slow"]

    deliver_due()  # 500: the endpoint is left alone for the rest of the run
    assert receiver.accepted == []
    deliver_due()  # not due yet: nothing is sent
    assert len(receiver.requests) == 1
    clock.shift(dt.timedelta(seconds=30))
    deliver_due()  # too slow: timed out
    clock.shift(dt.timedelta(seconds=60))
    deliver_due()  # back: the first event, then the two held behind it
    deliver_due()

    assert receiver.accepted_by_ticket() == {ticket.code: [1, 2, 3]}
    assert len(set(receiver.accepted_ids())) == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
    first = Delivery.objects.get(event__sequence=1)
    log = list(first.attempt_log.order_by("at", "id").values_list("ok", "status_code", "error"))
    assert log == [(False, 500, "HTTP 500"), (False, None, "超时"), (True, 204, "")]
    assert first.attempts == 3


def test_a_later_event_waits_for_the_earlier_one_of_its_ticket_only(world, receiver, endpoint, open_ticket, clock):
    clock.start(MONDAY_9)
    stuck = open_ticket()
    act(stuck, world.office_staff, Kind.ACCEPT)
    receiver.plan = ["fail"]
    deliver_due()  # the stuck ticket's event 1 fails; the endpoint rests for this run
    clock.shift(dt.timedelta(seconds=1))
    other = open_ticket()
    deliver_due()  # the stuck ticket's event 1 is not due yet, its event 2 waits behind it; the other goes
    assert receiver.accepted_by_ticket() == {other.code: [1]}
    pending = Delivery.objects.filter(event__ticket=stuck, status="pending").order_by("event__sequence")
    assert [(d.event.sequence, d.attempts) for d in pending] == [(1, 1), (2, 0)]


def test_a_receiver_down_for_a_day_gets_every_event_once_in_order_per_ticket(
    world, receiver, endpoint, open_ticket, clock
):
    clock.start(MONDAY_9)
    first, second = open_ticket(), open_ticket()
    receiver.mode = "fail"
    for hour in range(24):
        for _ in range(12):  # the beat, every 5 minutes here (every 10 s in production)
            deliver_due()
            clock.shift(dt.timedelta(minutes=5))
        if hour == 2:
            act(first, world.office_staff, Kind.ACCEPT)
        if hour == 9:
            act(second, world.office_staff, Kind.ACCEPT)
            act(first, world.office_staff, Kind.ESCALATE)
        if hour == 20:
            act(first, world.office_staff, Kind.RESOLVE)
    assert receiver.accepted == []
    receiver.mode = "ok"
    for _ in range(13):  # back for an hour
        deliver_due()
        clock.shift(dt.timedelta(minutes=5))

    assert receiver.accepted_by_ticket() == all_events_by_ticket() == {first.code: [1, 2, 3, 4], second.code: [1, 2]}
    assert len(set(receiver.accepted_ids())) == len(receiver.accepted) == 6
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
    for row in Delivery.objects.all():
        times = list(row.attempt_log.order_by("at").values_list("at", flat=True))
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert all(gap <= dt.timedelta(hours=1, minutes=5) for gap in gaps), row


def test_a_receiver_down_for_four_days_is_given_up_and_shown_then_sent_again(
    world, receiver, endpoint, open_ticket, clock, client
):
    clock.start(MONDAY_9)
    ticket = open_ticket()
    receiver.mode = "fail"
    for _ in range(4 * 24 + 1):
        deliver_due()
        clock.shift(dt.timedelta(hours=1))
    row = Delivery.objects.get()
    assert (row.status, row.last_error) == ("failed", "HTTP 500")
    assert row.attempts > 70  # every hour once the back-off reached its cap
    deliver_due()
    assert row.attempts == Delivery.objects.get().attempts  # given up: not tried again

    client.force_login(world.admin)
    page = client.get(reverse("admin:webhooks_delivery_changelist"), {"status__exact": "failed"})
    assert ticket.code in page.content.decode()
    receiver.mode = "ok"
    client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "send_again", "_selected_action": [row.pk]},
    )
    deliver_due()
    assert receiver.accepted_by_ticket() == {ticket.code: [1]}
    assert Delivery.objects.get().status == "delivered"


def test_a_delivered_event_is_not_sent_again(world, receiver, endpoint, open_ticket):
    open_ticket()
    deliver_due()
    deliver_due()
    assert len(receiver.requests) == 1


def test_a_row_claimed_by_a_worker_that_died_is_sent_after_the_lease(world, receiver, endpoint, open_ticket, clock):
    clock.start(MONDAY_9)
    open_ticket()
    row = Delivery.objects.get()
    assert delivery.claim(row, timezone.now())  # … and the worker dies before sending
    deliver_due()
    assert receiver.requests == []
    clock.shift(dt.timedelta(seconds=delivery.LEASE_MARGIN_SECONDS + 1))
    deliver_due()
    assert len(receiver.accepted) == 1


def test_a_paused_endpoint_gets_nothing_until_enabled(world, receiver, endpoint, open_ticket):
    ticket = open_ticket()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    act(ticket, world.office_staff, Kind.ACCEPT)  # an inactive endpoint is not owed new events
    deliver_due()
    assert receiver.requests == []
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=True)
    deliver_due()
    assert receiver.accepted_by_ticket() == {ticket.code: [1]}


def test_the_admin_sends_a_signed_test_event(world, receiver, endpoint, client):
    client.force_login(world.admin)
    page = client.post(
        reverse("admin:webhooks_webhookendpoint_changelist"),
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        follow=True,
    )
    assert "测试事件已送达（HTTP 204）" in page.content.decode()
    assert receiver.accepted[0][1]["type"] == "ping"
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.endpoint, attempt.delivery, attempt.ok) == (endpoint, None, True)


def test_the_admin_says_when_the_test_event_was_not_accepted(world, receiver, endpoint, client):
    receiver.mode = "fail"
    client.force_login(world.admin)
    page = client.post(
        reverse("admin:webhooks_webhookendpoint_changelist"),
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        follow=True,
    )
    assert "测试事件未送达（HTTP 500）" in page.content.decode()


def test_the_admin_refuses_a_url_that_is_not_http(world, client):
    client.force_login(world.admin)
    page = client.post(
        reverse("admin:webhooks_webhookendpoint_add"),
        {"name": "文件服务器", "url": "ftp://files.example.org/in", "active": "on"},
    )
    assert page.status_code == 200
    assert "http://" in page.content.decode() and "ftp://files.example.org/in" in page.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_admin_registers_an_endpoint_for_two_sources_with_a_secret(world, client):
    client.force_login(world.admin)
    client.post(
        reverse("admin:webhooks_webhookendpoint_add"),
        {"name": "热线平台", "url": "https://hotline.example.org/in", "active": "on", "sources": ["12345", "12351"]},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.sources == ["12345", "12351"]
    assert endpoint.secret.startswith("whsec_")
    page = client.get(reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]))
    assert endpoint.secret in page.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_webhookendpoint")
        (stored,) = cursor.fetchone()
    assert stored.startswith("gAAAAA") and endpoint.secret not in stored  # encrypted at rest: a Fernet token


def test_the_admin_pages_of_the_log_open(world, receiver, endpoint, open_ticket, client):
    open_ticket()
    deliver_due()
    client.force_login(world.admin)
    row = Delivery.objects.get()
    for url in (
        reverse("admin:webhooks_webhookendpoint_changelist"),
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]),
        reverse("admin:webhooks_delivery_changelist"),
        reverse("admin:webhooks_delivery_change", args=[row.pk]),
        reverse("admin:webhooks_deliveryattempt_changelist"),
        reverse("admin:webhooks_outboxevent_changelist"),
    ):
        assert client.get(url).status_code == 200, url


def test_office_staff_without_admin_access_cannot_open_the_log(world, client):
    client.force_login(world.office_staff)
    page = client.get(reverse("admin:webhooks_webhookendpoint_changelist"))
    assert page.status_code in (302, 403)


def test_deliver_webhooks_by_hand_says_what_it_did(world, receiver, endpoint, open_ticket):
    from io import StringIO

    from django.core.management import call_command

    open_ticket()
    out = StringIO()
    call_command("deliver_webhooks", stdout=out)
    assert out.getvalue().strip() == "本次送达 1 条，失败 0 条（将按退避时间重试）；待投递 0 条，已放弃 0 条。"
    assert len(receiver.accepted) == 1
