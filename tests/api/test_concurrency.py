"""The same create sent 20 times at once on PostgreSQL: one ticket, one 201, nineteen 200s.

Real concurrency needs PostgreSQL (SQLite serialises writes, so this is skipped
there). Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/dundian_h_api.
"""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from api.models import IdempotencyKey
from issues.models import WorkerIssue

from .conftest import ticket_body

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL for real parallel requests"),
]

PARALLEL = 20


def post_in_parallel(token, body, **headers):
    barrier = threading.Barrier(PARALLEL)
    answers = [None] * PARALLEL

    def one(i):
        try:
            api = APIClient()
            barrier.wait()
            response = api.post(
                "/api/v1/tickets/", body, format="json", HTTP_AUTHORIZATION=f"Bearer {token}", **headers
            )
            answers[i] = (response.status_code, response.json().get("code"))
        except Exception as error:  # pragma: no cover - shown in the assertion
            answers[i] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return answers


def test_twenty_identical_posts_at_once_make_one_ticket(world, hotline):
    _, token = hotline

    answers = post_in_parallel(token, ticket_body())

    statuses = sorted(a[0] for a in answers)
    assert statuses == [200] * (PARALLEL - 1) + [201], answers
    assert len({a[1] for a in answers}) == 1
    assert WorkerIssue.objects.count() == 1


def test_twenty_posts_with_one_idempotency_key_make_one_ticket(world, hotline):
    _, token = hotline

    answers = post_in_parallel(token, ticket_body(), HTTP_IDEMPOTENCY_KEY="retry-7f3a")

    assert sorted(a[0] for a in answers) == [200] * (PARALLEL - 1) + [201], answers
    assert WorkerIssue.objects.count() == 1
    assert IdempotencyKey.objects.get().issue == WorkerIssue.objects.get()
