"""Issue 12 finding 3: behind a reverse proxy, lockouts are per client, not per proxy — exactly when told.

With ``AXES_PROXY_COUNT`` (``AXES_IPWARE_PROXY_COUNT``) = N the client is the
N-th address from the right of X-Forwarded-For; with 0 the header is ignored.
"""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from dundian.client_ip import client_ip
from tests.factories import UserFactory

PASSWORD = "dundian-test-pw"
PROXY = "10.0.0.1"


@pytest.fixture
def leader(db):
    return UserFactory(username="leader", password=PASSWORD)


def _login(client, password, forwarded_for=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": "leader", "password": password}, **extra)


def _lock_out_from(client, forwarded_for, remote=PROXY):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "wrong-password", forwarded_for, remote)
    assert response.status_code == 429


def test_behind_one_proxy_an_attacker_does_not_lock_out_the_real_user(client, leader, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    _lock_out_from(client, "203.0.113.9")

    response = _login(client, PASSWORD, "198.51.100.4")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(leader.pk)


def test_behind_one_proxy_a_forged_left_entry_does_not_dodge_the_lockout(client, leader, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    _lock_out_from(client, "203.0.113.9")

    # The attacker adds a made-up address; the proxy appends the real one on the right.
    assert _login(client, PASSWORD, "192.0.2.77, 203.0.113.9").status_code == 429


def test_without_a_proxy_count_the_header_is_ignored(client, leader, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    _lock_out_from(client, "203.0.113.9", remote="203.0.113.9")

    # A forged header from the same address changes nothing: still locked.
    assert _login(client, PASSWORD, "198.51.100.4", remote="203.0.113.9").status_code == 429


@pytest.mark.parametrize(
    ("count", "header", "remote", "expected"),
    [
        (0, "198.51.100.4", PROXY, PROXY),
        (1, "198.51.100.4", PROXY, "198.51.100.4"),
        (1, "192.0.2.77, 198.51.100.4", PROXY, "198.51.100.4"),
        (2, "198.51.100.4, 10.0.0.2", PROXY, "198.51.100.4"),
        (2, "198.51.100.4", PROXY, PROXY),  # fewer entries than proxies: not through them
        (1, "not-an-address", PROXY, PROXY),
        (1, None, PROXY, PROXY),
    ],
)
def test_the_client_address_is_read_exactly_as_the_proxy_count_says(settings, count, header, remote, expected):
    settings.AXES_IPWARE_PROXY_COUNT = count
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": header} if header else {})
    assert client_ip(RequestFactory().get("/", **extra)) == expected


def test_production_reads_the_proxy_count_from_the_environment():
    assert settings.AXES_CLIENT_IP_CALLABLE == "dundian.client_ip.client_ip"
