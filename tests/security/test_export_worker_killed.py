"""Fault: the worker writing a ledger export is killed (SIGKILL) half-way through the file.

A real process is killed: the test forks a child that runs the export task's
body against the same database and hangs while writing the workbook; the parent
kills it with SIGKILL, so no ``except``/``finally`` of the worker runs — as when
the OOM killer or a redeploy stops a Celery worker. Then: the job is marked
failed once its heartbeat is stale, nothing (least of all the half-written file)
can be downloaded, the job can be started again and completes, the dead
attempt's redelivered task does nothing, and the clean-up removes the orphan.

The forked child must see the parent's rows, so this needs a real database
server (PostgreSQL); SQLite's in-memory test database is private to a process.
"""

import datetime as dt
import os
import signal
import time
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from ledger.exports import cleanup_exports, run_export_job
from ledger.models import ExportJob
from ledger.scope import LedgerFilters
from tests.factories import VisitFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a forked worker needs a shared database server"),
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork"),
]


@pytest.fixture(autouse=True)
def _our_celery_app_runs_tasks_at_once(monkeypatch):
    """The restart below runs its task in-process, on dundian's app.

    Made explicit because a test elsewhere that builds another Celery app makes that app the
    "current" one, which ``shared_task`` tasks then follow.
    """
    from dundian.celery import app

    app.set_current()
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)


@pytest.fixture(autouse=True)
def _work_dir(settings, tmp_path):
    """The worker writes the workbook in its local work folder, then puts it into the storage whole."""
    settings.FILE_WORK_DIR = tmp_path / "work"


def _partial_files():
    root = Path(settings.FILE_WORK_DIR)
    return sorted(root.rglob(".partial-*")) if root.exists() else []


def _fork_worker_that_hangs_while_writing(job_pk: int, attempt: int) -> int:
    """A child process running the task body; it writes a few bytes of the workbook, then hangs."""
    connections.close_all()  # the child must open its own connection, not share the parent's socket
    pid = os.fork()
    if pid:
        return pid
    try:
        from openpyxl.workbook.workbook import Workbook

        def write_slowly(self, filename):
            with open(filename, "wb") as out:
                out.write(b"PK\x03\x04 half of a workbook")
                out.flush()
            time.sleep(600)  # a big ledger: still writing when the worker is killed

        Workbook.save = write_slowly
        run_export_job(job_pk, attempt)
    finally:
        os._exit(0)


def _wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("the worker never got to writing the file")


def test_a_killed_export_is_marked_failed_serves_nothing_and_runs_again(world, client):
    VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    job = ExportJob.objects.create(
        requester=world.leader_a, params=LedgerFilters(campaign_id=world.campaign.pk).to_params(), rows_total=1
    )

    child = _fork_worker_that_hangs_while_writing(job.pk, job.attempt)
    try:
        _wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == "running" and _partial_files())
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    orphan = _partial_files()[0]
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING and not job.file  # the dead worker's last word

    client.force_login(world.leader_a)
    later = timezone.now() + dt.timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        page = client.get(reverse("ledger:job_detail", args=[job.pk])).content.decode()
        download = client.get(reverse("ledger:job_download", args=[job.pk]))

    assert "导出中断" in page and "重新导出" in page
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert download.status_code == 404  # not the half-written file, not anything

    client.post(reverse("ledger:job_retry", args=[job.pk]))  # runs at once: tasks are eager in tests

    job.refresh_from_db()
    assert (job.status, job.attempt) == (ExportJob.Status.DONE, 2)
    response = client.get(reverse("ledger:job_download", args=[job.pk]))
    assert response.status_code == 200
    fresh = Path(settings.MEDIA_ROOT) / "fresh.xlsx"
    fresh.write_bytes(b"".join(response.streaming_content))
    assert "走访台账" in openpyxl.load_workbook(fresh, read_only=True).sheetnames
    # The broker redelivers the dead worker's task (acks_late): it finds its attempt superseded.
    assert run_export_job(job.pk, 1) == "skipped"
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.DONE

    # The orphan partial file (on the dead worker's disk, never in the storage) is never linked
    # to a job, and the daily clean-up removes it.
    assert orphan.exists() and job.file.name not in str(orphan)
    os.utime(orphan, (time.time() - 2 * 24 * 3600,) * 2)
    cleanup_exports()
    assert not orphan.exists()
