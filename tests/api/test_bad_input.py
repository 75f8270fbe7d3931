"""Bad input to POST /api/v1/tickets/: a 4xx problem document naming the field and the reason, nothing written."""

import datetime as dt

import pytest
from django.utils import timezone

from api.models import IdempotencyKey
from api.services import issue_token, revoke_token
from issues.models import WorkerIssue

from .conftest import call, make_client, ticket_body

URL = "/api/v1/tickets/"
PROBLEM = "application/problem+json"


def assert_problem(response, status, field=None, words=""):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    if field:
        assert field in body["errors"], body
        assert words in "".join(body["errors"][field]), body
    assert WorkerIssue.objects.count() == 0
    assert IdempotencyKey.objects.count() == 0
    return body


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"colour": "red"}, "colour", "不认识的字段"),
        ({"title": None}, "title", "必填"),
        ({"hotline_number": None}, "hotline_number", "必填"),
        ({"category": "weather"}, "category", "不是有效的类别"),
        ({"urgency": "yesterday"}, "urgency", "不是有效的紧急程度"),
        ({"unit": "火星街道"}, "unit", "系统中没有“火星街道”这个单位"),
        ({"source": "12351"}, "source", "只能提交来源为 12345"),
        ({"source": "field"}, "source", "不是有效的来源"),
        ({"received_at": "2099-01-01T00:00:00+08:00"}, "received_at", "不能晚于当前时间"),
        ({"received_at": "1999-12-31T23:00:00+08:00"}, "received_at", "不能早于 2000 年"),
        ({"received_at": "yesterday"}, "received_at", "时间格式不正确"),
        ({"worker_phone": "12"}, "worker_phone", ""),
        ({"worker_id_number": "123"}, "worker_id_number", ""),
        ({"enterprise_credit_code": "91110115MA01ABCD2X"}, "enterprise_credit_code", ""),
        ({"title": "   "}, "title", "不能为空"),
        ({"hotline_number": "9" * 41}, "hotline_number", "不能超过 40 个字符"),
        ({"title": "字" * 121}, "title", "120"),
        ({"description": "a\x00b"}, "description", ""),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_each_bad_field_is_named_with_a_chinese_reason(world, api, hotline, overrides, field, words):
    _, token = hotline

    response = call(api, "POST", URL, token, ticket_body(**overrides))

    body = assert_problem(response, 400, field, words)
    assert body["type"].endswith("validation-error")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(body["errors"][field]))


def test_a_unit_no_team_covers_is_refused(world, api, hotline):
    from tests.factories import UnionUnitFactory

    UnionUnitFactory(name="无人负责街道")
    _, token = hotline

    assert_problem(call(api, "POST", URL, token, ticket_body(unit="无人负责街道")), 400, "unit", "没有负责的小组")


def test_a_body_that_is_not_an_object_is_refused(world, api, hotline):
    _, token = hotline
    response = api.post(URL, "[1, 2]", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 400, "non_field_errors")


def test_broken_json_is_a_problem_document(world, api, hotline):
    _, token = hotline
    response = api.post(URL, "{not json", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 400)


def test_a_body_in_another_encoding_is_a_problem_document(world, api, hotline):
    _, token = hotline
    raw = '{"title": "拖欠工资"}'.encode("gbk")
    response = api.post(URL, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 400)


def test_a_body_over_one_megabyte_is_413(world, api, hotline):
    _, token = hotline
    body = ticket_body(description="字" * 400_000)  # 1.2 MB in UTF-8

    assert_problem(call(api, "POST", URL, token, body), 413)


def test_a_form_post_is_415(world, api, hotline):
    _, token = hotline
    response = api.post(URL, ticket_body(), format="multipart", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 415)


def test_a_body_without_content_type_is_415(world, api, hotline):
    _, token = hotline
    response = api.generic("POST", URL, b'{"a": 1}', content_type="", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert_problem(response, 415)


def test_no_token_is_401(world, api):
    body = assert_problem(call(api, "POST", URL, None, ticket_body()), 401)
    assert "Bearer" in body["detail"]


def test_an_unknown_token_is_401(world, api, hotline):
    response = call(api, "POST", URL, "dd_not-a-token", ticket_body())
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_401(world, api):
    client, _ = make_client("过期", source="12345", can_create_tickets=True, token=False)
    _, plain = issue_token(client, expires_at=timezone.now() + dt.timedelta(seconds=1), now=timezone.now())
    from api.models import ApiToken

    ApiToken.objects.update(
        expires_at=timezone.now() - dt.timedelta(seconds=1), created_at=timezone.now() - dt.timedelta(days=1)
    )

    body = assert_problem(call(api, "POST", URL, plain, ticket_body()), 401)
    assert "过期" in body["detail"]


def test_a_revoked_token_is_401(world, api, hotline):
    client, token = hotline
    revoke_token(client.tokens.get())

    body = assert_problem(call(api, "POST", URL, token, ticket_body()), 401)
    assert "吊销" in body["detail"]


def test_a_disabled_client_is_401(world, api, hotline):
    client, token = hotline
    client.active = False
    client.save()

    assert_problem(call(api, "POST", URL, token, ticket_body()), 401)


def test_a_token_without_the_create_scope_is_403(world, api, bi):
    _, token = bi
    body = assert_problem(call(api, "POST", URL, token, ticket_body()), 403)
    assert "tickets:create" in body["detail"]


def test_an_address_outside_the_allow_list_is_403(world, api):
    _, token = make_client("限地址", source="12345", can_create_tickets=True, allowed_ips="10.0.0.0/8")
    body = assert_problem(call(api, "POST", URL, token, ticket_body(), REMOTE_ADDR="192.168.1.5"), 403)
    assert "地址" in body["detail"]


def test_an_address_inside_the_allow_list_passes(world, api):
    _, token = make_client("限地址", source="12345", can_create_tickets=True, allowed_ips="10.0.0.0/8\n127.0.0.1")
    assert call(api, "POST", URL, token, ticket_body(), REMOTE_ADDR="10.1.2.3").status_code == 201


def test_a_bad_idempotency_key_is_refused(world, api, hotline):
    _, token = hotline
    response = call(api, "POST", URL, token, ticket_body(), HTTP_IDEMPOTENCY_KEY="x" * 101)
    assert_problem(response, 400, "Idempotency-Key")


def test_too_many_requests_is_429_with_retry_after(world, api):
    _, token = make_client("慢", source="12345", can_read_status=True, rate_per_minute=2)
    for _ in range(2):
        assert call(api, "GET", URL, token).status_code == 200
    response = call(api, "GET", URL, token)
    assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1


def test_a_wrong_method_is_405(world, api, hotline):
    _, token = hotline
    assert_problem(call(api, "DELETE", URL, token), 405)
