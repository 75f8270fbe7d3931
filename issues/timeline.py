"""The one place a ticket and its timeline entry are written.

``commit`` is called by ``issues.services`` (open, edit, import) and
``issues.workflow`` (every action, transfer) with a row they locked and
checked: it saves the ticket with ``version`` bumped and the history row
dated ``at`` (django-simple-history's ``_history_date``), then writes exactly
one IssueAction dated ``at``, and sends ``issues.signals.ticket_saved`` with the
ticket's key fields as stored before (the daily summaries, ``rollups``, are
refreshed by its receiver in this transaction). Nothing else in the code base saves a
WorkerIssue or creates an IssueAction (tests/test_one_writer.py enforces it).

A change of status, escalation step, closing kind or satisfaction is also
written to the webhook outbox (``webhooks.outbox.record``) in the same
transaction, so an integrating system hears of every change that was
committed and of none that was rolled back.
"""

from django.db import transaction
from django.utils import timezone

from webhooks import outbox

from .models import IssueAction, WorkerIssue
from .signals import KEY_FIELDS, ticket_saved


def _changes_state(issue: WorkerIssue, kind: str, creating: bool, from_status: str, from_step) -> bool:
    # Closing kind changes only with the status (办结 / 重新办理, a database check
    # ties them); satisfaction only by its own entry (or a reopen, a status change).
    return (
        creating
        or from_status != issue.status
        or from_step != issue.escalation_step
        or kind == IssueAction.Kind.SATISFACTION
    )


def commit(issue: WorkerIssue, *, kind: str, actor, at=None, from_status="", from_step=None, **entry) -> IssueAction:
    """Save ``issue`` (new or changed) and its one timeline entry, both dated ``at`` (default now)."""
    at = at or timezone.now()
    creating = issue.pk is None
    if creating:
        issue.created_at = at
    else:
        issue.version += 1
    issue._change_reason = IssueAction.Kind(kind).label
    issue._history_date = at
    issue._history_user = actor
    before = None if creating else WorkerIssue.objects.filter(pk=issue.pk).values(*KEY_FIELDS).first()
    # savepoint=False: the callers' transaction (every caller is atomic), no extra round trips.
    with transaction.atomic(savepoint=False):
        issue.save()
        ticket_saved.send(sender=WorkerIssue, issue=issue, before=before)
        action = IssueAction.objects.create(
            issue=issue,
            kind=kind,
            actor=actor,
            created_at=at,
            from_status=from_status,
            to_status=issue.status,
            from_step=from_step,
            to_step=issue.escalation_step,
            **entry,
        )
        if _changes_state(issue, kind, creating, from_status, from_step):
            outbox.record(issue, kind=kind, from_status=from_status, at=at)
    return action
