"""Benchmark (not a test): the dashboard before and after the rollups (issue 15), on PostgreSQL.

    .venv/bin/python benchmarks/rollups_dashboard.py --db dundian_h_rollup [--visits 100000] [--tickets 100000]
        [--reuse-db] [--keep-db] [--before /tmp/dundian_before] [--repeat 5]

1. Creates a scratch database and seeds it with the ledger benchmark's ``seed``
   (23 units, 3 teams, visits with enterprises and recruitment, tickets), then
   times ``manage.py rebuild_rollups`` (what ``generate_data`` runs at the end)
   and ``check_rollups``.
2. Serves ``/dashboard/`` in-process (Django test client, DEBUG off) to a
   superuser and to a cadre: median wall time of ``--repeat`` requests and the
   query count. With ``--before DIR`` (a checkout of the code before the rollups,
   e.g. ``git archive 929f30c | tar -x -C DIR``; this script is copied into it)
   the same is measured with that code against the same database, in a child process.
3. Times one ``rollups.services.refresh`` of a ticket's keys (what every ticket
   write adds) and counts its queries.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(db_url, repeat):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ledger_export import _django

    _django(db_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    cadre = User.objects.filter(team_memberships__isnull=False).order_by("pk").first()
    users = {"superuser": User.objects.get(username="bench_staff"), "cadre": cadre}
    result = {}
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        client.get("/dashboard/")  # warm-up (rate weights row, caches)
        times, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get("/dashboard/")
                times.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
            queries = len(ctx.captured_queries)
        result[label] = {"ms": round(statistics.median(times) * 1000), "queries": queries}
    return result


def _child(code_root, db_url, repeat):
    """Measure with another checkout of the code: its own copy of this script and its modules only."""
    (code_root / "benchmarks" / "rollups_dashboard.py").write_text(Path(__file__).read_text(encoding="utf-8"))
    script = (
        f"import sys; sys.path.insert(0, {str(code_root / 'benchmarks')!r});"
        f"import rollups_dashboard as b, json; print(json.dumps(b._measure({db_url!r}, {repeat})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=code_root, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="dundian_bench_rollups")
    parser.add_argument("--reuse-db", action="store_true", help="use an already seeded database")
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--before", help="a checkout of the code before the rollups, measured for comparison")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db_url = f"{args.pg}/{args.db}"

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ledger_export import _django, create_database, drop_database, seed

    if not args.reuse_db:
        create_database(args.pg, args.db)
    try:
        _django(db_url)
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if not args.reuse_db:
            seed(args.visits, args.tickets)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        t0 = time.perf_counter()
        call_command("rebuild_rollups")
        print(f"rebuild_rollups: {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        call_command("check_rollups")
        print(f"check_rollups: {time.perf_counter() - t0:.1f} s", flush=True)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")

        from issues.models import WorkerIssue
        from rollups import services as rollups

        times, queries = [], 0
        for issue in WorkerIssue.objects.order_by("?")[: args.repeat]:
            keys = rollups.ticket_keys(rollups.ticket_state(issue))
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                rollups.refresh(keys)
                times.append(time.perf_counter() - t0)
            queries = len(ctx.captured_queries)
        print(f"refresh of one ticket's keys: {statistics.median(times) * 1000:.0f} ms median, {queries} queries")

        after = _measure(db_url, args.repeat)
        print("after (rollups):", json.dumps(after), flush=True)
        if args.before:
            before = _child(Path(args.before).resolve(), db_url, args.repeat)
            print("before:", json.dumps(before), flush=True)
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(args.pg, args.db)


if __name__ == "__main__":
    main()
