"""Retention of workers' personal data (个人信息保护法 §19, §47): masked for good N years after closing.

A ticket closed more than ``PERSONAL_DATA_RETENTION_YEARS`` years ago keeps its
record (the ledger and the rates still count it) but its worker's name, phone
and ID number are replaced by their masked form (张*, 138****5678), in the
ticket and in every one of its history rows, and the keyed hashes are cleared
so no search or duplicate check finds the worker any more. Idempotent: masked
tickets are marked (``personal_data_masked_at``) and masking a masked value
changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .masking import mask_id_number, mask_name, mask_phone
from .models import Status, WorkerIssue

CHUNK = 200


def retention_cutoff(now: dt.datetime, years: int) -> dt.datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def expired(now=None, years=None):
    now = now or timezone.now()
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    return WorkerIssue.objects.filter(
        status=Status.CLOSED, closed_at__lt=retention_cutoff(now, years), personal_data_masked_at__isnull=True
    )


def _masked(row) -> dict:
    name, phone, id_number = row
    return {
        "worker_name": mask_name(name),
        "worker_phone": mask_phone(phone),
        "worker_id_number": mask_id_number(id_number),
    }


def mask_expired_personal_data(now=None, years=None) -> int:
    """Mask the workers of tickets past the retention period; returns how many tickets were masked."""
    now = now or timezone.now()
    history = WorkerIssue.history.model
    personal = ("worker_name", "worker_phone", "worker_id_number")
    masked = 0
    while True:
        batch = list(expired(now, years).order_by("pk").values_list("pk", *personal)[:CHUNK])
        if not batch:
            return masked
        with transaction.atomic():
            for pk, *values in batch:
                WorkerIssue.objects.filter(pk=pk).update(
                    **_masked(values), worker_phone_hash="", worker_id_number_hash="", personal_data_masked_at=now
                )
                for history_id, *old in history.objects.filter(id=pk).values_list("history_id", *personal):
                    history.objects.filter(history_id=history_id).update(**_masked(old))
                masked += 1
