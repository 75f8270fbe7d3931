"""The one place a ticket and its timeline entry are written.

``commit`` is called by ``issues.services`` (open, edit, import) and
``issues.workflow`` (every action, transfer) with a row they locked and
checked: it saves the ticket with ``version`` bumped and the history row
dated ``at`` (django-simple-history's ``_history_date``), then writes exactly
one IssueAction dated ``at``, and refreshes the daily summaries (``rollups``) of
every day the ticket's figures sat on before and sit on after. Nothing else in the code base saves a
WorkerIssue or creates an IssueAction (tests/test_one_writer.py enforces it).
"""

from django.utils import timezone

from rollups import services as rollups

from .models import IssueAction, WorkerIssue


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
    before = None if creating else rollups.stored_ticket_state(issue.pk)
    issue.save()
    rollups.refresh(rollups.ticket_keys(before, rollups.ticket_state(issue)))
    return IssueAction.objects.create(
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
