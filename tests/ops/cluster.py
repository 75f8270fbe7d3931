"""Two gunicorn servers, a Celery worker and moto's S3 server, sharing PostgreSQL and Redis.

Used by tests/ops/test_two_servers.py and the backup/restore drill. Every
process is started here and stopped at the end of the session; the ports are
free ones picked at start, the database and Redis numbers come from
``DUNDIAN_CLUSTER_DB`` (default ``dundian_dist_cluster``) and
``DUNDIAN_CLUSTER_REDIS`` (default 7).
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
ACCESS_KEY = "dundian-test"
SECRET_KEY = "dundian-test-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def missing_services() -> str | None:
    """Why the cluster cannot run here (None: it can)."""
    if not reachable("127.0.0.1", 5432):
        return "PostgreSQL is not reachable at 127.0.0.1:5432"
    if not reachable("127.0.0.1", 6379):
        return "Redis is not reachable at 127.0.0.1:6379"
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
    except ImportError:
        return "moto[server] and boto3 are not installed"
    if not (BIN / "gunicorn").exists():
        return "gunicorn is not installed in the virtualenv"
    return None


def pg_admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def recreate_database(name: str) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


@dataclass
class Cluster:
    tmp: Path
    database: str = field(default_factory=lambda: os.environ.get("DUNDIAN_CLUSTER_DB", "dundian_dist_cluster"))
    redis_db: int = field(default_factory=lambda: int(os.environ.get("DUNDIAN_CLUSTER_REDIS", "7")))
    bucket: str = "dundian-cluster"
    s3_port: int = field(default_factory=free_port)
    ports: dict = field(default_factory=lambda: {"A": free_port(), "B": free_port()})
    processes: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def url(self, server: str, path: str = "") -> str:
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def env(self, *, database=None, bucket=None, media=None, **extra) -> dict:
        """The environment of a dundian process of this cluster (no local state shared)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "STORAGE_", "CELERY_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="dundian.settings",
            DATABASE_URL=f"{PG}/{database or self.database}",
            DATABASE_POOL_MAX_SIZE="4",
            CELERY_BROKER_URL=f"redis://127.0.0.1:6379/{self.redis_db}",
            CELERY_TASK_ALWAYS_EAGER="0",
            CACHE_URL=f"redis://127.0.0.1:6379/{self.redis_db}",
            STORAGE_BUCKET=bucket or self.bucket,
            STORAGE_ENDPOINT_URL=self.s3_url,
            STORAGE_ACCESS_KEY=ACCESS_KEY,
            STORAGE_SECRET_KEY=SECRET_KEY,
            STORAGE_REGION="us-east-1",
            # Each process its own MEDIA_ROOT: a file that reached only the local disk cannot be seen elsewhere.
            MEDIA_ROOT=str(media or self.tmp / f"media-{len(self.processes)}"),
            EXPORT_ASYNC_THRESHOLD_ROWS="0",
            DEBUG="0",
            LOG_FORMAT="json",
            METRICS_TOKEN="cluster-metrics-token",
            AXES_ENABLED="0",
        )
        env.update(extra)
        return env

    def manage(self, *args, env=None, check=True, timeout=600) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
        )

    def start(self, name: str, command: list, env: dict) -> None:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 -- closed with the process
        self.processes[name] = (subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log), log)

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def up(self) -> "Cluster":
        self.start("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)], os.environ)
        wait_for(lambda: reachable("127.0.0.1", self.s3_port), "moto's S3 server", self)
        self.s3().create_bucket(Bucket=self.bucket)
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=self.redis_db).flushdb()
        recreate_database(self.database)
        self.manage("migrate", "--noinput")
        self.manage("seed_demo")
        for server, port in self.ports.items():
            gunicorn = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--workers", "2"]
            self.start(
                f"web-{server}",
                [*gunicorn, "--bind", f"127.0.0.1:{port}", "--name", f"dist-{server}"],
                self.env(PROMETHEUS_MULTIPROC_DIR=str(self.tmp / f"prom-{server}")),
            )
        # Only the exports queue: an export routed anywhere else would never be built.
        worker = [
            str(BIN / "celery"),
            "-A",
            "dundian",
            "worker",
            "-Q",
            "exports",
            "--pool=solo",
            "-n",
            f"dist-cluster-{os.getpid()}@%h",
        ]
        self.start("worker", [*worker, "--without-mingle", "--without-gossip", "--loglevel=INFO"], self.env())
        for server in self.ports:
            wait_for(lambda s=server: _healthy(self.url(s, "/healthz")), f"server {server}", self)
        return self

    def down(self) -> None:
        for _name, (process, log) in reversed(list(self.processes.items())):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        with contextlib.suppress(Exception):
            import redis

            redis.Redis(host="127.0.0.1", port=6379, db=self.redis_db).flushdb()
        with contextlib.suppress(Exception):
            drop = 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)'
            pg_admin(drop.format(self.database), drop.format(f"{self.database}_restored"))


def _healthy(url: str) -> bool:
    with contextlib.suppress(requests.RequestException):
        return requests.get(url, timeout=5).status_code == 200
    return False


def wait_for(condition, what: str, cluster: Cluster, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        for name, (process, _log) in cluster.processes.items():
            if process.poll() is not None:
                raise AssertionError(f"{name} exited ({process.returncode}):\n{cluster.log(name)[-3000:]}")
        time.sleep(0.5)
    raise AssertionError(f"{what} not ready after {seconds}s")
