"""What the visit writer tells the apps above it (they may not be imported from here).

``visit_written`` is sent by ``visits.services.save_visit`` inside its transaction,
after the visit, its links and recruitment rows are written, with ``visit`` and
``before`` (the stored (campaign_id, team_id, unit_id, date) before an edit, None
for a new visit). The admin (superusers fixing records: ``visits.admin``) sends
it too, after a change, a deletion or a recruitment row edited on its own. Receivers run in the same transaction: ``rollups`` refreshes
the daily summaries of both days.
"""

from django.dispatch import Signal

visit_written = Signal()
