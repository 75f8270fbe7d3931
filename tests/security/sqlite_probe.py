"""Run by tests/security/test_sqlite_concurrency.py in a fresh interpreter, on its own SQLite file.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python tests/security/sqlite_probe.py THREADS

Migrates the file, creates THREADS users, then starts THREADS threads at once
(a barrier), each signing in through the real login view (session, last
login, axes' access log: writes in one ATOMIC_REQUESTS transaction that first
reads) and then saving an enterprise through the real form. Prints JSON:
the status codes, the errors, the rows written and the journal mode.
"""

import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

THREADS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
PASSWORD = "probe-password-123"


def main():
    call_command("migrate", verbosity=0)
    from campaigns.models import Enterprise, UnionUnit
    from tests.factories import valid_credit_code

    User = get_user_model()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        from django.contrib.auth.models import Group

        staff = Group.objects.get(name="工作人员")
        for i in range(THREADS):
            user = User.objects.create_user(f"probe{i}", password=PASSWORD)
            user.groups.add(staff)
        unit = UnionUnit.objects.order_by("pk").first()
        codes = [valid_credit_code() for _ in range(THREADS)]
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
        connection.close()

        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def work(i):
            client = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
            try:
                barrier.wait()
                login = client.post("/accounts/login/", {"username": f"probe{i}", "password": PASSWORD})
                save = client.post(
                    "/enterprises/new/",
                    {
                        "name": f"并发测试企业{i}",
                        "credit_code": codes[i],
                        "unit": unit.pk,
                        "union_status": "none",
                        "headcount": 10,
                        "union_members": 0,
                        "confirm_duplicate": "on",
                    },
                )
                results[i] = {"login": login.status_code, "save": save.status_code, "error": ""}
            except Exception as exc:  # the failure is the finding: report it
                results[i] = {"login": None, "save": None, "error": f"{type(exc).__name__}: {exc}"}
            finally:
                from django.db import connections

                connections.close_all()

        threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(
            json.dumps(
                {
                    "journal_mode": journal,
                    "results": results,
                    "enterprises": Enterprise.objects.filter(name__startswith="并发测试企业").count(),
                }
            )
        )


if __name__ == "__main__":
    main()
