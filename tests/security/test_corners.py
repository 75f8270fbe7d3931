"""Issue 12 finding 6: notifications in the admin, cross-team enterprises on a ticket."""

import pytest
from django.urls import reverse

from issues.models import WorkerIssue
from notifications.models import Notification
from tests.factories import EnterpriseFactory
from tests.issues.pages import form_data


def _notification(user, title):
    return Notification.objects.create(
        recipient=user, kind="issue_due_soon", object_key=title, day="2026-08-03", title=title
    )


@pytest.fixture
def notices(world):
    return _notification(world.admin, "给管理员的提醒"), _notification(world.cadre_a, "给组员的提醒：张三的工单")


def test_the_notifications_admin_lists_only_the_admins_own(client, world, notices):
    client.force_login(world.admin)
    text = client.get(reverse("admin:notifications_notification_changelist")).content.decode()
    assert "给管理员的提醒" in text
    assert "给组员的提醒" not in text


def test_the_admin_cannot_open_or_change_another_users_notification(client, world, notices):
    other = notices[1]
    client.force_login(world.admin)
    url = reverse("admin:notifications_notification_change", args=[other.pk])
    assert client.get(url).status_code in (302, 404)
    client.post(url, {"title": "改了", "recipient": world.admin.pk})
    other.refresh_from_db()
    assert (other.title, other.recipient) == ("给组员的提醒：张三的工单", world.cadre_a)


def test_the_admin_cannot_add_edit_or_delete_notifications(client, world, notices):
    client.force_login(world.admin)
    own = notices[0]
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert (
        client.post(reverse("admin:notifications_notification_delete", args=[own.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.post(reverse("admin:notifications_notification_change", args=[own.pk]), {"title": "改了"})
    own.refresh_from_db()
    assert own.title == "给管理员的提醒"


def test_a_cadre_cannot_file_a_ticket_against_an_enterprise_of_another_teams_unit(client, world):
    elsewhere = EnterpriseFactory(unit=world.unit_b, name="兴丰物流有限公司")
    client.force_login(world.cadre_a)
    response = client.post(reverse("issues:create"), form_data(world, enterprise=elsewhere.pk))
    assert response.status_code == 200
    assert "所选企业不属于该单位" in response.content.decode()
    assert WorkerIssue.objects.count() == 0


def test_a_ticket_against_an_enterprise_of_its_own_unit_is_saved(client, world):
    here = EnterpriseFactory(unit=world.unit_a, name="京南快递有限公司")
    client.force_login(world.cadre_a)
    client.post(reverse("issues:create"), form_data(world, enterprise=here.pk))
    assert WorkerIssue.objects.get().enterprise == here
