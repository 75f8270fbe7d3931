"""Site-wide views: the role-based home page and the health check."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from campaigns import roles
from ops import health
from ops.routers import replica_configured

log = logging.getLogger(__name__)


@login_required
def home(request):
    """Leadership and office staff land on the dashboard; everyone else on the team's work for today."""
    user = request.user
    first = ["dashboard:index"] if roles.sees_everything(user) else ["dashboard:home"]
    for name in [*first, "visits:list"]:
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            continue
    return redirect("admin:index")


def favicon(request):
    """Browsers ask for /favicon.ico on every page without a <link rel=icon> (the admin): the SVG icon."""
    return redirect(static("favicon.svg"), permanent=True)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # any driver error means "down" to a health probe
        log.exception("healthz: database check failed")
        return False


def _broker_ok() -> bool:
    from dundian.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:  # connection refused, DNS, timeout: all mean "down"
        log.warning("healthz: broker unreachable", exc_info=True)
        return False


# Outside ATOMIC_REQUESTS: with the database down, the probe must still answer.
# Each part separately: the primary database (503 when down: this server cannot
# work), the replica ("none" when not configured), the broker and the storage.
@transaction.non_atomic_requests
@never_cache
def healthz(request):
    db = _database_ok()
    broker = _broker_ok()
    replica = health.database_ok("replica") if replica_configured() else None
    storage = health.storage_ok()
    calendar = _calendar_state() if db else "unknown"
    parts = {
        "database": "ok" if db else "down",
        "replica": "none" if replica is None else ("ok" if replica else "down"),
        "broker": "ok" if broker else "down",
        "storage": "ok" if storage else "down",
        "calendar": calendar,
    }
    # A missing next-year calendar is reported for staff and monitoring ("calendar": "missing 2027"),
    # but it is a data chore, not a fault of this server: the status (what a load balancer reads) stays ok.
    healthy = db and broker and storage and replica is not False
    return JsonResponse({"status": "ok" if healthy else "degraded", **parts}, status=200 if db else 503)


def _calendar_state() -> str:
    """From 1 November: "missing YYYY" while next year's holiday schedule is not loaded."""
    from workdays.services import missing_next_year

    missing = missing_next_year()
    return f"missing {missing}" if missing else "ok"
