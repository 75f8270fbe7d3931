"""Keeps the daily summaries current for rows the tests write directly (factories, ``.save()``).

In the application only the writers (``visits.services.save_visit`` and
``issues.timeline.commit``) write visits and tickets, and they refresh the
rollups. The factories write rows as they are given, so for every test the
bridge below refreshes the keys of each visit, recruitment row, visit–enterprise
link and ticket saved or deleted. Tests marked ``writers_only`` (tests/rollups)
run without it: there the writers alone must keep the rollups equal to the raw rows.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from issues.models import WorkerIssue
from rollups import services as rollups
from visits.models import Recruitment, Visit

_UID = "tests.rollup_bridge"


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
    rollups.refresh(rollups.ticket_keys(getattr(instance, "_rollup_before", None), after))


def _ticket_deleted(sender, instance, **kwargs):
    rollups.refresh(rollups.ticket_keys(getattr(instance, "_rollup_before", None)))


def _ticket_pre_delete(sender, instance, **kwargs):
    instance._rollup_before = rollups.stored_ticket_state(instance.pk)


HANDLERS = [
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


def connect():
    for signal, handler, sender in HANDLERS:
        signal.connect(handler, sender=sender, dispatch_uid=f"{_UID}.{handler.__name__}.{signal}")


def disconnect():
    for signal, handler, sender in HANDLERS:
        signal.disconnect(handler, sender=sender, dispatch_uid=f"{_UID}.{handler.__name__}.{signal}")
