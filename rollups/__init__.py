"""Daily summaries (rollups) of visits and tickets per (campaign, team, unit, day).

Public API (``rollups.services``):

- ``refresh(keys)``: recompute these keys; the writers call it in their transaction
  (``visit_keys``, ``stored_visit_key``, ``ticket_keys``, ``stored_ticket_state``, ``ticket_state`` build the keys);
- ``rebuild(campaign_id=None)`` / ``manage.py rebuild_rollups [--campaign ID]``: from scratch
  (bulk loaders such as ``generate_data`` call ``call_command("rebuild_rollups")`` at the end);
- ``differences(campaign_id=None)`` / ``manage.py check_rollups``: the check.
"""
