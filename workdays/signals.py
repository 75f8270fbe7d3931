"""``calendar_changed``: sent after the working-day calendar changed.

Arguments: ``dates`` (the days whose working/non-working status changed),
``years`` (years newly loaded: deadlines counted on Monday–Friday in them are
to be recomputed even if no day changed), ``reason`` (Chinese, for the
ticket's timeline), ``at`` and ``actor`` (who changed the calendar, or None).
The calendar app imports none of ours, so the ticket app listens
(``issues.apps``) instead of being called.
"""

from django.dispatch import Signal

calendar_changed = Signal()
