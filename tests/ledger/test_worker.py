"""The background export with a real Celery worker on a real Redis broker.

Run with a Redis broker, e.g.
``CELERY_TASK_ALWAYS_EAGER=0 CELERY_BROKER_URL=redis://127.0.0.1:6379/2 .venv/bin/pytest -m worker``
(.ci/run does, on PostgreSQL); skipped on the default filesystem broker (shared with any local worker).
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from ledger.models import ExportJob
from notifications.models import Notification
from tests.ledger.helpers import column, load

# serialized_rollback: the flush after this test must not re-create content types that the next
# serialized test (tests/reminders/test_worker.py) restores from its copy (duplicate keys otherwise).
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def real_worker():
    from dundian.celery import app

    if app.conf.task_always_eager or not str(app.conf.broker_url).startswith("redis"):
        pytest.skip(
            "needs CELERY_TASK_ALWAYS_EAGER=0 and a Redis broker: CELERY_BROKER_URL=redis://127.0.0.1:6379/<db>"
        )
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30):
        yield app


def _wait_until_finished(job, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"export job still {job.status} after {seconds}s")


def test_big_export_is_written_by_the_worker(real_worker, ledger, client, settings):
    settings.EXPORT_ASYNC_THRESHOLD_ROWS = 2
    client.force_login(ledger.leader_a)
    response = client.post(reverse("ledger:index"), {"campaign": ledger.campaign.pk, "sheets": ["visits", "issues"]})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("ledger:job_detail", args=[job.pk])

    job = _wait_until_finished(job)
    assert job.status == ExportJob.Status.DONE, job.error
    notice = Notification.objects.get(recipient=ledger.leader_a, kind="export_ready")
    assert notice.url == reverse("ledger:job_detail", args=[job.pk])

    download = client.get(reverse("ledger:job_download", args=[job.pk]))
    wb = load(b"".join(download.streaming_content))
    assert {c.value for c in column(wb["走访台账"], "小组")} == {"第一蹲点小组"}
    client.force_login(ledger.leader_b)
    assert client.get(reverse("ledger:job_download", args=[job.pk])).status_code == 404
