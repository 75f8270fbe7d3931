"""Workers' personal data: full for those who handle the ticket, masked for everyone else."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from issues import workflow
from issues.masking import mask_id_number, mask_name, mask_phone
from issues.models import IssueAction
from tests.factories import MembershipFactory, UserFactory

FULL = ("张三", "13812345678", "11010519491231002X")
MASKED = ("张*", "138****5678", "110***********002X")


def test_mask_name():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("") == ""


def test_mask_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-12345678") == "010-****5678"
    assert mask_phone("") == ""


def test_mask_id_number():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_id_number("") == ""


@pytest.fixture
def member(world):
    """A cadre of team A who neither recorded nor handles the ticket."""
    return MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user


SEES_FULL = {
    "cadre_a": True,
    "leader_a": True,
    "leadership": True,
    "office_staff": True,
    "admin": True,
    "member": False,
}


def user_for(world, member, role):
    return member if role == "member" else getattr(world, role)


@pytest.mark.parametrize("role", list(SEES_FULL))
def test_can_see_personal_data(world, member, issue_a, role):
    assert issue_a.can_see_personal_data(user_for(world, member, role)) is SEES_FULL[role]


def test_handler_sees_full_data(world, member, issue_a):
    workflow.perform(issue_a.pk, world.leader_a, IssueAction.Kind.ASSIGN, version=0, handler=member)
    issue_a.refresh_from_db()
    assert issue_a.can_see_personal_data(member)


def test_creator_who_left_the_team_sees_nothing(world, issue_a):
    world.cadre_a.team_memberships.all().delete()
    world.cadre_a = type(world.cadre_a).objects.get(pk=world.cadre_a.pk)
    assert not issue_a.can_see_personal_data(world.cadre_a)


# Not "page": pytest-playwright has a fixture of that name and would pull browser set-up in.
@pytest.mark.parametrize("which_page", ["list", "detail"])
@pytest.mark.parametrize("role", list(SEES_FULL))
def test_html_never_leaks_to_a_masked_role(client, world, member, issue_a, role, which_page):
    client.force_login(user_for(world, member, role))
    url = reverse("issues:list") if which_page == "list" else reverse("issues:detail", args=[issue_a.pk])
    html = client.get(url).content.decode()
    shown = FULL if SEES_FULL[role] else MASKED
    hidden = MASKED if SEES_FULL[role] else FULL
    # The list shows name and phone; the detail also the ID number.
    count = 2 if which_page == "list" else 3
    for value in shown[:count]:
        assert value in html
    for value in hidden[:count]:
        assert value not in html


def test_history_is_masked_for_a_masked_role(client, world, member, issue_a):
    client.force_login(world.leader_a)
    data = {
        "unit": issue_a.unit_id,
        "source": issue_a.source,
        "hotline_number": "",
        "category": issue_a.category,
        "urgency": issue_a.urgency,
        "enterprise": "",
        "worker_name": "张三",
        "worker_phone": "13987654321",
        "worker_id_number": issue_a.worker_id_number,
        "title": issue_a.title,
        "description": issue_a.description,
        "version": 0,
    }
    assert client.post(reverse("issues:edit", args=[issue_a.pk]), data).status_code == 302
    html = client.get(reverse("issues:detail", args=[issue_a.pk])).content.decode()
    assert "联系电话：13812345678 → 13987654321" in html
    client.force_login(member)
    html = client.get(reverse("issues:detail", args=[issue_a.pk])).content.decode()
    assert "联系电话：138****5678 → 139****4321" in html
    assert "13987654321" not in html
    assert "13812345678" not in html


@pytest.fixture
def admin_viewer(world):
    """A staff user with admin access to tickets who is not office staff or leadership."""
    user = UserFactory(username="admin_viewer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_workerissue", "change_workerissue"]))
    return user


def test_admin_list_masks_for_other_staff(client, admin_viewer, issue_a):
    client.force_login(admin_viewer)
    html = client.get(reverse("admin:issues_workerissue_changelist")).content.decode()
    assert issue_a.code in html
    assert "张*" in html
    assert "张三" not in html


def test_admin_change_page_masks_for_other_staff(client, admin_viewer, issue_a):
    client.force_login(admin_viewer)
    html = client.get(reverse("admin:issues_workerissue_change", args=[issue_a.pk])).content.decode()
    assert "138****5678" in html
    for value in FULL:
        assert value not in html


def test_admin_history_is_closed_to_other_staff(client, admin_viewer, issue_a):
    client.force_login(admin_viewer)
    response = client.get(reverse("admin:issues_workerissue_history", args=[issue_a.pk]))
    assert response.status_code == 403


def test_superuser_sees_full_data_in_admin(client, world, issue_a):
    client.force_login(world.admin)
    html = client.get(reverse("admin:issues_workerissue_change", args=[issue_a.pk])).content.decode()
    assert "13812345678" in html


def test_masked_role_cannot_find_a_ticket_by_worker_name(client, world, member, issue_a):
    client.force_login(member)
    html = client.get(reverse("issues:list"), {"q": "张三"}).content.decode()
    assert issue_a.code not in html


def test_handler_finds_a_ticket_by_worker_name(client, world, issue_a):
    client.force_login(world.cadre_a)
    html = client.get(reverse("issues:list"), {"q": "张三"}).content.decode()
    assert issue_a.code in html
