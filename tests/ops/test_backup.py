"""manage.py backup / restore: the manifest, and the refusals that keep a restore safe.

The full drill (restore into an empty PostgreSQL and bucket) runs on the cluster:
tests/ops/test_backup_restore_drill.py.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from ops.backup import backup
from tests.factories import VisitFactory
from visits.models import VisitPhoto

# The dump reads committed data (pg_dump is another session; SQLite's backup waits for open transactions).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def with_photo(world):
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    item = VisitPhoto(visit=visit, uploaded_by=world.cadre_a)
    item.image.save("p.jpg", ContentFile(b"\xff\xd8 not really a jpeg"), save=False)
    VisitPhoto.objects.bulk_create(
        [VisitPhoto(visit=visit, uploaded_by=world.cadre_a, image=item.image.name, width=1, height=1)]
    )
    return item.image.name


@pytest.fixture
def made(with_photo, tmp_path):
    return backup(tmp_path / "backups")


def test_the_manifest_counts_rows_and_checksums_every_file(made, with_photo):
    import hashlib

    manifest = json.loads((made / "manifest.json").read_text())

    assert manifest["counts"]["visits.VisitPhoto"] == 1
    assert manifest["counts"]["campaigns.Campaign"] == 1
    assert manifest["files"] == {
        with_photo: {"size": 20, "sha256": hashlib.sha256(b"\xff\xd8 not really a jpeg").hexdigest()}
    }
    assert (made / manifest["database"]["file"]).stat().st_size > 0


def test_a_damaged_backup_is_refused_before_anything_is_restored(made, with_photo):
    (made / "files" / with_photo).write_bytes(b"changed")

    with pytest.raises(CommandError, match=f"备份不完整.*文件 {with_photo} 校验和不符"):
        call_command("restore", str(made))


def test_restore_refuses_a_database_that_is_not_empty(made):
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(made))


def test_verify_only_reports_what_differs(made, with_photo):
    VisitPhoto.objects.all().delete()

    with pytest.raises(CommandError, match="visits.VisitPhoto：应为 1 行，实际 0 行"):
        call_command("restore", "--verify-only", str(made))


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path, db):
    with pytest.raises(CommandError, match="不是备份目录"):
        call_command("restore", str(tmp_path))
