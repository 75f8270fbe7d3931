"""Where one page's time goes (not a test): each SQL statement's time, and the rest (Python, templates).

    .venv/bin/python benchmarks/profile_page.py --db dundian_bench_100k --user bench_leader /issues/ /dashboard/

Runs the page in-process with DEBUG off, as benchmarks/pages.py serves it, against a database filled by
``manage.py generate_data``: one warm-up, then ``--rounds`` requests; prints the median total, the
median time in SQL, and the slowest statements of the last request. ``--cprofile`` adds the top
Python functions by cumulative time.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--db", required=True)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--user", default="bench_leader")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--width", type=int, default=220, help="characters of each statement shown")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative, tottime, …")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = f"{args.pg}/{args.db}"
    # As benchmarks/pages.py serves it: DEBUG off (cached template loaders), no query log.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))

    for path in args.paths:
        client.get(path)  # warm-up: templates compiled, connection open
        totals, sql_totals = [], []
        for _ in range(args.rounds):
            statements = []

            def timer(execute, sql, params, many, context, statements=statements):
                start = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    statements.append((time.perf_counter() - start, sql))

            start = time.perf_counter()
            with connection.execute_wrapper(timer):
                response = client.get(path)
            totals.append(time.perf_counter() - start)
            sql_totals.append(sum(s for s, _ in statements))
        total, sql = statistics.median(totals) * 1000, statistics.median(sql_totals) * 1000
        print(
            f"\n{path} [{response.status_code}]  total {total:.1f} ms  sql {sql:.1f} ms  ({len(statements)} statements)"
        )
        print(f"  other (Python, templates): {total - sql:.1f} ms")
        for seconds, statement in sorted(statements, reverse=True)[: args.top]:
            print(f"  {seconds * 1000:7.1f} ms  {' '.join(statement.split())[: args.width]}")
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(30)


if __name__ == "__main__":
    main()
