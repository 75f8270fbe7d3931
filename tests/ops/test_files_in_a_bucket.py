"""Files in an S3-compatible bucket (moto, in-process): private, served only by the permission-checked views."""

import datetime as dt
import io
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from moto import mock_aws
from PIL import Image

from ledger.exports import PENDING_IMPORT_DIR, cleanup_exports, run_export_job
from ledger.models import ExportJob
from ledger.scope import LedgerFilters
from tests.factories import VisitFactory
from visits.models import VisitPhoto

BUCKET = "dundian-unit-test"


@pytest.fixture
def bucket(settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "access_key": "test",
                    "secret_key": "test",
                    "region_name": "us-east-1",
                    "default_acl": "private",
                    "querystring_expire": 60,
                    "file_overwrite": False,
                    "signature_version": "s3v4",
                },
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def photo(world, bucket):
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    item = VisitPhoto(visit=visit, uploaded_by=world.cadre_a)
    item.image.save("p.jpg", ContentFile(_jpeg()), save=True)
    return item


def test_a_photo_is_stored_in_the_bucket_not_on_disk(photo, bucket, settings):
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]

    assert keys == [photo.image.name]
    assert not (settings.MEDIA_ROOT / photo.image.name).exists()


def test_the_photo_is_streamed_from_the_bucket_to_the_team(photo, client, world):
    client.force_login(world.cadre_a)

    response = client.get(reverse("visits:photo", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == _jpeg()


def test_another_team_gets_404_and_no_url(photo, client, world, settings):
    settings.PRIVATE_FILE_DELIVERY = "redirect"
    client.force_login(world.cadre_b)

    response = client.get(reverse("visits:photo", args=[photo.pk]))

    assert response.status_code == 404
    assert BUCKET not in response.content.decode()


def test_redirect_mode_issues_a_short_lived_signed_url(photo, client, world, settings):
    settings.PRIVATE_FILE_DELIVERY = "redirect"
    client.force_login(world.cadre_a)

    response = client.get(reverse("visits:photo", args=[photo.pk]))

    assert response.status_code == 302
    url = urlparse(response["Location"])
    query = parse_qs(url.query)
    assert url.path.endswith(photo.image.name)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    assert query["response-content-type"] == ["image/jpeg"]


def test_a_photo_missing_from_the_bucket_answers_404(photo, client, world, bucket):
    bucket.delete_object(Bucket=BUCKET, Key=photo.image.name)
    client.force_login(world.cadre_a)

    response = client.get(reverse("visits:photo", args=[photo.pk]))

    assert response.status_code == 404


def test_a_background_export_lands_in_the_bucket_and_is_downloaded_by_its_requester(world, bucket, client):
    job = ExportJob.objects.create(
        requester=world.office_staff, params=LedgerFilters(campaign_id=world.campaign.pk).to_params()
    )

    assert run_export_job(job.pk, job.attempt) == "done"
    job.refresh_from_db()
    client.force_login(world.office_staff)
    response = client.get(reverse("ledger:job_download", args=[job.pk]))

    assert default_storage.exists(job.file.name)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_cleanup_works_on_the_bucket(world, bucket):
    job = ExportJob.objects.create(
        requester=world.office_staff, params=LedgerFilters(campaign_id=world.campaign.pk).to_params()
    )
    run_export_job(job.pk, job.attempt)
    job.refresh_from_db()
    orphan = default_storage.save("private/exports/2026/11/ledger-killed-worker.xlsx", ContentFile(b"x"))
    pending = default_storage.save(f"{PENDING_IMPORT_DIR}/abc.xlsx", ContentFile(b"x"))

    result = cleanup_exports(now=timezone.now() + dt.timedelta(days=2))

    assert result["partial"] == 2
    assert not default_storage.exists(orphan) and not default_storage.exists(pending)
    assert default_storage.exists(job.file.name)  # still referenced by a job within retention


def test_old_export_jobs_and_their_files_leave_the_bucket(world, bucket, settings):
    job = ExportJob.objects.create(
        requester=world.office_staff, params=LedgerFilters(campaign_id=world.campaign.pk).to_params()
    )
    run_export_job(job.pk, job.attempt)
    job.refresh_from_db()

    cleanup_exports(now=timezone.now() + dt.timedelta(days=settings.EXPORT_RETENTION_DAYS + 1))

    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert not default_storage.exists(job.file.name)


def test_cleanup_removes_the_work_files_a_killed_worker_left_on_this_host(db, settings):
    import os
    import time

    from ops.files import local_workfile

    left = local_workfile(suffix=".xlsx")
    os.utime(left, (time.time() - 2 * 24 * 3600,) * 2)
    current = local_workfile(suffix=".xlsx")

    assert cleanup_exports()["partial"] == 1
    assert not os.path.exists(left) and os.path.exists(current)
