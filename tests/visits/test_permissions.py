"""Every visits view for every role: who gets the page, who 403, who 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from visits.models import PlannedVisit, VisitPhoto

from .conftest import image_bytes

ROLES = ["cadre_a", "leader_a", "cadre_b", "leader_b", "leadership", "office_staff", "admin", "loner"]

# Expected status for a team-A record, by role.
SEE_A = {
    "cadre_a": 200,
    "leader_a": 200,
    "cadre_b": 404,
    "leader_b": 404,
    "leadership": 200,
    "office_staff": 200,
    "admin": 200,
    "loner": 404,
}
EDIT_A = {**SEE_A, "leadership": 403, "office_staff": 403}
CREATE = {
    "cadre_a": 200,
    "leader_a": 200,
    "cadre_b": 200,
    "leader_b": 200,
    "leadership": 403,
    "office_staff": 403,
    "admin": 200,
    "loner": 403,
}


def _photo(visit, user):
    photo = VisitPhoto(visit=visit, uploaded_by=user, width=640, height=480)
    photo.image.save("x.jpg", ContentFile(image_bytes()), save=False)
    photo.width, photo.height = 640, 480
    photo.save()
    return photo


def _get(client, world, role, url):
    client.force_login(world.users_by_role()[role])
    return client.get(url)


@pytest.mark.parametrize(
    "name",
    ["visits:list", "visits:create", "visits:plan_list", "visits:plan_create", "visits:form_fields"],
)
def test_anonymous_is_sent_to_login_on_pages_without_pk(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["visits:detail", "visits:edit", "visits:photo"])
def test_anonymous_is_sent_to_login_on_visit_pages(client, world, visit_a, name):
    pk = _photo(visit_a, world.cadre_a).pk if name == "visits:photo" else visit_a.pk
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["visits:plan_edit", "visits:plan_done"])
def test_anonymous_is_sent_to_login_on_plan_pages(client, world, plan_a, name):
    response = client.get(reverse(name, args=[plan_a.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_visit_list_opens_for_every_signed_in_role(client, world, role):
    assert _get(client, world, role, reverse("visits:list")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_visit_list_shows_only_visible_visits(client, world, visit_a, visit_b, role):
    body = _get(client, world, role, reverse("visits:list")).content.decode()
    sees_a = SEE_A[role] == 200
    sees_b = role in {"cadre_b", "leader_b", "leadership", "office_staff", "admin"}
    assert ("慰问外卖快递小哥" in body) is sees_a
    assert ("未建会企业沟通会" in body) is sees_b


def test_user_in_no_team_is_told_why_the_list_is_empty(client, world, visit_a):
    body = _get(client, world, "loner", reverse("visits:list")).content.decode()
    assert "您尚未加入蹲点小组" in body
    assert "填报走访" not in body


@pytest.mark.parametrize("role", ROLES)
def test_visit_detail_by_role(client, world, visit_a, role):
    assert _get(client, world, role, reverse("visits:detail", args=[visit_a.pk])).status_code == SEE_A[role]


@pytest.mark.parametrize("role", ROLES)
def test_visit_create_by_role(client, world, role):
    assert _get(client, world, role, reverse("visits:create")).status_code == CREATE[role]


def test_create_refused_with_a_chinese_reason(client, world):
    response = _get(client, world, "loner", reverse("visits:create"))
    assert "您不在任何蹲点小组中" in response.content.decode()
    response = _get(client, world, "leadership", reverse("visits:create"))
    assert "由蹲点小组填报" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_visit_edit_by_role(client, world, visit_a, role):
    assert _get(client, world, role, reverse("visits:edit", args=[visit_a.pk])).status_code == EDIT_A[role]


def test_another_cadre_of_the_same_team_cannot_edit(client, world, visit_a):
    from tests.factories import MembershipFactory, UserFactory

    colleague = MembershipFactory(team=world.team_a, user=UserFactory(username="colleague")).user
    client.force_login(colleague)
    assert client.get(reverse("visits:detail", args=[visit_a.pk])).status_code == 200
    assert client.get(reverse("visits:edit", args=[visit_a.pk])).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_edit_button_only_for_who_may_edit(client, world, visit_a, role):
    if SEE_A[role] != 200:
        return
    body = _get(client, world, role, reverse("visits:detail", args=[visit_a.pk])).content.decode()
    assert (reverse("visits:edit", args=[visit_a.pk]) in body) is (EDIT_A[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_private_photo_by_role(client, world, visit_a, role):
    photo = _photo(visit_a, world.cadre_a)
    response = _get(client, world, role, reverse("visits:photo", args=[photo.pk]))
    assert response.status_code == SEE_A[role]
    if response.status_code == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].startswith("private")
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize("role", ROLES)
def test_photo_delete_by_role(client, world, visit_a, role):
    photo = _photo(visit_a, world.cadre_a)
    client.force_login(world.users_by_role()[role])
    response = client.post(reverse("visits:photo_delete", args=[visit_a.pk, photo.pk]))
    expected = 302 if EDIT_A[role] == 200 else EDIT_A[role]
    assert response.status_code == expected
    assert VisitPhoto.objects.filter(pk=photo.pk).exists() is (expected != 302)


def test_photo_delete_refuses_get(client, world, visit_a):
    photo = _photo(visit_a, world.cadre_a)
    client.force_login(world.cadre_a)
    assert client.get(reverse("visits:photo_delete", args=[visit_a.pk, photo.pk])).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_plan_list_by_role(client, world, plan_a, plan_b, role):
    response = _get(client, world, role, reverse("visits:plan_list"))
    assert response.status_code == 200
    shown = {p.pk for p in response.context["page"]}
    assert (plan_a.pk in shown) is (SEE_A[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_plan_create_by_role(client, world, role):
    assert _get(client, world, role, reverse("visits:plan_create")).status_code == CREATE[role]


@pytest.mark.parametrize("role", ROLES)
def test_plan_edit_by_role(client, world, plan_a, role):
    assert _get(client, world, role, reverse("visits:plan_edit", args=[plan_a.pk])).status_code == EDIT_A[role]


@pytest.mark.parametrize("role", ROLES)
def test_plan_done_by_role(client, world, plan_a, role):
    assert _get(client, world, role, reverse("visits:plan_done", args=[plan_a.pk])).status_code == EDIT_A[role]


@pytest.mark.parametrize("role", ROLES)
def test_plan_cancel_by_role(client, world, plan_a, role):
    client.force_login(world.users_by_role()[role])
    response = client.post(reverse("visits:plan_cancel", args=[plan_a.pk]))
    expected = 302 if EDIT_A[role] == 200 else EDIT_A[role]
    assert response.status_code == expected
    assert PlannedVisit.objects.get(pk=plan_a.pk).is_cancelled is (expected == 302)


def test_plan_cancel_refuses_get(client, world, plan_a):
    client.force_login(world.cadre_a)
    assert client.get(reverse("visits:plan_cancel", args=[plan_a.pk])).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_form_fields_by_role(client, world, role):
    response = _get(client, world, role, reverse("visits:form_fields") + f"?team={world.team_a.pk}")
    assert response.status_code == CREATE[role]
