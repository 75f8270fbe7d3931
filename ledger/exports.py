"""Writing ledger workbooks: in the request when small, in a Celery task when big.

A background job writes to a temporary name and renames on success, so a
worker killed mid-export never leaves a file that could be served; the job's
heartbeat stops, and the next status check or cleanup marks it failed so it
can be started again.
"""

import datetime as dt
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.services import notify
from ops.files import delete_older_than, local_workfile, remove_stale_workfiles, save_local_file
from privacy.models import PersonalDataAccess
from privacy.services import record_access

from .models import ExportJob
from .queries import count_rows
from .scope import LedgerFilters, LedgerScope, resolve
from .sheets import build_sheets
from .xlsx import LedgerWriter

log = logging.getLogger(__name__)

EXPORT_DIR = "private/exports"
# Checked uploads kept for "import only the valid rows" (ledger.views.imports).
PENDING_IMPORT_DIR = "private/imports/pending"
STALE_MESSAGE = "导出中断（后台进程可能已被终止），请点击“重新导出”。"


def write_ledger(scope: LedgerScope, path, on_rows=None, where=None) -> int:
    """Write the workbook of ``scope`` to ``path`` (atomically); returns the data rows written.

    A file that shows workers unmasked is entered in the access log (one entry
    per file, named ``where``: the download name unless given).
    """
    writer = LedgerWriter(on_rows=on_rows)
    try:
        for sheet in build_sheets(scope):
            writer.add_sheet(sheet)
    except BaseException:
        writer.discard()
        raise
    writer.save(path)
    record_access(
        scope.user,
        kind=PersonalDataAccess.Kind.EXPORT,
        where=where or download_name(scope),
        tickets=scope.unmasked_tickets,
    )
    return writer.rows_written


def download_name(scope: LedgerScope) -> str:
    exported = timezone.localtime(scope.exported_at)
    return f"{scope.campaign.name}-工作台账-{exported:%Y%m%d-%H%M}.xlsx"


def needs_background(scope: LedgerScope) -> tuple[bool, int]:
    rows = count_rows(scope)
    return rows > settings.EXPORT_ASYNC_THRESHOLD_ROWS, rows


def start_export(user, filters: LedgerFilters, scope: LedgerScope, rows: int) -> ExportJob:
    """Create a job and enqueue its task once the job row is committed."""
    job = ExportJob.objects.create(
        requester=user, params=filters.to_params(), description=_describe(scope), rows_total=rows
    )
    _enqueue(job)
    return job


def restart_export(job: ExportJob) -> ExportJob:
    """Start a failed job again under a new attempt number (an old task of it then does nothing)."""
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.QUEUED,
        attempt=job.attempt + 1,
        rows_done=0,
        error="",
        heartbeat_at=timezone.now(),
        finished_at=None,
    )
    job.refresh_from_db()
    _enqueue(job)
    return job


def _enqueue(job):
    from .tasks import run_export

    run_export.delay_on_commit(job.pk, job.attempt)


def _describe(scope: LedgerScope) -> str:
    return f"{scope.campaign.name}　{scope.describe()}"[:300]


def run_export_job(job_id: int, attempt: int) -> str:
    """The task body: claim the attempt, write the file, mark done (or failed), notify."""
    claimed = ExportJob.objects.filter(pk=job_id, attempt=attempt, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not claimed:
        return "skipped"  # a redelivered or superseded task: another attempt owns the job
    job = ExportJob.objects.select_related("requester").get(pk=job_id)
    log.info("ledger export %s (attempt %s) started", job_id, attempt)
    this_attempt = ExportJob.objects.filter(pk=job_id, attempt=attempt)
    relative = f"{EXPORT_DIR}/{timezone.localdate():%Y/%m}/ledger-{job.pk}-{uuid.uuid4().hex}.xlsx"
    # Written to a local work file, then put into the storage (folder or bucket) whole:
    # no half-written object is ever visible to another server.
    path = local_workfile(suffix=".xlsx")
    try:
        scope = resolve(job.requester, LedgerFilters.from_params(job.params))
        total = max(count_rows(scope), 1)

        def progress(done):
            this_attempt.update(rows_done=min(done, total), rows_total=total, heartbeat_at=timezone.now())

        this_attempt.update(rows_total=total, rows_done=0)
        write_ledger(scope, path, on_rows=progress)
        relative = save_local_file(path, relative)
    except Exception as exc:
        log.exception("ledger export %s failed", job_id)
        # The user reads the message: our own Chinese reasons as they are, anything else in general terms.
        reason = str(exc) if isinstance(exc, PermissionDenied) else "生成文件时出错，请重新导出；如仍失败请联系管理员。"
        this_attempt.update(status=ExportJob.Status.FAILED, error=f"导出失败：{reason}", finished_at=timezone.now())
        return "failed"
    finally:
        Path(path).unlink(missing_ok=True)
    updated = this_attempt.filter(status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE,
        file=relative,
        rows_done=total,
        rows_total=total,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not updated:
        # Marked stale (or restarted) while we wrote: this file belongs to nobody.
        default_storage.delete(relative)
        return "superseded"
    notify(
        job.requester,
        kind="export_ready",
        object_key=f"export:{job.pk}:{attempt}",
        title="工作台账已生成，可以下载",
        body=job.description,
        url=reverse("ledger:job_detail", args=[job.pk]),
    )
    return "done"


def fail_stale_jobs(now=None, jobs=None) -> int:
    """Mark jobs whose worker went silent as failed (they can then be started again)."""
    qs = (jobs if jobs is not None else ExportJob.objects.all()).stale(now)
    return qs.update(status=ExportJob.Status.FAILED, error=STALE_MESSAGE, finished_at=now or timezone.now())


def cleanup_exports(now=None) -> dict:
    """Delete jobs and files older than EXPORT_RETENTION_DAYS, and left-over partial files."""
    now = now or timezone.now()
    stale = fail_stale_jobs(now)
    cutoff = now - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    deleted = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    # Files of killed or superseded workers, and checked imports nobody went on with:
    # nothing refers to them. Works on the local folder and on a bucket alike.
    day_ago = now - dt.timedelta(hours=24)
    kept = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    partial = delete_older_than(EXPORT_DIR, day_ago, keep=kept) + delete_older_than(PENDING_IMPORT_DIR, day_ago)
    # And the local work files a killed worker of this host left behind.
    partial += remove_stale_workfiles(day_ago)
    return {"stale": stale, "deleted": deleted, "partial": partial}


def export_for_command(campaign_id, team_ids, date_from, date_to, out, sheets=None, user=None) -> int:
    """``manage.py export_ledger``: a superuser's view unless a user is given."""
    if user is None:
        user = get_user_model()(is_superuser=True, is_active=True, username="export_ledger")
    filters = LedgerFilters(
        campaign_id=campaign_id,
        team_ids=list(team_ids or []),
        date_from=date_from,
        date_to=date_to,
        **({"sheets": sheets} if sheets else {}),
    )
    scope = resolve(user, filters)
    with transaction.atomic():  # PostgreSQL streams rows with a server-side cursor inside a transaction
        rows = write_ledger(scope, os.fspath(out), where=os.fspath(out))
    os.chmod(out, 0o644)  # a file for the script's user, not a private temporary file
    return rows
