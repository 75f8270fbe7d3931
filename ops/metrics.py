"""Prometheus metrics: request latency by view, queue lengths, reminders sent, export durations.

Latency is measured in each web process. Under gunicorn with several workers
set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, emptied at each start; the
gunicorn config does it) so ``/metrics`` adds up every worker's figures. Queue
lengths are asked of the broker, and reminders and export durations are read
from the database at scrape time, so every server reports the same totals.

``/metrics`` answers only a request with ``Authorization: Bearer $METRICS_TOKEN``
or from an address of ``METRICS_ALLOWED_IPS``; anyone else gets 404.
"""

import hmac
import ipaddress
import logging
import os
import time

from django.apps import apps
from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.http import Http404, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily

log = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "dundian_http_request_duration_seconds",
    "Time to answer a request, by view",
    ["view", "method"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "<unresolved>"
        REQUEST_LATENCY.labels(view=view, method=request.method).observe(time.perf_counter() - started)
        return response


class DomainCollector:
    """Figures every server reports alike: from the broker and the database, at scrape time."""

    def collect(self):
        yield self._queue_lengths()
        yield from self._from_database()

    def _queue_lengths(self):
        from dundian.celery import app

        gauge = GaugeMetricFamily("dundian_queue_length", "Messages waiting in a Celery queue", labels=["queue"])
        try:
            with app.connection_for_read() as conn:
                conn.ensure_connection(max_retries=0, timeout=2)
                for queue in settings.CELERY_TASK_QUEUES:
                    gauge.add_metric([queue], _queue_length(conn, queue))
        except Exception:  # broker down: no figure rather than a wrong one
            log.warning("metrics: queue lengths unavailable", exc_info=True)
        return gauge

    def _from_database(self):
        notification = apps.get_model("notifications", "Notification")
        export_job = apps.get_model("ledger", "ExportJob")
        sent = CounterMetricFamily("dundian_reminders_sent", "In-app reminders sent, by kind", labels=["kind"])
        reminders = notification.objects.exclude(kind="export_ready")  # a download notice is no reminder
        for row in reminders.values("kind").annotate(n=Count("id")).order_by("kind"):
            sent.add_metric([row["kind"]], row["n"])
        yield sent
        took = ExpressionWrapper(F("finished_at") - F("created_at"), output_field=DurationField())
        done = export_job.objects.filter(status="done", finished_at__isnull=False)
        totals = done.aggregate(n=Count("id"), total=Sum(took))
        summary = SummaryMetricFamily("dundian_export_duration_seconds", "Background ledger exports, request to file")
        seconds = totals["total"].total_seconds() if totals["total"] else 0.0
        summary.add_metric([], count_value=totals["n"], sum_value=seconds)
        yield summary


def _queue_length(conn, queue: str) -> int:
    try:
        return conn.default_channel.queue_declare(queue=queue, passive=True).message_count
    except Exception as exc:  # a queue nobody declared yet holds no message
        if "NOT_FOUND" in str(exc) or "no queue" in str(exc).lower():
            return 0
        raise


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessMetrics())
    registry.register(DomainCollector())
    return registry


class _ProcessMetrics:
    """This process's own metrics (the default registry) when not in multiprocess mode."""

    def collect(self):
        yield from REGISTRY.collect()


def allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(entry, strict=False) for entry in settings.METRICS_ALLOWED_IPS)


def metrics_view(request):
    if not allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
