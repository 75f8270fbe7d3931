"""Clients and tokens: hashed at rest, shown once, rotated without downtime, revoked at once."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiClient, ApiToken
from api.services import ip_allowed, issue_token, revoke_token, save_client, token_digest

from .conftest import call, make_client

URL = "/api/v1/tickets/"


def test_a_token_is_stored_only_as_its_digest(world):
    client, plain = make_client("12345", source="12345", can_read_status=True)
    token = client.tokens.get()
    assert token.digest == token_digest(plain)
    assert plain not in str(ApiToken.objects.values().get())


def test_a_new_client_acts_through_an_account_that_cannot_sign_in(world):
    client = save_client(ApiClient(name="12351职工热线", source="12351"))
    assert client.account.first_name == "12351职工热线"
    assert not client.account.has_usable_password()


def test_rotation_keeps_the_old_token_valid_during_the_grace_period(world, api, settings):
    settings.API_TOKEN_ROTATION_GRACE_HOURS = 24
    client, old = make_client("12345", source="12345", can_read_status=True)
    now = timezone.now()

    _, new = issue_token(client, now=now)

    assert call(api, "GET", URL, old).status_code == 200
    assert call(api, "GET", URL, new).status_code == 200
    old_row = ApiToken.objects.get(digest=token_digest(old))
    assert old_row.expires_at == now + dt.timedelta(hours=24)


def test_after_the_grace_period_only_the_new_token_works(world, api):
    client, old = make_client("12345", source="12345", can_read_status=True)
    _, new = issue_token(client, grace=dt.timedelta(0))

    assert call(api, "GET", URL, old).status_code == 401
    assert call(api, "GET", URL, new).status_code == 200


def test_revoking_the_old_token_ends_it_before_the_grace_period(world, api):
    client, old = make_client("12345", source="12345", can_read_status=True)
    issue_token(client)

    assert revoke_token(ApiToken.objects.get(digest=token_digest(old)))

    assert call(api, "GET", URL, old).status_code == 401


@pytest.mark.parametrize(
    ("allowed", "address", "ok"),
    [("", "8.8.8.8", True), ("10.0.0.0/8", "10.2.3.4", True), ("10.0.0.0/8", "11.0.0.1", False), ("::1", "::1", True)],
)
def test_the_allow_list(world, allowed, address, ok):
    client, _ = make_client("c", source="12345", allowed_ips=allowed, token=False)
    assert ip_allowed(client, address) is ok


def test_staff_issue_a_token_in_the_admin_and_see_it_once(world):
    client, _ = make_client("12345", source="12345", can_read_status=True, token=False)
    browser = Client()
    browser.force_login(world.admin)

    response = browser.post("/admin/api/apiclient/", {"action": "issue_new_token", "_selected_action": [client.pk]})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = re.search(r"<code>(dd_[^<]+)</code>", response.content.decode())[1]
    assert ApiToken.objects.get(client=client).digest == token_digest(plain)
    again = browser.get(f"/admin/api/apiclient/{client.pk}/change/").content.decode()
    assert plain not in again


def test_staff_create_a_client_in_the_admin(world):
    browser = Client()
    browser.force_login(world.admin)
    form = {
        "name": "12345接诉即办平台",
        "active": "on",
        "source": "12345",
        "can_create_tickets": "on",
        "allowed_ips": "10.0.0.0/8",
        "rate_per_minute": "120",
        "tokens-TOTAL_FORMS": "0",
        "tokens-INITIAL_FORMS": "0",
    }

    response = browser.post("/admin/api/apiclient/add/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    client = ApiClient.objects.get()
    assert client.account.first_name == "12345接诉即办平台"


def test_a_bad_allow_list_is_refused_in_the_admin(world):
    browser = Client()
    browser.force_login(world.admin)
    form = {
        "name": "x",
        "source": "12345",
        "allowed_ips": "not-an-ip",
        "rate_per_minute": "120",
        "tokens-TOTAL_FORMS": "0",
        "tokens-INITIAL_FORMS": "0",
    }
    response = browser.post("/admin/api/apiclient/add/", form)
    assert response.status_code == 200
    assert "不是 IP 地址或网段" in response.content.decode()
    assert not ApiClient.objects.exists()
