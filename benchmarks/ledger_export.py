"""Benchmark (not a test): the ledger export of 100 000 visits + 100 000 tickets on PostgreSQL.

    .venv/bin/python benchmarks/ledger_export.py [--visits 100000] [--tickets 100000] [--keep-db]

1. Creates a scratch PostgreSQL database (default ``dundian_bench_ledger`` on
   127.0.0.1:5432, user postgres; ``--pg`` to change), migrates it and
   bulk-creates the rows: visits with their enterprises, cadres and
   recruitment, tickets, enterprises.
2. Runs, each in a fresh subprocess so peak memory (``ru_maxrss``) is the
   process's own:
   - **ledger**: the real export (all five sheets, office staff's view) —
     ``ledger.exports.write_ledger``, reading the database;
   - **raw**: bare openpyxl write-only writing the same sheets with the same
     rows × columns from prepared lists (a 1 000-row sample of the real rows
     per sheet, cycled), no styles, no database.
3. Prints a Markdown table (and appends it to docs/benchmarks.md with ``--write``).
   Goal: ledger time within 1.5× of raw, peak memory within 100 MB of raw.
"""

import argparse
import datetime as dt
import itertools
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = 1000


def _django(db_url):
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _peak_mb():
    """This process's peak resident memory in MiB.

    VmHWM from /proc (reset by exec), not ru_maxrss: Linux keeps ru_maxrss across
    exec, so a child would report its parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- seeding -----------------------------------------------------------------------------------


def create_database(pg, name):
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(pg, name):
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(n_visits, n_tickets):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from campaigns.models import Assignment, Campaign, Enterprise, TeamMembership, UnionUnit, WorkerGroup, WorkTeam
    from campaigns.validators import credit_code_check_char
    from issues.models import WorkerIssue
    from visits.models import Recruitment, Visit

    rnd = random.Random(20261128)
    User = get_user_model()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name="基准测试蹲点活动", start_date=dt.date(2026, 1, 1), end_date=dt.date(2026, 12, 31)
        )
        units = list(UnionUnit.objects.order_by("sort_order"))
        if not units:
            units = [UnionUnit.objects.create(name=f"基准{i}镇", kind="town", sort_order=i) for i in range(23)]
        teams = [WorkTeam.objects.create(campaign=campaign, name=f"第{i + 1}蹲点小组", sort_order=i) for i in range(3)]
        for i, unit in enumerate(units):
            Assignment.objects.create(campaign=campaign, team=teams[i % 3], unit=unit)
        team_of_unit = {u.pk: teams[i % 3] for i, u in enumerate(units)}
        users = []
        surnames = "王李张刘陈杨赵黄周吴"
        for i in range(30):
            u = User.objects.create(username=f"bench{i}", last_name=surnames[i % 10], first_name=f"干部{i}")
            TeamMembership.objects.create(team=teams[i % 3], user=u, role="leader" if i < 3 else "member")
            users.append(u)
        staff = User.objects.create(username="bench_staff", is_superuser=True)
        groups = list(WorkerGroup.objects.all())

        enterprises = []
        for i in range(3000):
            first17 = f"91110115MA{i:07d}"
            enterprises.append(
                Enterprise(
                    name=f"北京大兴基准企业{i}有限公司",
                    credit_code=first17 + credit_code_check_char(first17),
                    unit=units[i % len(units)],
                    industry=rnd.choice(["物流", "快递", "制造", "餐饮", "物业"]),
                    contact_name="赵经理",
                    contact_phone="13800000000",
                    headcount=rnd.randint(5, 500),
                    address=f"北京市大兴区基准路{i}号",
                    union_status=rnd.choice(["none", "contacted", "promised", "preparing"]),
                )
            )
        enterprises = Enterprise.objects.bulk_create(enterprises, batch_size=2000)
        by_unit = {}
        for e in enterprises:
            by_unit.setdefault(e.unit_id, []).append(e)

    summary = "召开新就业形态劳动者座谈会，了解快递员、外卖骑手的劳动报酬、休息休假和社会保险情况，宣讲工会入会政策。"
    findings = "企业订单量较去年同期有所增长，用工总体稳定，部分骑手反映高峰时段配送压力大。"
    start = dt.date(2026, 1, 1)
    print(f"seeding {n_visits} visits …", flush=True)
    t0 = time.perf_counter()
    batch = 5000
    Through = Visit.enterprises.through
    Cadres = Visit.cadres.through
    for offset in range(0, n_visits, batch):
        with transaction.atomic():
            visits = []
            for i in range(offset, min(offset + batch, n_visits)):
                unit = units[i % len(units)]
                visits.append(
                    Visit(
                        campaign=campaign,
                        team=team_of_unit[unit.pk],
                        unit=unit,
                        date=start + dt.timedelta(days=i % 365),
                        kind=rnd.choice(["forum", "site", "care", "law"]),
                        place=f"{unit.name}职工之家",
                        people_met="企业负责人、工会主席",
                        workers_reached=rnd.randint(0, 80),
                        summary=summary,
                        operations_findings=findings,
                        mood_findings="职工情绪总体稳定。",
                        hotspot_findings="",
                        created_by=users[i % len(users)],
                    )
                )
            visits = Visit.objects.bulk_create(visits)
            links, cadres, recruits = [], [], []
            for v in visits:
                for e in rnd.sample(by_unit[v.unit_id], 2):
                    links.append(Through(visit_id=v.pk, enterprise_id=e.pk))
                for u in rnd.sample(users, 2):
                    cadres.append(Cadres(visit_id=v.pk, user_id=u.pk))
                if rnd.random() < 0.3:
                    recruits.append(Recruitment(visit_id=v.pk, group=rnd.choice(groups), count=rnd.randint(1, 20)))
            Through.objects.bulk_create(links)
            Cadres.objects.bulk_create(cadres)
            Recruitment.objects.bulk_create(recruits)
    print(f"  {time.perf_counter() - t0:.1f}s", flush=True)

    print(f"seeding {n_tickets} tickets …", flush=True)
    t0 = time.perf_counter()
    base = timezone.make_aware(dt.datetime(2026, 1, 1, 9))
    for offset in range(0, n_tickets, batch):
        with transaction.atomic():
            issues = []
            for i in range(offset, min(offset + batch, n_tickets)):
                unit = units[i % len(units)]
                received = base + dt.timedelta(minutes=157 * i % (360 * 24 * 60))
                closed = i % 3 == 0
                issues.append(
                    WorkerIssue(
                        code=f"BM-2026-{i:06d}",
                        source=rnd.choice(["field", "12345", "12351"]),
                        hotline_number=f"H{i:08d}",
                        category=rnd.choice(["wages", "insurance", "dispute", "hardship"]),
                        worker_name="张三丰",
                        worker_phone="13812345678",
                        worker_id_number="110101199003074512",
                        campaign=campaign,
                        team=team_of_unit[unit.pk],
                        unit=unit,
                        enterprise=rnd.choice(by_unit[unit.pk]),
                        title="反映企业拖欠工资",
                        description="职工反映所在企业拖欠两个月工资，多次协商未果，希望工会帮助协调解决。",
                        handler=users[i % len(users)],
                        status="closed" if closed else "processing",
                        received_at=received,
                        response_due=received + dt.timedelta(days=1),
                        resolution_due=received + dt.timedelta(days=7),
                        responded_at=received + dt.timedelta(hours=3),
                        closed_at=received + dt.timedelta(days=5) if closed else None,
                        closing_kind="solved" if closed else "",
                        satisfaction="satisfied" if closed else "",
                        created_by=users[i % len(users)],
                    )
                )
            WorkerIssue.objects.bulk_create(issues)
    print(f"  {time.perf_counter() - t0:.1f}s", flush=True)
    call_command("shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    return campaign.pk, staff.pk


def _scope(campaign_id, staff_id):
    from django.contrib.auth import get_user_model

    from ledger.scope import LedgerFilters, resolve

    user = get_user_model().objects.get(pk=staff_id)
    return resolve(user, LedgerFilters(campaign_id=campaign_id))


def write_sample(campaign_id, staff_id, path):
    """Shapes and a 1 000-row sample of every sheet's real rows, for the raw writer."""
    from ledger.queries import count_rows
    from ledger.sheets import build_sheets

    scope = _scope(campaign_id, staff_id)
    shapes = []
    for sheet in build_sheets(scope):
        rows = list(itertools.islice(sheet.rows, SAMPLE))
        shapes.append({"name": sheet.name, "headers": [c.header for c in sheet.columns], "sample": rows})
    counts = _sheet_counts(scope)
    for shape in shapes:
        shape["count"] = counts[shape["name"]]
    with open(path, "wb") as f:
        pickle.dump(shapes, f)
    return count_rows(scope), counts


def _sheet_counts(scope):
    from ledger import queries

    return {
        "走访台账": queries.visits_queryset(scope).count(),
        "职工诉求台账": queries.issues_queryset(scope).count(),
        "未建会企业台账": queries.enterprises_queryset(scope).count(),
        "入会台账": queries.recruitment_queryset(scope).count(),
        "覆盖情况汇总": len(scope.units),
    }


# -- the two measured runs (each in its own process) --------------------------------------------


def run_ledger(args):
    _django(args.db_url)
    from django.db import transaction

    from ledger.exports import write_ledger

    out = Path(args.out)
    baseline = _peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    with transaction.atomic():  # server-side cursors need a transaction with autocommit off
        scope = _scope(args.campaign, args.staff)
        rows = write_ledger(scope, out)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
        "rows": rows,
        "bytes": out.stat().st_size,
    }


def run_raw(args):
    from openpyxl import Workbook

    with open(args.sample, "rb") as f:
        shapes = pickle.load(f)  # noqa: S301 -- our own file, written by the parent process
    out = Path(args.out)
    baseline = _peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    wb = Workbook(write_only=True)
    rows = 0
    for shape in shapes:
        ws = wb.create_sheet(shape["name"])
        ws.append([shape["name"]])
        ws.append(shape["headers"])
        sample = shape["sample"] or [[None] * len(shape["headers"])]
        for row in itertools.islice(itertools.cycle(sample), shape["count"]):
            ws.append(row)
            rows += 1
    wb.save(out)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": elapsed,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
        "rows": rows,
        "bytes": out.stat().st_size,
    }


def _child(mode, **kw):
    cmd = [sys.executable, __file__, "--child", mode] + [f"--{k.replace('_', '-')}={v}" for k, v in kw.items()]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"{mode} run failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _best(runs):
    """The fastest run's times; the highest peak memory of all runs."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["peak_mb"] = max(r["peak_mb"] for r in runs)
    best["cpu"] = min(r["cpu"] for r in runs)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="dundian_bench_ledger")
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each writer (best time is reported)")
    parser.add_argument("--write", action="store_true", help="append the results to docs/benchmarks.md")
    parser.add_argument("--child", choices=["ledger", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--db-url", help=argparse.SUPPRESS)
    parser.add_argument("--campaign", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--staff", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sample", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = run_ledger(args) if args.child == "ledger" else run_raw(args)
        print(json.dumps(result))
        return

    db_url = f"{args.pg}/{args.db}"
    create_database(args.pg, args.db)
    try:
        _django(db_url)
        t0 = time.perf_counter()
        campaign_id, staff_id = seed(args.visits, args.tickets)
        seed_s = time.perf_counter() - t0
        with tempfile.TemporaryDirectory(prefix="bench-ledger-") as tmp:
            sample = os.path.join(tmp, "sample.pickle")
            total, counts = write_sample(campaign_id, staff_id, sample)
            from django.db import connections

            connections.close_all()
            print(f"rows per sheet: {counts}", flush=True)
            raws, ledgers = [], []
            # Alternate the two, so load from other processes on the machine hits both alike.
            for _ in range(args.repeat):
                raws.append(_child("raw", sample=sample, out=os.path.join(tmp, "raw.xlsx")))
                print(f"raw:    {raws[-1]}", flush=True)
                ledgers.append(
                    _child(
                        "ledger",
                        db_url=db_url,
                        campaign=campaign_id,
                        staff=staff_id,
                        out=os.path.join(tmp, "ledger.xlsx"),
                    )
                )
                print(f"ledger: {ledgers[-1]}", flush=True)
            raw, ledger = _best(raws), _best(ledgers)
    finally:
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(args.pg, args.db)

    ratio = ledger["seconds"] / raw["seconds"]
    extra = ledger["peak_mb"] - raw["peak_mb"]
    table = render(args, counts, total, raw, ledger, ratio, extra, seed_s)
    print(table)
    if args.write:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as f:
            f.write(table)


def render(args, counts, total, raw, ledger, ratio, extra, seed_s):
    cores = os.cpu_count()
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M") + " " + time.strftime("%Z")
    ok_time = "✅" if ratio <= 1.5 else "❌"
    ok_mem = "✅" if extra <= 100 else "❌"
    lines = [
        "",
        f"### Ledger export, {args.visits:,} visits + {args.tickets:,} tickets ({when}, {cores} cores, PostgreSQL)",
        "",
        f"Rows per sheet: {', '.join(f'{k} {v:,}' for k, v in counts.items())} — {total:,} data rows in all. "
        f"Seeding took {seed_s:.0f} s (not measured below). Best of {args.repeat} alternating runs each; "
        f"load average at the end {os.getloadavg()[0]:.1f}.",
        "",
        "| writer | time | CPU time | peak memory (VmHWM) | before writing | file |",
        "|---|---|---|---|---|---|",
        f"| raw openpyxl write-only, prepared lists | {raw['seconds']:.1f} s | {raw['cpu']:.1f} s | {raw['peak_mb']:.0f} MiB "
        f"| {raw['baseline_mb']:.0f} MiB | {raw['bytes'] / 1e6:.1f} MB |",
        f"| dundian ledger export (DB → 5 sheets) | {ledger['seconds']:.1f} s | {ledger['cpu']:.1f} s | {ledger['peak_mb']:.0f} MiB "
        f"| {ledger['baseline_mb']:.0f} MiB | {ledger['bytes'] / 1e6:.1f} MB |",
        "",
        f"Time ratio {ratio:.2f}× (goal ≤ 1.5×) {ok_time}; memory +{extra:.0f} MiB over raw (goal ≤ 100 MB) {ok_mem}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
