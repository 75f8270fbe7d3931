"""The inbox: own notices only, mark read one/all, the bell count, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db

ROLES = ["cadre_a", "cadre_b", "leader_a", "leader_b", "leadership", "office_staff", "admin", "loner"]


def _notice(user, n=1, url="/issues/1/"):
    return notify(user, kind="issue_overdue", object_key=f"issue:{n}", title=f"工单{n}已超期", url=url)


def test_anonymous_is_sent_to_login(client):
    for url in [reverse("notifications:list"), reverse("notifications:read_all")]:
        response = client.get(url) if url.endswith("/notifications/") else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_anonymous_cannot_mark_read(client, world):
    notice = _notice(world.cadre_a)
    response = client.post(reverse("notifications:read", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_only_own_notices(client, world, role):
    user = getattr(world, role)
    _notice(user, 1)
    other = world.cadre_b if user != world.cadre_b else world.cadre_a
    _notice(other, 2)
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "工单1已超期" in page
    assert "工单2已超期" not in page


@pytest.mark.parametrize("role", ROLES)
def test_another_users_notice_answers_404_for_every_role(client, world, role):
    user = getattr(world, role)
    other = world.cadre_b if user != world.cadre_b else world.cadre_a
    notice = _notice(other)
    client.force_login(user)
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_bell_shows_unread_count(client, world):
    _notice(world.cadre_a, 1)
    _notice(world.cadre_a, 2)
    client.force_login(world.cadre_a)
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'data-testid="bell-count">2<' in page


def test_read_marks_and_opens_the_record(client, world):
    notice = _notice(world.cadre_a, url="/issues/7/")
    client.force_login(world.cadre_a)
    response = client.post(reverse("notifications:read", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/issues/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_read_never_redirects_off_site(client, world):
    notice = _notice(world.cadre_a, url="https://evil.example.com/")
    client.force_login(world.cadre_a)
    response = client.post(reverse("notifications:read", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_read_by_get_is_refused(client, world):
    notice = _notice(world.cadre_a)
    client.force_login(world.cadre_a)
    assert client.get(reverse("notifications:read", args=[notice.pk])).status_code == 405


def test_read_all_marks_only_own(client, world):
    _notice(world.cadre_a, 1)
    _notice(world.cadre_a, 2)
    theirs = _notice(world.cadre_b, 3)
    client.force_login(world.cadre_a)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert Notification.objects.visible_to(world.cadre_a).unread().count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unread_filter(client, world):
    _notice(world.cadre_a, 1)
    read = _notice(world.cadre_a, 2)
    client.force_login(world.cadre_a)
    client.post(reverse("notifications:read", args=[read.pk]))
    page = client.get(reverse("notifications:list") + "?unread=1").content.decode()
    assert "工单1已超期" in page
    assert "工单2已超期" not in page


def test_empty_inbox_says_so(client, world):
    client.force_login(world.loner)
    assert "暂无通知" in client.get(reverse("notifications:list")).content.decode()


def test_list_is_paginated_newest_first(client, world):
    for n in range(25):
        notify(
            world.cadre_a, kind="issue_overdue", object_key=f"issue:{n}", title=f"第{n:02d}号", day=dt.date(2026, 12, 1)
        )
    client.force_login(world.cadre_a)
    first = client.get(reverse("notifications:list")).content.decode()
    assert "第24号" in first
    assert "第00号" not in first
    assert "第 1 / 2 页" in first
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert "第00号" in second


def _list_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as ctx:
        client.get(reverse("notifications:list"))
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.cadre_a)
    _notice(world.cadre_a, 0)
    few = _list_queries(client, django_assert_max_num_queries, 12)
    for n in range(1, 40):
        _notice(world.cadre_a, n)
    many = _list_queries(client, django_assert_max_num_queries, 12)
    assert many == few
