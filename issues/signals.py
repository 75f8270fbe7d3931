"""What the ticket writer tells the apps above it (they may not be imported from here).

``ticket_saved`` is sent by ``issues.timeline.commit`` inside its transaction,
after the ticket is saved, with ``issue`` and ``before`` (the stored
``KEY_FIELDS`` before the change, None for a new ticket). Receivers run in the
same transaction: ``rollups`` refreshes the daily summaries of every day the
ticket's figures sat on before and sit on after.
"""

from django.dispatch import Signal

# The fields that decide where a ticket's figures sit: its campaign, team and unit, and its days.
KEY_FIELDS = ("campaign_id", "team_id", "unit_id", "received_at", "closed_at", "response_due", "resolution_due")

ticket_saved = Signal()
