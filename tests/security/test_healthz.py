"""/healthz: a JSON probe for the load balancer, open without login, telling nothing more."""

from django.db import OperationalError
from django.urls import reverse


def test_healthz_answers_json_without_login(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"status", "database", "replica", "broker", "storage", "calendar"}


def test_healthz_is_never_cached(client, db):
    response = client.get(reverse("healthz"))

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_a_down_database_with_503(client, db, monkeypatch):
    class RefusingConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("dundian.views.connection", RefusingConnection())

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["database"] == "down"
