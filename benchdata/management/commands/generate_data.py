"""``manage.py generate_data``: a city's worth of campaigns, visits and tickets, fast, for benchmarks.

    python manage.py generate_data --visits 1000000 --tickets 1000000 --campaigns 10 [--seed 1]

The one sanctioned writer of tickets and timeline entries outside ``issues.timeline``
(tests/test_one_writer.py names it): it writes rows the services could have written —
the same codes, deadlines, entries and team/unit/handler rules — with COPY on
PostgreSQL, so a million of each takes minutes instead of hours. It fills an empty
database (reference data from the migrations only) and refuses otherwise. Django's
change history (simple-history) is not generated. At the end it rebuilds the
daily summaries (``rollups.services.rebuild``) from what it wrote.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from benchdata.generate import generate
from campaigns.models import Campaign


class Command(BaseCommand):
    help = "生成基准测试数据（走访、工单、企业），仅用于空数据库。"

    def add_arguments(self, parser):
        parser.add_argument("--visits", type=int, default=100_000)
        parser.add_argument("--tickets", type=int, default=100_000)
        parser.add_argument("--campaigns", type=int, default=10)
        parser.add_argument("--enterprises", type=int, default=None, help="default: visits / 40, at least 200")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, visits, tickets, campaigns, enterprises, seed, **options):
        if visits < 0 or tickets < 0 or campaigns < 1:
            raise CommandError("--visits 与 --tickets 不能为负数，--campaigns 至少为 1。")
        if Campaign.objects.exists():
            raise CommandError("数据库中已有蹲点活动：generate_data 只用于新建的空数据库（已迁移）。")
        started = time.perf_counter()

        def log(message):
            self.stdout.write(f"[{time.perf_counter() - started:7.1f}s] {message}")

        with transaction.atomic():
            generate(
                random.Random(seed),
                visits=visits,
                tickets=tickets,
                campaigns=campaigns,
                enterprises=enterprises if enterprises is not None else max(200, visits // 40),
                now=timezone.now(),
                log=log,
            )
        if connection.vendor == "postgresql":
            # VACUUM as well: a table that autovacuum has not visited yet has no visibility map, so the
            # covering indexes (issue_open_team_resdue_idx) could not be read alone — not the steady
            # state of a production database. VACUUM cannot run inside a transaction (a test's): then
            # ANALYZE only.
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(statement)
            log(f"{statement} done")
        log("done")
