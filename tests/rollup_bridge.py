"""Keeps the daily summaries current for rows the tests write directly (factories, ``.save()``).

In the application only the writers (``visits.services.save_visit`` and
``issues.timeline.commit``) write visits and tickets, and they refresh the
rollups. The factories write rows as they are given, so for every test the
bridge below refreshes the keys of each visit, recruitment row, visit–enterprise
link and ticket saved or deleted. Tests marked ``writers_only`` (tests/rollups)
run without it: there the writers alone must keep the rollups equal to the raw rows.

While a writer is running the bridge stays out of the way: the writer refreshes
the summaries itself, and a second refresh from here would double the work the
query-count tests measure (the writers' costs must be the application's own).
"""

import inspect
import sys

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from issues.models import WorkerIssue
from issues.timeline import commit
from rollups import services as rollups
from visits.models import Recruitment, Visit
from visits.services import move_enterprise_visits_to_site, record_visit, save_visit

_UID = "tests.rollup_bridge"
# The application's writers of visits and tickets (each sends the signal that refreshes the summaries).
_WRITERS = {inspect.unwrap(f).__code__ for f in (commit, save_visit, record_visit, move_enterprise_visits_to_site)}


def _inside_a_writer() -> bool:
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code in _WRITERS:
            return True
        frame = frame.f_back
    return False


def _unless_a_writer_runs(handler):
    def bridged(sender, **kwargs):
        if not _inside_a_writer():
            handler(sender, **kwargs)

    bridged.__name__ = handler.__name__
    return bridged


def _visit_pre(sender, instance, **kwargs):
    instance._rollup_before = rollups.stored_visit_key(instance.pk)


def _visit_post(sender, instance, **kwargs):
    # As stored (a factory may have been given a date as text); gone after a delete.
    after = rollups.stored_visit_key(instance.pk) if kwargs.get("signal") is post_save else None
    rollups.refresh(rollups.visit_keys(getattr(instance, "_rollup_before", None), after))


def _recruitment(sender, instance, **kwargs):
    visit = Visit.objects.filter(pk=instance.visit_id).first()
    if visit is not None:
        rollups.refresh(rollups.visit_keys(visit))


def _links(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("post_") and isinstance(instance, Visit):
        rollups.refresh(rollups.visit_keys(rollups.stored_visit_key(instance.pk)))


def _ticket_pre(sender, instance, **kwargs):
    instance._rollup_before = rollups.stored_ticket_state(instance.pk)


def _ticket_post(sender, instance, **kwargs):
    # As stored: a factory may have been given a date as text, which the instance keeps.
    after = rollups.stored_ticket_state(instance.pk)
    rollups.refresh(rollups.ticket_keys(getattr(instance, "_rollup_before", None), after), visits_changed=False)


def _ticket_deleted(sender, instance, **kwargs):
    rollups.refresh(rollups.ticket_keys(getattr(instance, "_rollup_before", None)), visits_changed=False)


def _ticket_pre_delete(sender, instance, **kwargs):
    instance._rollup_before = rollups.stored_ticket_state(instance.pk)


HANDLERS = [
    (signal, _unless_a_writer_runs(handler), sender)
    for signal, handler, sender in [
        (pre_save, _visit_pre, Visit),
        (post_save, _visit_post, Visit),
        (pre_delete, _visit_pre, Visit),
        (post_delete, _visit_post, Visit),
        (post_save, _recruitment, Recruitment),
        (post_delete, _recruitment, Recruitment),
        (m2m_changed, _links, Visit.enterprises.through),
        (pre_save, _ticket_pre, WorkerIssue),
        (post_save, _ticket_post, WorkerIssue),
        (pre_delete, _ticket_pre_delete, WorkerIssue),
        (post_delete, _ticket_deleted, WorkerIssue),
    ]
]


def connect():
    for signal, handler, sender in HANDLERS:
        signal.connect(handler, sender=sender, dispatch_uid=f"{_UID}.{handler.__name__}.{signal}")


def disconnect():
    for signal, handler, sender in HANDLERS:
        signal.disconnect(handler, sender=sender, dispatch_uid=f"{_UID}.{handler.__name__}.{signal}")
