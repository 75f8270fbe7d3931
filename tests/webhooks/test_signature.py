"""The signature check of docs/api-webhooks.md, run by the test receiver on every request."""

import json
import time

import pytest

from webhooks.delivery import deliver_due
from webhooks.signing import signature_header

from .conftest import documented_verify

SECRET = "whsec_test"


def test_the_receiver_verifies_every_delivery_with_the_documented_lines(world, receiver, endpoint, open_ticket):
    open_ticket()
    deliver_due()
    assert receiver.bad_signatures == 0
    assert len(receiver.accepted) == 1
    headers, body, _ = receiver.requests[0]
    event = json.loads(body)
    assert headers["X-Dundian-Event-Id"] == event["id"]
    assert headers["X-Dundian-Event-Type"] == "ticket.created"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert documented_verify()(endpoint.secret, body, headers["X-Dundian-Signature"])


@pytest.mark.django_db
def test_a_delivery_signed_with_another_secret_is_refused(world, receiver, endpoint, open_ticket):
    receiver.secret = "whsec_not_the_endpoints"
    open_ticket()
    deliver_due()
    assert receiver.bad_signatures == 1
    assert receiver.accepted == []


def test_the_documented_check_refuses_a_changed_body():
    verify = documented_verify()
    now = int(time.time())
    header = signature_header(SECRET, now, b'{"status":"new"}')
    assert verify(SECRET, b'{"status":"new"}', header)
    assert not verify(SECRET, b'{"status":"closed"}', header)


def test_the_documented_check_refuses_a_wrong_secret_an_old_request_and_a_garbled_header():
    verify = documented_verify()
    body = b"{}"
    now = int(time.time())
    assert not verify("whsec_other", body, signature_header(SECRET, now, body))
    assert not verify(SECRET, body, signature_header(SECRET, now - 3600, body))
    assert not verify(SECRET, body, "v1=abc")
    assert not verify(SECRET, body, "")
