"""Benchmark (not a test): every page against the floor, at city scale, on PostgreSQL with gunicorn.

    .venv/bin/python manage.py generate_data --visits 100000 --tickets 100000 --campaigns 10   # once, DATABASE_URL=…
    .venv/bin/python benchmarks/pages.py --db dundian_bench_100k [--rounds 15] [--clients 50 --seconds 60]

1. Serves the app with gunicorn (2 workers), DEBUG off, production static files, on the
   given PostgreSQL database, with ``benchmarks.pages_app.settings``: the site's settings
   plus the floor view ``/__bench__/floor/`` (a signed-in page with no query or template
   of its own) and ``X-Queries`` (statements per request), from a benchmark-only URLconf.
2. Signs in ``bench_leader`` (领导) and ``bench_cadre1_1`` (a cadre of the first team) by
   creating their sessions in the database.
3. For each role, each page and the floor are requested alternately ``--rounds`` times
   (after one warm-up each); medians, the ratio to the floor's median and the queries.
4. ``--clients`` threads with keep-alive connections request a page mix for ``--seconds``:
   requests/s, p50/p95/p99, errors, and this process's own CPU share of the machine.
Prints Markdown with the machine's load average (``os.getloadavg``) before and after.
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
FLOOR = "/__bench__/floor/"


def django_setup(db_url):
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")
    import django

    django.setup()


def sessions() -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    cookies = {}
    for role, username in (("leadership", "bench_leader"), ("cadre", "bench_cadre1_1")):
        user = get_user_model().objects.get(username=username)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    return cookies


def pages() -> dict:
    """Paths per role: lists (first and a deep page), a search, a ticket, a visit."""
    from campaigns.models import WorkTeam
    from issues.models import WorkerIssue
    from visits.models import Visit

    team = WorkTeam.objects.filter(name="第一蹲点小组").order_by("-campaign__start_date").first()
    ticket = WorkerIssue.objects.filter(team=team).order_by("-received_at", "-id").first()
    visit = Visit.objects.filter(team=team).order_by("-date", "-id").first()
    code_prefix = ticket.code[:10]
    common = [
        "/issues/",
        "/issues/?view=open",
        "/issues/?page=100",
        f"/issues/?q={code_prefix}",
        f"/issues/{ticket.pk}/",
        "/visits/",
        "/visits/?page=100",
        f"/visits/{visit.pk}/",
        "/plans/",
        "/enterprises/",
    ]
    return {
        # The 基层服务 sections follow the dashboard (dashboard.sections): measured as whole pages, opened alone.
        "leadership": ["/dashboard/", "/dashboard/mediation/", "/dashboard/outreach/", *common, "/ledger/"],
        "cadre": ["/dashboard/today/", *common],
    }


class Client:
    def __init__(self, port, cookie):
        self.port, self.cookie = port, cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path):
        started = time.perf_counter()
        try:
            self.conn.request("GET", path, headers={"Cookie": self.cookie, "Host": "127.0.0.1"})
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return time.perf_counter() - started, 0, None
        return time.perf_counter() - started, response.status, response.getheader("X-Queries")


def measure(port, cookies, paths, rounds):
    rows = []
    for role, role_paths in paths.items():
        client = Client(port, cookies[role])
        for path in role_paths:
            client.get(FLOOR), client.get(path)  # warm-up
            floor, page, queries, status = [], [], None, None
            for _ in range(rounds):
                floor.append(client.get(FLOOR)[0])
                seconds, status, queries = client.get(path)
                page.append(seconds)
            f, p = statistics.median(floor) * 1000, statistics.median(page) * 1000
            rows.append((path, role, p, f, p / f, queries, status))
            print(
                f"  {role:10} {path:40} {p:8.1f} ms  floor {f:5.1f} ms  {p / f:6.1f}×  q={queries} {status}", flush=True
            )
    return rows


def load_test(port, cookies, paths, clients, seconds):
    mix = [(role, path) for role, ps in paths.items() for path in ps] + [("cadre", FLOOR)] * 0
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(n):
        rnd = random.Random(n)
        conns = {role: Client(port, cookie) for role, cookie in cookies.items()}
        while time.perf_counter() < stop:
            role, path = rnd.choice(mix)
            elapsed, status, _ = conns[role].get(path)
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors[0] += 1

    cpu_before, wall_before = os.times(), time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu_after, wall = os.times(), time.perf_counter() - wall_before
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")

    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors[0],
        "cpu_share": cpu / wall / (os.cpu_count() or 1),
    }


def serve(env, port):
    args = [PY, "-m", "gunicorn", "dundian.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "300"]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(port, process):
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="a database filled by manage.py generate_data")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--only", help="measure only the paths that start with this (e.g. /dashboard/)")
    options = parser.parse_args()
    db_url = f"{options.pg}/{options.db}"
    django_setup(db_url)
    cookies, paths = sessions(), pages()
    if options.only:
        paths = {role: [p for p in ps if p.startswith(options.only)] for role, ps in paths.items()}
        paths = {role: ps for role, ps in paths.items() if ps}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="dundian-pages-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.pages_app.settings",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": f"{tmp}/static",
            "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
            "CELERY_BROKER_URL": "memory://",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DUNDIAN_PRODUCTION", None)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        server = serve(env, options.port)
        try:
            wait_until_up(options.port, server)
            print(f"load average before: {load_before}", flush=True)
            rows = measure(options.port, cookies, paths, options.rounds)
            load_mid = os.getloadavg()
            result = (
                load_test(options.port, cookies, paths, options.clients, options.seconds) if options.clients else None
            )
            load_after = os.getloadavg()
        finally:
            server.terminate()
            server.wait()
    print("\n| page | role | median | floor | ratio | queries |\n|---|---|---|---|---|---|")
    for path, role, p, f, ratio, queries, status in rows:
        flag = "" if status == 200 else f" (HTTP {status})"
        print(f"| `{path}` | {role} | {p:.1f} ms | {f:.1f} ms | {ratio:.1f}× | {queries}{flag} |")
    if result:
        print(
            f"\n{options.clients} clients × {options.seconds} s on the mix of all pages above: "
            f"{result['requests']} requests ({result['rps']:.1f}/s), p50 {result['p50']:.0f} ms, "
            f"p95 {result['p95']:.0f} ms, p99 {result['p99']:.0f} ms, {result['errors']} errors; "
            f"load generator's CPU share of the machine {result['cpu_share']:.0%}."
        )
    print(
        f"\nload average (1, 5, 15 min): before {load_before}, after the medians {load_mid}, after the load test {load_after}"
    )


if __name__ == "__main__":
    main()
