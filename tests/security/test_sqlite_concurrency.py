"""Issue 12 finding 4 (last sentence): the embedded SQLite holds concurrent use.

Eight people signing in at once on the default SQLite database got "database
is locked": every request is one transaction (ATOMIC_REQUESTS) that reads
before it writes, and SQLite cannot upgrade a read lock while another writer
waits, busy timeout or not. The settings open SQLite in WAL mode (readers never
block the writer), wait up to 20 s for the write lock, and begin every
transaction IMMEDIATE (the write lock is taken at BEGIN, so nobody deadlocks).

The probe runs in a fresh interpreter on its own database file (the test
database is in memory, where neither WAL nor the busy timeout applies).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROBE = Path(__file__).with_name("sqlite_probe.py")
SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.skipif(not SQLITE, reason="the embedded default only: PostgreSQL has row locks")
def test_sqlite_is_opened_in_wal_mode_with_a_busy_timeout_and_immediate_transactions():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


def test_eight_parallel_logins_and_saves_on_the_embedded_sqlite_all_succeed(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "AXES_ENABLED": "1",
    }
    done = subprocess.run(
        [sys.executable, str(PROBE), "8"], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["journal_mode"] == "wal"
    assert [r["error"] for r in report["results"]] == [""] * 8
    assert {(r["login"], r["save"]) for r in report["results"]} == {(302, 302)}
    assert report["enterprises"] == 8
