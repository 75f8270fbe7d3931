"""The offline draft sync (/visits/sync/): created once, the first's address on a resend, kept when the world changed."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Assignment, WorkerGroup
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    PlannedVisitFactory,
    UnionUnitFactory,
    UserFactory,
    VisitFactory,
)
from visits import offline, services
from visits.forms import RecruitmentFormSet, VisitForm
from visits.models import Visit, VisitPhoto

from .conftest import image_bytes, visit_post_data

SYNC = reverse("visits:sync")
UNIT_MOVED = "该单位不是本小组在本次活动中的蹲点单位。"


def _draft(world, client_id=None, **overrides):
    data = visit_post_data(world, **overrides)
    data["client_id"] = str(client_id or uuid.uuid4())
    data["team"] = str(world.team_a.pk)
    return data


def _photos(n=2):
    return [SimpleUploadedFile(f"p{i}.jpg", image_bytes(), content_type="image/jpeg") for i in range(n)]


def _send(client, user, data):
    client.force_login(user)
    return client.post(SYNC, data)


# --- the session ----------------------------------------------------------


def test_an_expired_session_answers_401_in_json_with_a_login_link_not_a_redirect(client, world):
    response = client.post(SYNC, _draft(world))
    assert response.status_code == 401
    body = response.json()
    assert body["status"] == "login"
    assert body["message"] == offline.LOGIN_AGAIN
    assert body["login_url"] == "/accounts/login/?next=/visits/outbox/"
    assert Visit.objects.count() == 0


def test_get_tells_a_signed_in_phone_its_csrf_token(client, world):
    client.force_login(world.cadre_a)
    body = client.get(SYNC).json()
    assert body["status"] == "ok"
    assert body["user"] == world.cadre_a.pk
    assert body["csrf"]


def test_a_post_without_the_csrf_token_is_refused(db):
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(SYNC, {"client_id": str(uuid.uuid4())}).status_code == 403


# --- exactly once ---------------------------------------------------------


def test_a_draft_creates_the_visit_with_its_recruitment_and_photos(client, world):
    groups = list(WorkerGroup.objects.order_by("sort_order")[:1])
    data = _draft(world, **{"recruit-0-group": str(groups[0].pk), "recruit-0-count": "7"})
    data["photos"] = _photos(2)
    response = _send(client, world.cadre_a, data)
    assert response.status_code == 201
    visit = Visit.objects.get()
    assert response.json() == {
        "status": "created",
        "message": "走访记录已保存。",
        "url": f"/visits/{visit.pk}/",
        "id": visit.pk,
    }
    assert str(visit.client_id) == data["client_id"]
    assert visit.created_by == world.cadre_a
    assert visit.team == world.team_a
    assert visit.photos.count() == 2
    assert [(r.group, r.count) for r in visit.recruitments.all()] == [(groups[0], 7)]


def test_the_same_draft_sent_again_gets_the_first_address_and_saves_nothing_more(client, world):
    data = _draft(world)
    data["photos"] = _photos(2)
    first = _send(client, world.cadre_a, data).json()
    again = _draft(world, client_id=data["client_id"])
    again["photos"] = _photos(2)
    response = client.post(SYNC, again)
    assert response.status_code == 200
    assert response.json()["status"] == "exists"
    assert response.json()["url"] == first["url"]
    assert Visit.objects.count() == 1
    assert VisitPhoto.objects.count() == 2  # the photos of a draft go with its key: not stored twice


def test_a_resend_is_answered_with_few_queries(client, world, django_assert_max_num_queries):
    data = _draft(world)
    _send(client, world.cadre_a, data)
    with django_assert_max_num_queries(6):
        assert client.post(SYNC, _draft(world, client_id=data["client_id"])).status_code == 200


def test_another_users_client_id_gives_no_address(client, world):
    data = _draft(world)
    _send(client, world.cadre_a, data)
    teammate = MembershipFactory(team=world.team_a).user  # another cadre of the same team
    response = _send(client, teammate, _draft(world, client_id=data["client_id"]))
    assert response.status_code == 409
    assert "url" not in response.json()
    assert Visit.objects.count() == 1


def test_a_bad_client_id_is_refused_in_chinese(client, world):
    data = _draft(world)
    data["client_id"] = "not-a-uuid"
    response = _send(client, world.cadre_a, data)
    assert response.status_code == 422
    assert response.json()["message"] == offline.BAD_CLIENT_ID
    assert Visit.objects.count() == 0


def test_the_form_page_posted_twice_with_its_client_id_saves_once(client, world):
    data = visit_post_data(world, client_id=str(uuid.uuid4()))
    client.force_login(world.cadre_a)
    first = client.post(reverse("visits:create"), data)
    second = client.post(reverse("visits:create"), data, follow=True)
    visit = Visit.objects.get()
    assert first.url == f"/visits/{visit.pk}/"
    assert second.redirect_chain[-1][0] == f"/visits/{visit.pk}/"
    assert "这条走访记录已经保存过" in second.content.decode()


# --- when the world changed meanwhile ---------------------------------------


def test_a_unit_reassigned_meanwhile_keeps_the_draft_with_the_field_message(client, world):
    Assignment.objects.filter(pk=world.assignment_a.pk).update(team=world.team_b)
    response = _send(client, world.cadre_a, _draft(world))
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "invalid"
    assert body["errors"]["unit"] == [UNIT_MOVED]
    assert body["message"] == f"蹲点单位：{UNIT_MOVED}"
    assert Visit.objects.count() == 0


def test_a_closed_campaign_keeps_the_draft_with_a_message(client, world):
    world.campaign.is_active = False
    world.campaign.save()
    response = _send(client, world.cadre_a, _draft(world))
    assert response.status_code == 422
    assert response.json()["message"] == offline.CAMPAIGN_CLOSED
    assert Visit.objects.count() == 0


def test_a_cadre_moved_to_another_team_cannot_file_the_draft_for_the_old_one(client, world):
    world.cadre_a.team_memberships.update(team=world.team_b)
    response = _send(client, world.cadre_a, _draft(world))
    assert response.status_code == 422
    assert response.json()["message"] == offline.NOT_IN_TEAM_ANYMORE
    assert Visit.objects.count() == 0


def test_a_user_in_no_team_is_told_why(client, world):
    response = _send(client, world.loner, _draft(world))
    assert response.status_code == 403
    assert response.json()["message"] == "您不在任何蹲点小组中，不能填报走访记录或工作计划。"


@pytest.mark.parametrize(
    ("overrides", "key", "message"),
    [
        ({"summary": ""}, "summary", "工作内容：请填写工作内容。"),
        ({"recruit-0-count": "0", "recruit-0-group": "__first__"}, "recruit-0-count", "入会情况："),
    ],
)
def test_an_invalid_field_comes_back_per_field_in_chinese(client, world, overrides, key, message):
    if overrides.get("recruit-0-group") == "__first__":
        overrides["recruit-0-group"] = str(WorkerGroup.objects.order_by("sort_order").first().pk)
    response = _send(client, world.cadre_a, _draft(world, **overrides))
    assert response.status_code == 422
    body = response.json()
    assert key in body["errors"]
    assert body["message"].startswith(message)
    assert Visit.objects.count() == 0


def test_a_draft_from_a_plan_marks_the_plan_done(client, world):
    plan = PlannedVisitFactory(assignment=world.assignment_a, created_by=world.leader_a)
    data = _draft(world)
    data["plan"] = str(plan.pk)
    assert _send(client, world.cadre_a, data).status_code == 201
    plan.refresh_from_db()
    assert plan.visit == Visit.objects.get()


def test_a_draft_for_a_plan_done_meanwhile_is_kept_with_a_message(client, world, visit_a):
    plan = PlannedVisitFactory(assignment=world.assignment_a, created_by=world.leader_a, visit=visit_a)
    data = _draft(world)
    data["plan"] = str(plan.pk)
    response = _send(client, world.cadre_a, data)
    assert response.status_code == 422
    assert response.json()["message"] == offline.PLAN_GONE
    assert Visit.objects.count() == 1  # visit_a only


# --- what the phone keeps ---------------------------------------------------


def test_the_offline_pages_of_a_cadre(client, world, enterprise_a):
    today = timezone.localdate()
    soon = PlannedVisitFactory(assignment=world.assignment_a, created_by=world.leader_a, date=today + dt.timedelta(3))
    later = PlannedVisitFactory(assignment=world.assignment_a, created_by=world.leader_a, date=today + dt.timedelta(20))
    client.force_login(world.cadre_a)
    body = client.get(reverse("visits:offline_pages")).json()
    pages = body["pages"]
    assert body["user"] == world.cadre_a.pk
    assert "/visits/new/" in pages
    assert "/visits/outbox/" in pages
    assert "/dashboard/today/" in pages
    assert "/issues/?view=mine" in pages
    assert f"/visits/form-fields/?unit={world.unit_a.pk}" in pages
    assert f"/visits/form-fields/?unit={world.unit_b.pk}" not in pages  # another team's unit
    assert any(page.startswith("/plans/?date_from=") for page in pages)
    assert f"/plans/{soon.pk}/done/" in pages  # "标记完成" works offline for the coming two weeks
    assert f"/plans/{later.pk}/done/" not in pages


def test_every_offline_page_opens_for_the_cadre(client, world, enterprise_a):
    client.force_login(world.cadre_a)
    for page in client.get(reverse("visits:offline_pages")).json()["pages"]:
        assert client.get(page).status_code == 200, page


def test_the_list_of_offline_pages_costs_the_same_with_more_units(client, world, django_assert_max_num_queries):
    client.force_login(world.cadre_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("visits:offline_pages"))
    for _ in range(5):
        AssignmentFactory(campaign=world.campaign, team=world.team_a, unit=UnionUnitFactory())
    with django_assert_max_num_queries(12):
        client.get(reverse("visits:offline_pages"))


def test_leadership_keeps_no_team_pages(client, world):
    client.force_login(world.leadership)
    assert client.get(reverse("visits:offline_pages")).json()["pages"] == []


def test_offline_pages_need_a_session(client, db):
    assert client.get(reverse("visits:offline_pages")).status_code == 401


def test_the_outbox_page_needs_a_login_and_draws_from_the_phone(client, world):
    assert client.get(reverse("visits:outbox")).status_code == 302
    client.force_login(world.cadre_a)
    body = client.get(reverse("visits:outbox")).content.decode()
    assert "待上传的走访草稿" in body
    assert 'id="outbox-list"' in body


def test_the_service_worker_is_served_from_the_root_versioned_and_uncached(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert f'"version": "{offline.shell_version()}"' in body
    assert '"/static/js/offline.js"' in body
    assert "{%" not in body and "{{" not in body


def test_the_web_manifest_names_the_app_and_opens_today(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "蹲点工作平台"
    assert manifest["start_url"] == "/dashboard/today/"
    assert manifest["theme_color"] == offline.THEME_COLOR
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_every_page_links_the_manifest_and_the_offline_script(client, world):
    client.force_login(world.cadre_a)
    body = client.get(reverse("visits:list")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in body
    assert 'id="offline-js"' in body
    assert f'data-user="{world.cadre_a.pk}"' in body


def test_a_twin_saved_between_the_check_and_the_insert_is_caught_by_the_constraint(world, monkeypatch, settings):
    """The unique constraint decides a race: the loser writes nothing, keeps no file, and gets the first visit."""
    client_id = uuid.uuid4()
    first = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, client_id=client_id)
    data = visit_post_data(world)
    form = VisitForm(data, {"photos": _photos(1)}, instance=Visit(), user=world.cadre_a, teams=[world.team_a])
    formset = RecruitmentFormSet(data, instance=Visit(), prefix="recruit")
    assert form.is_valid() and formset.is_valid()
    real, calls = services.visit_for_client_id, []

    def blind_to_the_twin_at_first(cid):  # the twin commits just after our check
        calls.append(cid)
        return None if len(calls) == 1 else real(cid)

    monkeypatch.setattr(services, "visit_for_client_id", blind_to_the_twin_at_first)
    with pytest.raises(services.VisitAlreadySaved) as twin:
        services.save_visit(form, formset, world.cadre_a, client_id=client_id)
    assert twin.value.visit == first
    assert Visit.objects.count() == 1
    assert list(settings.MEDIA_ROOT.rglob("*.jpg")) == []  # the loser's photo file is gone too
