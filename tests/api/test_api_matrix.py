"""Every API endpoint × every kind of token → the answer the scopes promise.

The main matrix (tests/test_permission_matrix.py) shows that a signed-in session
opens none of the API (401 for every role); this one covers the tokens. An
endpoint added to api/urls.py without a row here fails
``test_every_api_endpoint_has_a_row``.

Token kinds: none; unknown; expired; revoked; a disabled client's; from an
address outside the allow-list; the 12345 platform (create + read its own source);
the 12351 hotline (creates and reads 12351 tickets: the 12345 ticket is 404 to it, and
posting one is refused on the field ``source``, 400); create-only;
the BI (aggregates + every source, read only); the 言和 platform (mediation:write only,
12345 tickets: it hands the 12345 ticket over, 201).
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from api.services import revoke_token
from tests.security.routes import named_routes

from .conftest import call, make_client, ticket_body

KINDS = (
    "none",
    "unknown",
    "expired",
    "revoked",
    "disabled",
    "blocked_ip",
    "h12345",
    "h12351",
    "create_only",
    "bi",
    "yanhe",
)

# fmt: off
MATRIX = {
    #                                   none unknown expired revoked disabled blocked h12345 h12351 create bi   yanhe
    ("api:ticket_list", "GET"):        "401  401     401     401     401      403     200    200    403    200   403",
    ("api:ticket_list", "POST"):       "401  401     401     401     401      403     201    400    201    403   403",
    ("api:ticket_detail", "GET"):      "401  401     401     401     401      403     200    404    403    200   403",
    ("api:aggregate_coverage", "GET"): "401  401     401     401     401      403     403    403    403    200   403",
    ("api:aggregate_tickets", "GET"):  "401  401     401     401     401      403     403    403    403    200   403",
    ("api:yanhe_case", "PUT"):         "401  401     401     401     401      403     403    403    403    403  201",
    ("api:schema", "GET"):             "200  200     200     200     200      200     200    200    200    200   200",
    ("api:docs", "GET"):               "200  200     200     200     200      200     200    200    200    200   200",
}
# fmt: on
API_ROUTES = {r.name: r for r in named_routes() if r.name.startswith("api:")}


def _tokens():
    past = timezone.now() - dt.timedelta(days=1)
    tokens = {"none": None, "unknown": "dd_nobody-has-this-token"}
    _, tokens["expired"] = make_client("过期", source="12345", can_create_tickets=True, can_read_status=True)
    ApiToken.objects.filter(client__name="过期").update(created_at=past - dt.timedelta(days=1), expires_at=past)
    client, tokens["revoked"] = make_client("吊销", source="12345", can_create_tickets=True, can_read_status=True)
    revoke_token(client.tokens.get())
    _, tokens["disabled"] = make_client("停用", source="12345", active=False, can_read_status=True)
    _, tokens["blocked_ip"] = make_client(
        "限地址", source="12345", can_create_tickets=True, can_read_status=True, allowed_ips="10.9.0.0/16"
    )
    _, tokens["h12345"] = make_client("12345", source="12345", can_create_tickets=True, can_read_status=True)
    _, tokens["h12351"] = make_client("12351", source="12351", can_create_tickets=True, can_read_status=True)
    _, tokens["create_only"] = make_client("只提交", source="12345", can_create_tickets=True)
    _, tokens["bi"] = make_client("BI", all_sources=True, can_read_status=True, can_read_aggregates=True)
    _, tokens["yanhe"] = make_client("言和", source="12345", can_update_mediation=True)
    return tokens


def test_every_api_endpoint_has_a_row():
    rows = {name for name, _ in MATRIX}
    assert set(API_ROUTES) == rows, set(API_ROUTES) ^ rows


@pytest.mark.parametrize(("name", "method"), sorted(MATRIX))
def test_each_token_kind_gets_the_answer_of_the_table(world, api, hotline_ticket, name, method):
    tokens = _tokens()
    route = API_ROUTES[name]
    path = route.path_with({"code": hotline_ticket.code, "case_number": "YH-M-1"})
    wrong = []
    for kind, expected in zip(KINDS, MATRIX[(name, method)].split(), strict=True):
        with transaction.atomic():
            body = {
                "POST": ticket_body(hotline_number=f"M-{kind}"),
                "PUT": {"hotline_number": hotline_ticket.hotline_number, "outcome": "pending"},
            }.get(method)
            response = call(api, method, path, tokens[kind], body)
            transaction.set_rollback(True)
        if str(response.status_code) != expected:
            wrong.append(f"{kind}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{method} {name}: " + "; ".join(wrong)
