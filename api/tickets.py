"""Tickets sent by a hotline platform: created once, whatever the retries (issue 17).

``receive_ticket`` opens the ticket through ``issues.services.open_issue`` —
the service of the create page and the hotline import — and is idempotent
twice over:

1. on the ``Idempotency-Key`` header: the key, with the SHA-256 of the
   request body, is stored in the same transaction as the ticket
   (``IdempotencyKey``, unique per client). The same key and body again give
   the same ticket; the same key with another body is refused (422).
2. on (source, hotline number), the database's unique constraint: a hotline
   ticket already registered — by the API, the Excel import or a form — is
   returned as it is, never registered twice.

Under concurrency (20 identical POSTs at once) every loser of the race hits a
unique constraint inside its savepoint, rolls it back, and reads the winner's
ticket: one ticket, 201 for the first call and 200 for the others.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from issues.models import WorkerIssue
from issues.services import open_issue

from .models import ApiClient, IdempotencyKey
from .problems import IdempotencyKeyReused


@dataclass
class Received:
    issue: WorkerIssue
    created: bool


def fingerprint(data) -> str:
    """SHA-256 of the request body as parsed (key order and spacing do not matter)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _known(client: ApiClient, key: str | None, print_: str, source: str, number: str) -> WorkerIssue | None:
    if key:
        stored = IdempotencyKey.objects.filter(client=client, key=key).select_related("issue").first()
        if stored is not None:
            if stored.fingerprint != print_:
                raise IdempotencyKeyReused()
            return stored.issue
    return WorkerIssue.objects.filter(source=source, hotline_number=number).first()


def _remember(client, key, print_, issue):
    if key:
        IdempotencyKey.objects.get_or_create(client=client, key=key, defaults={"fingerprint": print_, "issue": issue})


def receive_ticket(client: ApiClient, data: dict, *, key: str | None, print_: str) -> Received:
    """The ticket for ``data`` (validated ``TicketInSerializer`` data): the known one, or a new one."""
    source, number = data["source"], data["hotline_number"]
    known = _known(client, key, print_, source, number)
    if known is not None:
        with transaction.atomic():
            _remember(client, key, print_, known)
        return Received(known, created=False)
    assignment = data["unit"]
    try:
        with transaction.atomic():
            issue = open_issue(
                created_by=client.account,
                source=source,
                hotline_number=number,
                category=data["category"],
                urgency=data["urgency"],
                team=assignment.team,
                unit=assignment.unit,
                campaign=assignment.campaign,
                title=data["title"],
                description=data["description"],
                received_at=data["received_at"],
                worker_name=data["worker_name"],
                worker_phone=data["worker_phone"],
                worker_id_number=data["worker_id_number"],
                enterprise=data["enterprise_credit_code"],
            )
            if key:
                IdempotencyKey.objects.create(client=client, key=key, fingerprint=print_, issue=issue)
    except IntegrityError:
        # Another request registered it between our look and our insert: theirs is the ticket.
        known = _known(client, key, print_, source, number)
        if known is None:
            raise
        return Received(known, created=False)
    return Received(issue, created=True)
