"""The daily clean-up of the access log (schedule: privacy/migrations/0001_initial.py)."""

from celery import shared_task

from .services import purge_access_log


@shared_task(name="privacy.purge_access_log")
def purge_access_log_task() -> int:
    return purge_access_log()
