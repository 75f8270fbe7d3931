"""POST /api/v1/tickets/: a hotline ticket registered through the same service as the form and the import."""

import pytest

from api.models import ApiCall, IdempotencyKey
from issues.models import IssueAction, WorkerIssue

from .conftest import call, ticket_body

URL = "/api/v1/tickets/"


def test_a_hotline_ticket_is_registered_for_the_team_covering_the_unit(world, api, hotline):
    client, token = hotline

    response = call(api, "POST", URL, token, ticket_body())

    assert response.status_code == 201, response.json()
    issue = WorkerIssue.objects.get()
    assert response.json()["code"] == issue.code
    assert response["Location"] == f"/api/v1/tickets/{issue.code}"
    assert (issue.source, issue.hotline_number, issue.team, issue.unit) == (
        "12345",
        "2026080300123",
        world.team_a,
        world.unit_a,
    )
    assert issue.created_by == client.account
    assert issue.actions.get().kind == IssueAction.Kind.CREATE


def test_the_answer_masks_the_worker_without_the_personal_data_scope(world, api, hotline):
    _, token = hotline

    body = call(api, "POST", URL, token, ticket_body()).json()

    assert body["worker"] == {"name": "张*", "phone": "138****5678", "id_number": "110***********002X"}
    assert body["personal_data_masked"] is True
    assert body["description"] is None


def test_the_same_post_again_returns_the_same_ticket_with_200(world, api, hotline):
    _, token = hotline
    body = ticket_body()
    first = call(api, "POST", URL, token, body)

    again = call(api, "POST", URL, token, body)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert WorkerIssue.objects.count() == 1


def test_an_idempotency_key_returns_the_same_ticket(world, api, hotline):
    _, token = hotline
    body = ticket_body()
    first = call(api, "POST", URL, token, body, HTTP_IDEMPOTENCY_KEY="k-1")

    again = call(api, "POST", URL, token, body, HTTP_IDEMPOTENCY_KEY="k-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    assert IdempotencyKey.objects.get().issue.code == first.json()["code"]


def test_an_idempotency_key_reused_for_another_body_is_refused(world, api, hotline):
    _, token = hotline
    body = ticket_body()
    call(api, "POST", URL, token, body, HTTP_IDEMPOTENCY_KEY="k-1")

    response = call(api, "POST", URL, token, {**body, "hotline_number": "other"}, HTTP_IDEMPOTENCY_KEY="k-1")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert WorkerIssue.objects.count() == 1


def test_a_ticket_already_imported_from_excel_is_not_registered_twice(world, api, hotline, hotline_ticket):
    _, token = hotline

    response = call(api, "POST", URL, token, ticket_body(hotline_number=hotline_ticket.hotline_number))

    assert response.status_code == 200
    assert response.json()["code"] == hotline_ticket.code
    assert WorkerIssue.objects.count() == 1


def test_every_call_is_logged_without_personal_data(world, api, hotline):
    client, token = hotline

    call(api, "POST", URL, token, ticket_body())

    logged = ApiCall.objects.get()
    assert (logged.client, logged.endpoint, logged.method, logged.status) == (client, "api/v1/tickets/", "POST", 201)
    row = " ".join(str(v) for v in ApiCall.objects.values().get().values())
    assert "张三" not in row and "13812345678" not in row


# 66 measured: the client, token and idempotency checks, open_issue, the daily summaries' refresh of the
# ticket's days (rollups.services.refresh, about 30 of them, the same whatever the data) and the outbox.
@pytest.mark.parametrize("queries", [70])
def test_a_create_takes_a_bounded_number_of_queries(world, api, hotline, django_assert_max_num_queries, queries):
    _, token = hotline
    with django_assert_max_num_queries(queries):
        assert call(api, "POST", URL, token, ticket_body()).status_code == 201


def test_refused_calls_are_logged_too(world, api, bi):
    client, token = bi

    call(api, "POST", URL, None, ticket_body())
    call(api, "POST", URL, token, ticket_body())

    assert list(ApiCall.objects.order_by("id").values_list("client", "status")) == [(None, 401), (client.pk, 403)]


def test_an_invalid_cursor_is_a_chinese_404(world, api, bi):
    _, token = bi
    response = api.get(URL, {"cursor": "garbage"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
    assert "游标" in response.json()["detail"]
