"""Writing the outbox: called by ``issues.timeline.commit``, inside the transaction that saves the ticket.

The event and its deliveries are rows of the same transaction as the status
change: both are committed, or neither is. Nothing here talks to the network;
``webhooks.delivery`` sends the rows later.
"""

from django.db.models import Max
from django.utils import timezone

from .models import Delivery, OutboxEvent, WebhookEndpoint

CLOSED = "closed"


def event_type(kind: str, from_status: str, issue) -> str:
    """What happened, from the timeline entry's kind and the status before and after."""
    if kind == "create":
        return OutboxEvent.Type.CREATED
    if issue.status == CLOSED and from_status != CLOSED:
        return OutboxEvent.Type.CLOSED
    if from_status == CLOSED and issue.status != CLOSED:
        return OutboxEvent.Type.REOPENED
    if kind == "escalate":
        return OutboxEvent.Type.ESCALATED
    if kind == "satisfaction":
        return OutboxEvent.Type.SATISFACTION
    return OutboxEvent.Type.STATUS_CHANGED


def ticket_state(issue, at) -> dict:
    """The ticket as a receiver sees it: codes and states, no worker's name, phone or ID number."""
    return {
        "code": issue.code,
        "source": issue.source,
        "hotline_number": issue.hotline_number,
        "status": issue.status,
        "status_label": issue.get_status_display(),
        "escalation_step": issue.escalation_step,
        "escalation_step_label": issue.get_escalation_step_display(),
        "closing_kind": issue.closing_kind,
        "satisfaction": issue.satisfaction,
        "changed_at": timezone.localtime(at).isoformat(),
    }


def receives(endpoint: WebhookEndpoint, issue) -> bool:
    """Whether ``endpoint`` gets the events of ``issue``.

    An API client's endpoint gets exactly the tickets the client may read
    through the API (``api.views.tickets.tickets_for``: its source, or every
    source when granted all sources), and nothing while the client is disabled.
    An endpoint without a client keeps its own ``sources`` list.
    """
    client = endpoint.client
    if client is None:
        return endpoint.wants(issue.source)
    if not client.active:
        return False
    return client.all_sources or (bool(client.source) and client.source == issue.source)


def record(issue, *, kind: str, from_status: str, at) -> OutboxEvent:
    """One event for this change of ``issue`` and one delivery per active endpoint that receives it.

    The caller holds the ticket's row (``select_for_update`` in the services, or
    a new row), so the next sequence number is not taken by anyone else; the
    unique (ticket, sequence) constraint guards it anyway.
    """
    last = OutboxEvent.objects.filter(ticket=issue).aggregate(last=Max("sequence"))["last"] or 0
    event = OutboxEvent(ticket=issue, sequence=last + 1, type=event_type(kind, from_status, issue), created_at=at)
    event.payload = {
        "id": str(event.event_id),
        "type": event.type,
        "sequence": event.sequence,
        "occurred_at": timezone.localtime(at).isoformat(),
        "ticket": ticket_state(issue, at),
    }
    event.save()
    candidates = (
        WebhookEndpoint.objects.filter(active=True)
        .select_related("client")
        .only("pk", "sources", "client__active", "client__source", "client__all_sources")
    )
    endpoints = [e for e in candidates if receives(e, issue)]
    Delivery.objects.bulk_create(Delivery(endpoint=e, event=event) for e in endpoints)
    return event
