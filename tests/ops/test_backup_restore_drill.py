"""The restore drill: back up the running demo (PostgreSQL + bucket), restore into an empty database
and an empty bucket, the app starts and every count and file checksum matches the manifest.

Runs on the two-server cluster (tests/ops/cluster.py), after a photo upload and an export.
"""

import json

import pytest

from tests.ops.browse import sign_in
from tests.ops.cluster import BIN, free_port, reachable, recreate_database, wait_for
from tests.ops.test_two_servers import exported_file, uploaded_photo

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def drill(cluster):
    uploaded_photo(cluster)
    exported_file(cluster)
    made = cluster.manage("backup", str(cluster.tmp / "backups"))
    folder = made.stdout.splitlines()[0].strip()
    target_db = f"{cluster.database}_restored"
    recreate_database(target_db)
    cluster.s3().create_bucket(Bucket="dundian-restored")
    target = cluster.env(database=target_db, bucket="dundian-restored", media=cluster.tmp / "media-restored")
    restored = cluster.manage("restore", folder, env=target, check=False)
    return {
        "folder": folder,
        "restored": restored,
        "target": target,
        "manifest": json.load(open(f"{folder}/manifest.json")),
    }


def test_the_backup_holds_the_database_and_every_file(drill):
    manifest = drill["manifest"]

    assert manifest["engine"] == "postgresql"
    assert manifest["counts"]["visits.VisitPhoto"] >= 1
    assert manifest["counts"]["ledger.ExportJob"] >= 1
    assert any(name.startswith("private/visit-photos/") for name in manifest["files"])
    assert any(name.startswith("private/exports/") for name in manifest["files"])


def test_restore_into_an_empty_database_and_bucket_matches_every_count_and_checksum(drill, cluster):
    assert drill["restored"].returncode == 0, drill["restored"].stderr[-3000:]
    assert "核对一致" in drill["restored"].stdout

    verified = cluster.manage("restore", "--verify-only", drill["folder"], env=drill["target"], check=False)
    assert verified.returncode == 0, verified.stderr[-3000:]


def test_the_restored_app_starts_and_serves_the_photo(drill, cluster):
    migrated = cluster.manage("migrate", "--check", env=drill["target"], check=False)
    port = free_port()
    cluster.start(
        "web-restored",
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        drill["target"],
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: reachable("127.0.0.1", port), "the restored server", cluster)
    photo = uploaded_photo(cluster)

    restored = sign_in(base, "cadre1").get(base + photo["url"], timeout=30)
    original = photo["session"].get(cluster.url("A", photo["url"]), timeout=30)

    assert migrated.returncode == 0, migrated.stdout[-3000:]
    assert restored.status_code == 200
    assert restored.content == original.content


def test_restore_refuses_a_database_that_is_not_empty(drill, cluster):
    again = cluster.manage("restore", drill["folder"], env=drill["target"], check=False)

    assert again.returncode != 0
    assert "目标数据库不是空的" in again.stderr
