"""Celery tasks of the ledger: background exports and the daily clean-up."""

from celery import shared_task

from .exports import cleanup_exports, run_export_job


@shared_task(name="ledger.run_export")
def run_export(job_id: int, attempt: int) -> str:
    # Only ids cross the broker; the task reads the job and re-checks the requester's rights.
    return run_export_job(job_id, attempt)


@shared_task(name="ledger.cleanup_exports")
def cleanup_exports_task() -> dict:
    return cleanup_exports()
