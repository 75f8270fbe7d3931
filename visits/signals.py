"""What the visit writer tells the apps above it (they may not be imported from here).

``visit_saved`` is sent by ``visits.services.save_visit`` inside its transaction,
after the visit, its links and recruitment rows are written, with ``visit`` and
``before`` (the stored (campaign_id, team_id, unit_id, date) before an edit, None
for a new visit). Receivers run in the same transaction: ``rollups`` refreshes
the daily summaries of both days.
"""

from django.dispatch import Signal

visit_saved = Signal()
