"""Hardening of the whole site: login throttling, sessions, passwords, headers.

Each test proves one decision listed in docs/security.md.
"""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

PASSWORD = "dundian-test-pw"


def _fail_login(client, username="cadre1"):
    return client.post(reverse("login"), {"username": username, "password": "wrong-password"})


# ---- login throttling (django-axes) ------------------------------------------------------------


@pytest.fixture
def cadre1(db):
    return UserFactory(username="cadre1", password=PASSWORD)


def test_failures_below_the_limit_show_the_login_form_again(client, cadre1):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _fail_login(client)
        assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_reaching_the_failure_limit_locks_the_account_with_http_429_and_a_chinese_page(client, cadre1):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _fail_login(client)

    response = _fail_login(client)

    assert response.status_code == 429
    assert "登录失败次数过多，账号已临时锁定" in response.content.decode()


def test_a_locked_account_stays_locked_even_with_the_right_password(client, cadre1):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client)

    response = client.post(reverse("login"), {"username": "cadre1", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_lifted_after_the_cool_off_time(client, cadre1):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client)

    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.post(reverse("login"), {"username": "cadre1", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cadre1.pk)


def test_the_lock_is_per_user_and_address_so_a_colleague_can_still_sign_in(client, cadre1):
    UserFactory(username="cadre2", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail_login(client)

    response = client.post(reverse("login"), {"username": "cadre2", "password": PASSWORD})

    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, cadre1):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _fail_login(client)
    client.post(reverse("login"), {"username": "cadre1", "password": PASSWORD})
    client.post(reverse("logout"))

    response = _fail_login(client)

    assert response.status_code == 200


def test_the_admin_login_is_throttled_too(client, db):
    UserFactory(username="root", password=PASSWORD, is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/admin/login/", {"username": "root", "password": "wrong-password"})

    response = client.post("/admin/login/", {"username": "root", "password": "wrong-password"})

    assert response.status_code == 429


# ---- sessions ----------------------------------------------------------------------------------


def test_a_session_expires_after_session_cookie_age(client, cadre1):
    client.post(reverse("login"), {"username": "cadre1", "password": PASSWORD})
    assert client.get(reverse("password_change")).status_code == 200

    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_session_lasts_one_working_day_and_the_cookie_is_http_only(client, cadre1):
    response = client.post(reverse("login"), {"username": "cadre1", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert cookie["httponly"]


def test_logging_out_needs_a_post_so_a_link_on_another_site_cannot_sign_a_user_out(client, cadre1):
    client.force_login(cadre1)

    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session


# ---- passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123456", "这个密码太常见了。"),
        ("73918264501937", "密码只包含数字。"),
        ("cadre12345", "密码跟 用户名 太相似了。"),
    ],
)
def test_weak_passwords_are_refused_with_a_chinese_reason(cadre1, password, message):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(password, user=cadre1)

    assert message in refused.value.messages


def test_a_password_shorter_than_ten_characters_is_refused(cadre1):
    with pytest.raises(ValidationError):
        validate_password("x7#kq2Lp9", user=cadre1)
    validate_password("x7#kq2Lp9!", user=cadre1)  # ten characters are enough


def test_the_too_short_message_is_in_chinese(cadre1):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("x7#kq2Lp9", user=cadre1)

    assert "密码长度太短" in " ".join(refused.value.messages)


def test_changing_the_password_to_a_weak_one_keeps_the_old_password(client, cadre1):
    client.force_login(cadre1)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "password123456", "new_password2": "password123456"},
    )

    assert response.status_code == 200
    assert "这个密码太常见了。" in response.content.decode()
    cadre1.refresh_from_db()
    assert cadre1.check_password(PASSWORD)


# ---- headers -----------------------------------------------------------------------------------


def test_pages_may_not_be_framed_by_another_site(client, db):
    response = client.get(reverse("login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_development_settings_do_not_redirect_to_https(client, db):
    # Live-server browser tests and `make run` speak plain HTTP.
    assert not settings.PRODUCTION
    assert client.get(reverse("login")).status_code == 200


# ---- redirects ---------------------------------------------------------------------------------


def test_login_does_not_redirect_to_another_site(client, cadre1):
    response = client.post(
        reverse("login"), {"username": "cadre1", "password": PASSWORD, "next": "https://evil.example/phish"}
    )

    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_a_notification_link_to_another_site_is_not_followed(client, world):
    from notifications.models import Notification

    notice = Notification.objects.create(
        recipient=world.cadre_a,
        kind="issue_overdue",
        object_key="x:1",
        day="2026-11-27",
        title="t",
        url="https://evil.example/phish",
    )
    client.force_login(world.cadre_a)

    response = client.post(reverse("notifications:read", args=[notice.pk]))

    assert response["Location"] == reverse("notifications:list")
