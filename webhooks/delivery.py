"""Delivering the outbox: due rows, claimed by a conditional UPDATE, sent in order per ticket, retried with back-off.

``deliver_due`` is what the periodic task runs (every 10 seconds, see the
migration). No task is scheduled for later: the time of the next try is the
row's ``next_attempt_at``, so a worker restart, a broker outage or a second
worker changes nothing about what is owed.

- **Claim**: a row is taken by moving its ``next_attempt_at`` forward by a lease,
  ``UPDATE … WHERE id = … AND next_attempt_at = <the value read>``; of two
  workers that read the same row, one updates it and the other matches nothing
  (on PostgreSQL the second waits for the first's row lock, then re-reads). A
  worker that dies mid-request leaves the row due again once the lease is over.
- **Order**: an event is sent to an endpoint only when no earlier event of the same
  ticket is still pending for that endpoint (delivered or given up).
- **Back-off**: after the n-th failed try the row waits
  ``WEBHOOK_FIRST_RETRY_SECONDS × 2^(n-1)``, at most ``WEBHOOK_MAX_RETRY_SECONDS``;
  after ``WEBHOOK_GIVE_UP_AFTER_HOURS`` it is marked failed (the admin shows it and
  can send it again). Within one run, an endpoint that failed once is not tried
  again, so a receiver that is down gets one request per run, not one per event.
"""

import datetime as dt
import http.client
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Delivery, DeliveryAttempt, WebhookEndpoint
from .signing import EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signature_header

PENDING = Delivery.Status.PENDING
BATCH = 100
# A claimed row is due again this long after the request's timeout (its worker died).
LEASE_MARGIN_SECONDS = 60
USER_AGENT = "dundian-webhooks/1"


@dataclass
class Outcome:
    ok: bool
    status_code: int | None
    error: str
    duration_ms: int


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: the receiver registers its final URL."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def post(endpoint: WebhookEndpoint, payload: dict, *, now=None) -> Outcome:
    """POST the signed payload; any 2xx answer within the timeout is a delivery."""
    body = body_of(payload)
    timestamp = int((now or timezone.now()).timestamp())
    request = urllib.request.Request(  # noqa: S310 -- the URL is http(s), checked by the model and its constraint
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            EVENT_ID_HEADER: payload["id"],
            EVENT_TYPE_HEADER: payload["type"],
            SIGNATURE_HEADER: signature_header(endpoint.secret, timestamp, body),
        },
    )
    started = time.monotonic()
    status, error = None, ""
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:  # nosec B310
            status = response.status
    except urllib.error.HTTPError as answer:
        status = answer.code
        answer.close()
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as failure:
        reason = getattr(failure, "reason", failure)
        error = "超时" if isinstance(reason, TimeoutError) else f"{type(reason).__name__}: {reason}"
    duration_ms = int((time.monotonic() - started) * 1000)
    ok = status is not None and 200 <= status < 300
    if status is not None and not ok:
        error = f"HTTP {status}"
    return Outcome(ok=ok, status_code=status, error=error[:200], duration_ms=duration_ms)


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed try: doubling from the first, capped."""
    first, cap = settings.WEBHOOK_FIRST_RETRY_SECONDS, settings.WEBHOOK_MAX_RETRY_SECONDS
    return dt.timedelta(seconds=min(first * 2 ** min(attempts - 1, 30), cap))


def due(now, skip_endpoints=()):
    """Pending rows whose time has come, of active endpoints, and first in line for their (endpoint, ticket)."""
    earlier_pending = Delivery.objects.filter(
        endpoint=OuterRef("endpoint"),
        event__ticket=OuterRef("event__ticket"),
        event__sequence__lt=OuterRef("event__sequence"),
        status=PENDING,
    )
    return (
        Delivery.objects.filter(status=PENDING, next_attempt_at__lte=now, endpoint__active=True)
        .exclude(endpoint_id__in=list(skip_endpoints))
        .filter(~Exists(earlier_pending))
        .select_related("event", "endpoint")
        .order_by("next_attempt_at", "id")
    )


def claim(delivery: Delivery, now) -> bool:
    """Take the row for this worker (see the module's docstring); False if another worker has it."""
    lease = now + dt.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS)
    taken = Delivery.objects.filter(pk=delivery.pk, status=PENDING, next_attempt_at=delivery.next_attempt_at).update(
        next_attempt_at=lease
    )
    return taken == 1


def record_outcome(delivery: Delivery, outcome: Outcome, now) -> None:
    """The attempt in the log and the row's new state: delivered, due again later, or given up."""
    attempts = delivery.attempts + 1
    changes = {"attempts": attempts, "last_error": outcome.error}
    if outcome.ok:
        changes.update(status=Delivery.Status.DELIVERED, delivered_at=now)
    elif now - delivery.created_at >= dt.timedelta(hours=settings.WEBHOOK_GIVE_UP_AFTER_HOURS):
        changes.update(status=Delivery.Status.FAILED)
    else:
        changes.update(next_attempt_at=now + retry_delay(attempts))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(**changes)
        DeliveryAttempt.objects.create(
            endpoint_id=delivery.endpoint_id,
            delivery=delivery,
            at=now,
            status_code=outcome.status_code,
            duration_ms=outcome.duration_ms,
            error=outcome.error,
            ok=outcome.ok,
        )


def deliver_due(*, budget_seconds: float = 50.0) -> dict:
    """Send every due row (rows that become due by a delivery in this run too), for at most ``budget_seconds``.

    Run outside a transaction: each claim must be visible to other workers at once.
    Returns counts: delivered, failed (this try), skipped (claimed by another worker).
    """
    started = time.monotonic()
    counts = {"delivered": 0, "failed": 0, "skipped": 0}
    failing = set()
    while time.monotonic() - started < budget_seconds:
        batch = list(due(timezone.now(), failing)[:BATCH])
        if not batch:
            break
        for delivery in batch:
            if delivery.endpoint_id in failing or time.monotonic() - started >= budget_seconds:
                continue
            if not claim(delivery, timezone.now()):
                counts["skipped"] += 1
                continue
            outcome = post(delivery.endpoint, delivery.event.payload)
            record_outcome(delivery, outcome, timezone.now())
            if outcome.ok:
                counts["delivered"] += 1
            else:
                counts["failed"] += 1
                failing.add(delivery.endpoint_id)
    return counts


def send_test(endpoint: WebhookEndpoint) -> DeliveryAttempt:
    """A signed ``ping`` event to one endpoint, now (the admin's 发送测试事件); logged, never retried."""
    now = timezone.now()
    payload = {"id": str(uuid.uuid4()), "type": "ping", "occurred_at": now.isoformat(), "test": True}
    outcome = post(endpoint, payload, now=now)
    return DeliveryAttempt.objects.create(
        endpoint=endpoint,
        at=now,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        error=outcome.error,
        ok=outcome.ok,
    )


def send_again(deliveries) -> int:
    """Failed rows owed again from now (the admin's 重新投递): the give-up clock restarts."""
    now = timezone.now()
    return deliveries.filter(status=Delivery.Status.FAILED).update(
        status=PENDING, next_attempt_at=now, created_at=now, last_error=""
    )
