"""gunicorn settings for dundian (``gunicorn -c deploy/gunicorn.conf.py dundian.wsgi``).

Every value can be changed by environment variable (the systemd unit reads
/etc/dundian/dundian.env). Sizes: docs/deploy.md ("Sizing").
"""

import os
import shutil
from pathlib import Path

wsgi_app = "dundian.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: Django with a PostgreSQL pool per worker. 2–4 per core.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# An export or an upload of 12 photos from a slow phone may take a while; nginx waits as long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# nginx on the same host is the only client; it sets X-Forwarded-For/Proto (see deploy/nginx/dundian.conf).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
proc_name = os.environ.get("GUNICORN_PROC_NAME", "dundian")


def on_starting(server):
    """Prometheus multiprocess mode: one folder of metric files shared by the workers, emptied at start."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
