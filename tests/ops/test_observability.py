"""Request ids in logs and tasks, /metrics behind a token or an allow-list, /healthz part by part, queues."""

import io
import logging
import logging.config

import pytest
from celery import shared_task
from django.urls import reverse

from ops.logs import get_request_id, set_request_id

TOKEN = "a-metrics-token-for-tests"


def test_every_response_carries_a_request_id(client, db):
    response = client.get(reverse("healthz"))

    assert len(response["X-Request-ID"]) == 32


def test_the_proxy_request_id_is_kept_and_a_strange_one_replaced(client, db):
    kept = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    replaced = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == "nginx-0123456789abcdef"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"


def test_json_log_lines_carry_the_request_id(settings):
    out = io.StringIO()
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": settings.LOGGING["filters"],
        "formatters": {"json": settings.LOGGING["formatters"]["json"]},
        "handlers": {
            "out": {"class": "logging.StreamHandler", "stream": out, "formatter": "json", "filters": ["request_id"]}
        },
        "loggers": {"dundian.test.json": {"handlers": ["out"], "level": "INFO", "propagate": False}},
    }
    logging.config.dictConfig(config)
    token = set_request_id("req-0123456789")
    try:
        logging.getLogger("dundian.test.json").info("导出完成")
    finally:
        from ops.logs import reset_request_id

        reset_request_id(token)

    import json

    line = json.loads(out.getvalue())
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "导出完成"
    assert line["level"] == "INFO"


@shared_task(name="tests.ops.report_request_id")
def report_request_id():
    return get_request_id()


def test_a_task_runs_under_the_request_id_it_was_sent_with():
    assert report_request_id.apply(headers={"request_id": "req-from-web-1234"}).get() == "req-from-web-1234"


def test_the_request_id_is_put_into_the_task_message():
    from celery import signals

    headers = {}
    token = set_request_id("req-abcdef123456")
    try:
        signals.before_task_publish.send(sender="ledger.run_export", headers=headers, body=None)
    finally:
        from ops.logs import reset_request_id

        reset_request_id(token)

    assert headers["request_id"] == "req-abcdef123456"


def test_exports_have_their_own_queue():
    from dundian.celery import app

    assert app.amqp.router.route({}, "ledger.run_export")["queue"].name == "exports"
    assert app.amqp.router.route({}, "dashboard.sweep_reminders")["queue"].name == "celery"


@pytest.fixture
def metrics(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    return reverse("metrics")


def test_metrics_answer_404_without_the_token(client, db, metrics):
    assert client.get(metrics).status_code == 404
    assert client.get(metrics, HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_metrics_with_the_token_report_latency_by_view_reminders_and_exports(client, db, metrics):
    client.get(reverse("healthz"))

    body = client.get(metrics, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    assert 'dundian_http_request_duration_seconds_count{method="GET",view="healthz"}' in body
    assert "dundian_export_duration_seconds_count 0.0" in body
    assert "# TYPE dundian_reminders_sent_total counter" in body


def test_metrics_from_an_allowed_address(client, db, metrics, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]

    assert client.get(metrics, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get(metrics, REMOTE_ADDR="192.168.1.5").status_code == 404


def test_healthz_reports_storage_down_on_its_own(client, db, monkeypatch):
    class RefusingBucket:
        def save(self, *args, **kwargs):
            raise PermissionError("bucket refused")

    monkeypatch.setattr("ops.health.default_storage", RefusingBucket())

    response = client.get(reverse("healthz"))

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["database"], body["storage"]) == ("degraded", "ok", "down")
