"""Benchmark (not a test): ``dashboard.coverage.coverage_rows`` on 100 000 visits + 100 000 tickets, PostgreSQL.

    .venv/bin/python benchmarks/coverage_rows.py [--visits 100000] [--tickets 100000] [--keep-db] [--reuse-db]

1. Creates a scratch PostgreSQL database (default ``dundian_bench_coverage``) and
   seeds it with the ledger benchmark's ``seed`` (23 units, 3 teams, visits with
   enterprises and recruitment, tickets); ``--reuse-db`` skips this for a
   database kept by an earlier ``--keep-db`` run.
2. Times ``list(coverage_rows(campaign))`` (best of ``--repeat``) twice: with
   the coverage indexes migrated away (visits 0001, issues 0003) and with them
   (latest migrations), and prints both and EXPLAIN ANALYZE's execution time.
   Tables are VACUUM ANALYZEd first (as autovacuum would after a bulk load), so
   index-only scans are possible.
3. For comparison, times a hand-written single query with grouped aggregates
   (``GROUPED_SQL``: one pass per table, LEFT JOINed to the assignments).
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ledger_export import _django, create_database, drop_database, seed  # noqa: E402

GROUPED_SQL = """
SELECT a.id, v.visits, v.last_visit_date, v.workers_reached, m.enterprises_met, r.recruited,
       i.issues_open, i.issues_closed
FROM campaigns_assignment a
LEFT JOIN (SELECT team_id, unit_id, count(*) visits, max(date) last_visit_date, sum(workers_reached) workers_reached
           FROM visits_visit WHERE campaign_id = %(c)s GROUP BY team_id, unit_id) v
  ON v.team_id = a.team_id AND v.unit_id = a.unit_id
LEFT JOIN (SELECT vv.team_id, vv.unit_id, count(DISTINCT e.enterprise_id) enterprises_met
           FROM visits_visit_enterprises e JOIN visits_visit vv ON vv.id = e.visit_id
           WHERE vv.campaign_id = %(c)s GROUP BY vv.team_id, vv.unit_id) m
  ON m.team_id = a.team_id AND m.unit_id = a.unit_id
LEFT JOIN (SELECT vv.team_id, vv.unit_id, sum(rc.count) recruited
           FROM visits_recruitment rc JOIN visits_visit vv ON vv.id = rc.visit_id
           WHERE vv.campaign_id = %(c)s GROUP BY vv.team_id, vv.unit_id) r
  ON r.team_id = a.team_id AND r.unit_id = a.unit_id
LEFT JOIN (SELECT team_id, unit_id, count(*) FILTER (WHERE status <> 'closed') issues_open,
                  count(*) FILTER (WHERE status = 'closed') issues_closed
           FROM issues_workerissue WHERE campaign_id = %(c)s GROUP BY team_id, unit_id) i
  ON i.team_id = a.team_id AND i.unit_id = a.unit_id
WHERE a.campaign_id = %(c)s
"""

WITHOUT = [("visits", "0001_initial"), ("issues", "0003_seed_deadline_rules")]


def _time(campaign, repeat):
    from dashboard.coverage import coverage_rows

    best, rows = None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = [
            (
                r.unit_id,
                r.team_id,
                r.visits,
                r.last_visit_date,
                r.enterprises_met,
                r.workers_reached,
                r.recruited,
                r.issues_open,
                r.issues_closed,
            )
            for r in coverage_rows(campaign)
        ]
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    return best, rows


def _explain(campaign, sql=None, params=None):
    from django.db import connection

    from dashboard.coverage import coverage_rows

    if sql is None:
        sql, params = coverage_rows(campaign).query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN ANALYZE " + sql, params)
        lines = [r[0] for r in cur.fetchall()]
    return next(line for line in lines if line.startswith("Execution Time"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="dundian_bench_coverage")
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--reuse-db", action="store_true", help="use an already seeded database")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    if not args.reuse_db:
        create_database(args.pg, args.db)
    try:
        _django(f"{args.pg}/{args.db}")
        from django.core.management import call_command
        from django.db import connection

        from campaigns.models import Campaign

        if not args.reuse_db:
            seed(args.visits, args.tickets)
        campaign = Campaign.objects.get(name="基准测试蹲点活动")
        results = {}
        for label, targets in (("without coverage indexes", WITHOUT), ("with coverage indexes", [])):
            if targets:
                for app, name in targets:
                    call_command("migrate", app, name, verbosity=0)
            else:
                call_command("migrate", verbosity=0)
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE")
            seconds, rows = _time(campaign, args.repeat)
            results[label] = rows
            print(f"{label}: {seconds * 1000:.0f} ms (best of {args.repeat}); {_explain(campaign)}", flush=True)
        first, second = results.values()
        print("same rows:", first == second, f"({len(first)} rows)")
        grouped = min(float(_explain(campaign, GROUPED_SQL, {"c": campaign.pk}).split()[2]) for _ in range(args.repeat))
        print(f"hand-written grouped aggregates (reference): Execution Time: {grouped:.0f} ms (best of {args.repeat})")
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(args.pg, args.db)


if __name__ == "__main__":
    main()
