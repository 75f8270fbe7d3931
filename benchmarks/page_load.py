"""Benchmark (not a test): page weight and first paint of the dashboard and the visit form on 3G.

    .venv/bin/python benchmarks/page_load.py [--repeat 3] [--write]

1. Makes a scratch SQLite database in a temporary folder, migrates it and loads the demo
   (``seed_demo``).
2. Serves it twice, as ``make run`` does and as production does:
   - **development**: ``manage.py runserver`` with DEBUG on and plain static storage;
   - **production**: ``collectstatic`` with whitenoise's ``CompressedManifestStaticFilesStorage``
     (hashed names, gzip) and gunicorn with DEBUG off; whitenoise serves the static files.
3. Loads each page in Debian's chromium (Playwright) on a 360×740 phone with the network
   throttled through the DevTools protocol (``Network.emulateNetworkConditions``) to Chrome's
   "Fast 3G" preset: 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up. Cold: empty cache;
   warm: the same page again (the browser's cache kept). Reports bytes transferred (the HTML and
   every resource, headers included) and first contentful paint / largest contentful paint /
   load event, the median of ``--repeat`` runs.

Prints a Markdown table; ``--write`` replaces the "Page load on 3G" results in docs/benchmarks.md.
Pages: ``/dashboard/`` as leadership (``leader``), ``/visits/new/`` as a cadre (``cadre1``).
"""

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.44 * 1024 * 1024 / 8,
    "uploadThroughput": 675 * 1024 / 8,
}
PAGES = [("/dashboard/", "leader", "看板（领导）"), ("/visits/new/", "cadre1", "填报走访（组员）")]
MARK_START = "## Page load on 3G"

METRICS_JS = """async () => {
  const lcp = await new Promise((resolve) => {
    let last = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) last = e.startTime; })
      .observe({type: "largest-contentful-paint", buffered: true});
    setTimeout(() => resolve(last), 300);
  });
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    requests: 1 + resources.length,
    fcp: fcp ? fcp.startTime : null,
    lcp: lcp,
    load: nav.loadEventEnd,
  };
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env, **kw):
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, **kw)


def wait_until_up(url: str, process) -> None:
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (a local address we started)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def session_cookie(env, username: str) -> str:
    code = (
        "import django; django.setup();"
        "from django.contrib.auth import get_user_model; from django.test import Client;"
        "from django.conf import settings;"
        f"c = Client(); c.force_login(get_user_model().objects.get(username={username!r}));"
        "print(c.cookies[settings.SESSION_COOKIE_NAME].value)"
    )
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def measure(base_url: str, env, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for path, username, label in PAGES:
            cookie = session_cookie(env, username)
            runs = {"cold": [], "warm": []}
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="zh-CN")
                context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", FAST_3G)
                for kind in ("cold", "warm"):
                    page.goto(base_url + path, wait_until="load", timeout=120_000)
                    runs[kind].append(page.evaluate(METRICS_JS))
                context.close()
            results[(path, label)] = {
                kind: {key: statistics.median(r[key] or 0 for r in rows) for key in rows[0]}
                for kind, rows in runs.items()
            }
        browser.close()
    return results


def serve(mode: str, env, port: int):
    if mode == "development":
        args = [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    else:
        args = [PY, "-m", "gunicorn", "dundian.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def table(all_results: dict) -> str:
    lines = [
        "| page | served as | visit | transferred | requests | first contentful paint | largest contentful paint | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for mode, results in all_results.items():
        for (path, label), kinds in results.items():
            for kind, m in kinds.items():
                lines.append(
                    f"| {label} `{path}` | {mode} | {'首次（空缓存）' if kind == 'cold' else '再次（有缓存）'} "
                    f"| {m['bytes'] / 1024:.0f} KiB | {m['requests']:.0f} | {m['fcp'] / 1000:.2f} s "
                    f"| {m['lcp'] / 1000:.2f} s | {m['load'] / 1000:.2f} s |"
                )
    return "\n".join(lines)


def write_results(text: str, repeat: int) -> None:
    doc = ROOT / "docs" / "benchmarks.md"
    content = doc.read_text(encoding="utf-8")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    results = (
        f"Latest run (`.venv/bin/python benchmarks/page_load.py --repeat {repeat} --write`, {stamp}, "
        f"2 shared cores, load average {load:.1f}; median of {repeat}):\n\n{text}\n"
    )
    begin, end = "<!-- page-load results -->", "<!-- /page-load results -->"
    if begin in content:
        head, rest = content.split(begin, 1)
        content = head + begin + "\n" + results + end + rest.split(end, 1)[1]
    else:
        content += f"\n{begin}\n{results}{end}\n"
    doc.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dundian-pageload-") as tmp:
        base_env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "dundian.settings",
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "CELERY_BROKER_URL": "memory://",
            "MEDIA_ROOT": f"{tmp}/media",
        }
        base_env.pop("DUNDIAN_PRODUCTION", None)
        run([PY, "manage.py", "migrate", "--noinput"], base_env)
        run([PY, "manage.py", "seed_demo"], base_env)
        modes = {
            "development": {**base_env, "DEBUG": "1"},
            "production": {
                **base_env,
                "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "STATIC_ROOT": f"{tmp}/static",
                "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
            },
        }
        run([PY, "manage.py", "collectstatic", "--noinput"], modes["production"])
        all_results = {}
        for mode, env in modes.items():
            port = free_port()
            server = serve(mode, env, port)
            try:
                wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
                all_results[mode] = measure(f"http://127.0.0.1:{port}", env, options.repeat)
            finally:
                server.terminate()
                server.wait(timeout=30)
    text = table(all_results)
    print(text)
    if options.write:
        write_results(text, options.repeat)


if __name__ == "__main__":
    main()
