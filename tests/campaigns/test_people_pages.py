"""The people pages for office staff (issue 11): join, leave, reset a password — outside the admin."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from campaigns.models import TeamMembership
from issues import workflow
from issues.models import IssueAction, Source
from issues.services import open_issue
from tests.factories import UserFactory

User = get_user_model()


def test_someone_in_no_team_joins_one_through_the_move_page(client, world):
    newcomer = UserFactory(username="newcomer")
    client.force_login(world.office_staff)
    today = timezone.localdate()
    response = client.post(
        reverse("campaigns:person_move", args=[newcomer.pk]),
        {"team": world.team_b.pk, "role": "member", "on": today.isoformat()},
    )
    assert response.status_code == 302
    m = TeamMembership.objects.get(user=newcomer)
    assert (m.team, m.valid_from, m.valid_to) == (world.team_b, today, None)


def test_a_leaver_is_deactivated_and_their_open_tickets_go_to_the_leader(client, world):
    ticket = open_issue(
        created_by=world.cadre_a,
        source=Source.FIELD,
        category="wages",
        team=world.team_a,
        unit=world.unit_a,
        campaign=world.campaign,
        title="拖欠工资",
        description="职工反映企业拖欠工资",
        worker_name="张三",
        worker_phone="13812345678",
    )
    workflow.perform(ticket.pk, world.cadre_a, IssueAction.Kind.ACCEPT, version=ticket.version)
    client.force_login(world.office_staff)
    response = client.post(
        reverse("campaigns:person_leave", args=[world.cadre_a.pk]),
        {"on": timezone.localdate().isoformat(), "confirm": "on"},
    )
    assert response.status_code == 302
    world.cadre_a.refresh_from_db()
    ticket.refresh_from_db()
    assert not world.cadre_a.is_active
    assert ticket.handler == world.leader_a
    assert "离开蹲点工作" in ticket.actions.order_by("-pk").first().note
    assert TeamMembership.objects.get(user=world.cadre_a).valid_to == timezone.localdate()
    # Kept, not deleted: the people page lists them with their history.
    body = client.get(reverse("campaigns:people") + "?inactive=1").content.decode()
    assert "（已停用）" in body and "2026年第一蹲点小组 · 组员" in body


def test_leaving_without_confirmation_changes_nothing(client, world):
    client.force_login(world.office_staff)
    response = client.post(
        reverse("campaigns:person_leave", args=[world.cadre_a.pk]), {"on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400
    world.cadre_a.refresh_from_db()
    assert world.cadre_a.is_active


def test_password_reset_shows_a_temporary_password_once_that_signs_in(client, world):
    client.force_login(world.office_staff)
    response = client.post(reverse("campaigns:person_password", args=[world.cadre_a.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert len(password) == 12
    world.cadre_a.refresh_from_db()
    assert world.cadre_a.check_password(password)
    # Not kept anywhere to be shown again.
    assert password not in client.get(reverse("campaigns:people")).content.decode()
