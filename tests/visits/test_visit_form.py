"""Filling in the visit form: defaults, saving, every bad input, one transaction."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from campaigns.models import WorkerGroup
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    MembershipFactory,
    UserFactory,
    WorkTeamFactory,
)
from visits.models import Recruitment, Visit, VisitPhoto

from .conftest import image_bytes, visit_post_data

CREATE = reverse("visits:create")


def _jpeg(name="p.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def _post(client, user, data, url=CREATE):
    client.force_login(user)
    return client.post(url, data)


def _field_errors(response, name):
    return response.context["form"].errors.get(name, [])


# --- the empty form -------------------------------------------------------


def test_form_defaults_for_a_cadre_in_one_team(client, world, enterprise_a, enterprise_b):
    client.force_login(world.cadre_a)
    response = client.get(CREATE)
    form = response.context["form"]
    body = response.content.decode()
    assert form.fixed_team == world.team_a  # one team: chosen silently
    assert form["date"].value() == timezone.localdate()
    assert form["cadres"].value() == [world.cadre_a.pk]
    assert form["unit"].value() == world.unit_a.pk  # the team has one unit
    assert list(form.fields["unit"].queryset) == [world.unit_a]
    assert enterprise_a.name in body
    assert enterprise_b.name not in body  # another unit's enterprise
    assert 'accept="image/*"' in body
    assert "multiple" in body.split('name="photos"')[1].split(">")[0]
    assert "js/photo-resize.js" in body


def _in_two_teams(world):
    """A cadre of team_a and of a team of a second campaign running alongside, covering unit_b.

    One user holds one membership per campaign at a time (issue 11), so two
    teams at once means two campaigns.
    """
    both = UserFactory(username="both")
    MembershipFactory(team=world.team_a, user=both)
    parallel = WorkTeamFactory(campaign=CampaignFactory(name="专项蹲点活动"), name="专项小组")
    AssignmentFactory(team=parallel, unit=world.unit_b)
    MembershipFactory(team=parallel, user=both)
    return both, parallel


def test_member_of_two_teams_chooses_the_team(client, world):
    both, parallel = _in_two_teams(world)
    client.force_login(both)
    form = client.get(CREATE).context["form"]
    assert form.fixed_team is None
    assert set(form.fields["team"].queryset) == {world.team_a, parallel}
    assert set(form.fields["unit"].queryset) == {world.unit_a, world.unit_b}


def test_member_of_two_teams_cannot_pair_one_team_with_the_other_teams_unit(client, world):
    both, _parallel = _in_two_teams(world)
    data = visit_post_data(world, team=str(world.team_a.pk), unit=str(world.unit_b.pk), cadres=[str(both.pk)])
    response = _post(client, both, data)
    assert _field_errors(response, "unit") == ["该单位不是本小组在本次活动中的蹲点单位。"]
    assert not Visit.objects.exists()


def test_htmx_refresh_lists_the_enterprises_of_the_chosen_unit(client, world, enterprise_a, enterprise_b):
    both, parallel = _in_two_teams(world)
    client.force_login(both)
    url = reverse("visits:form_fields") + f"?team={parallel.pk}&unit={world.unit_b.pk}"
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert enterprise_b.name in body
    assert enterprise_a.name not in body
    assert 'id="team-unit-fields"' in body


# --- saving ---------------------------------------------------------------


def test_cadre_saves_a_visit_with_recruitment_and_two_photos(client, world, enterprise_a):
    data = visit_post_data(
        world,
        enterprises=[str(enterprise_a.pk)],
        **{
            "recruit-0-group": str(WorkerGroup.objects.get(name="快递员").pk),
            "recruit-0-count": "12",
            "recruit-1-group": str(WorkerGroup.objects.get(name="网约送餐员").pk),
            "recruit-1-count": "8",
        },
    )
    data["photos"] = [_jpeg("a.jpg"), _jpeg("b.jpg", size=(300, 200))]
    response = _post(client, world.cadre_a, data)

    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:detail", args=[visit.pk])
    assert (visit.team, visit.campaign, visit.unit) == (world.team_a, world.campaign, world.unit_a)
    assert visit.created_by == world.cadre_a
    assert list(visit.enterprises.all()) == [enterprise_a]
    assert list(visit.cadres.all()) == [world.cadre_a]
    assert {(r.group.name, r.count) for r in visit.recruitments.all()} == {("快递员", 12), ("网约送餐员", 8)}
    photos = list(visit.photos.all())
    assert len(photos) == 2
    for photo in photos:
        assert photo.image.name.startswith("private/visit-photos/2026/08/")
        assert default_storage.exists(photo.image.name)
        assert photo.uploaded_by == world.cadre_a
    assert {(p.width, p.height) for p in photos} == {(640, 480), (300, 200)}


def test_saved_visit_appears_in_the_list(client, world):
    _post(client, world.cadre_a, visit_post_data(world, summary="在驿站送清凉"))
    body = client.get(reverse("visits:list")).content.decode()
    assert "在驿站送清凉" in body


def test_uploaded_photo_has_no_gps(client, world):
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (39.0, 43.0, 30.0)
    buf = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buf, format="JPEG", exif=exif)
    data = visit_post_data(world)
    data["photos"] = [SimpleUploadedFile("gps.jpg", buf.getvalue(), content_type="image/jpeg")]
    _post(client, world.cadre_a, data)
    with VisitPhoto.objects.get().image.open("rb") as handle:
        assert len(Image.open(handle).getexif()) == 0


def test_leader_edits_a_cadres_visit_and_the_author_stays(client, world, visit_a):
    data = visit_post_data(world, summary="组长补充了内容")
    response = _post(client, world.leader_a, data, reverse("visits:edit", args=[visit_a.pk]))
    assert response.status_code == 302
    visit_a.refresh_from_db()
    assert visit_a.summary == "组长补充了内容"
    assert visit_a.created_by == world.cadre_a


def test_edit_cannot_move_a_visit_to_another_team(client, world, visit_a):
    data = visit_post_data(world, team=str(world.team_b.pk))
    _post(client, world.admin, data, reverse("visits:edit", args=[visit_a.pk]))
    visit_a.refresh_from_db()
    assert visit_a.team == world.team_a


def test_edit_updates_recruitment_rows(client, world, visit_a):
    row = Recruitment.objects.create(visit=visit_a, group=WorkerGroup.objects.get(name="快递员"), count=3)
    data = visit_post_data(
        world,
        **{
            "recruit-TOTAL_FORMS": "2",
            "recruit-INITIAL_FORMS": "1",
            "recruit-0-id": str(row.pk),
            "recruit-0-group": str(row.group_id),
            "recruit-0-count": "5",
        },
    )
    _post(client, world.cadre_a, data, reverse("visits:edit", args=[visit_a.pk]))
    row.refresh_from_db()
    assert row.count == 5


# --- bad input: a Chinese message next to the field, nothing saved --------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2026-07-01"}, "date", "日期应在蹲点活动期间（2026-07-15 至 2026-12-31）。"),
        ({"date": "2026-13-45"}, "date", "日期格式应为 年-月-日，例如 2026-08-04。"),
        ({"date": ""}, "date", "请填写走访日期。"),
        ({"workers_reached": "-3"}, "workers_reached", "覆盖职工人数不能为负数。"),
        ({"workers_reached": "很多"}, "workers_reached", "请填写整数。"),
        ({"summary": ""}, "summary", "请填写工作内容。"),
        ({"unit": ""}, "unit", "请选择蹲点单位。"),
        ({"cadres": []}, "cadres", "请至少选择一名参加干部。"),
        ({"kind": "party"}, "kind", None),
    ],
)
def test_bad_visit_field_is_reported_next_to_it(client, world, overrides, field, message):
    response = _post(client, world.cadre_a, visit_post_data(world, **overrides))
    assert response.status_code == 200
    errors = _field_errors(response, field)
    assert errors
    if message:
        assert errors == [message]
    assert not Visit.objects.exists()


def test_future_date_is_refused(client, world):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = _post(client, world.cadre_a, visit_post_data(world, date=tomorrow.isoformat()))
    assert _field_errors(response, "date") == ["走访日期不能晚于今天；以后的安排请填在工作计划里。"]


def test_unit_of_another_team_is_refused(client, world):
    response = _post(client, world.cadre_a, visit_post_data(world, unit=str(world.unit_b.pk)))
    assert _field_errors(response, "unit") == ["该单位不是本小组在本次活动中的蹲点单位。"]
    assert not Visit.objects.exists()


def test_team_of_another_user_cannot_be_forced(client, world):
    _post(client, world.cadre_a, visit_post_data(world, team=str(world.team_b.pk)))
    assert Visit.objects.get().team == world.team_a  # the posted team is ignored for a one-team user


def test_enterprise_of_another_unit_is_refused(client, world, enterprise_b):
    response = _post(client, world.cadre_a, visit_post_data(world, enterprises=[str(enterprise_b.pk)]))
    assert _field_errors(response, "enterprises") == ["所选企业不属于该蹲点单位，请重新选择。"]


def test_cadre_of_another_team_is_refused(client, world):
    response = _post(client, world.cadre_a, visit_post_data(world, cadres=[str(world.cadre_b.pk)]))
    assert _field_errors(response, "cadres") == ["所选干部不是本小组成员。"]


def test_typed_values_are_kept_after_an_error(client, world):
    response = _post(client, world.cadre_a, visit_post_data(world, summary="我写了很长的一段话", date="2026-07-01"))
    body = response.content.decode()
    assert "我写了很长的一段话" in body
    assert "绿地缤纷城" in body
    assert "日期应在蹲点活动期间" in body


@pytest.mark.parametrize(
    ("group", "count", "field", "message"),
    [
        ("快递员", "-2", "count", "入会人数不能为负数。"),
        ("快递员", "0", "count", "入会人数至少为 1；没有人入会请留空这一行。"),
        ("快递员", "", "count", "请填写入会人数。"),
        ("", "5", "group", "请选择群体。"),
        ("快递员", "五", "count", "请填写整数。"),
    ],
)
def test_bad_recruitment_row_saves_nothing(client, world, group, count, field, message):
    group_pk = str(WorkerGroup.objects.get(name=group).pk) if group else ""
    data = visit_post_data(world, **{"recruit-0-group": group_pk, "recruit-0-count": count})
    response = _post(client, world.cadre_a, data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors[field] == [message]
    assert message in response.content.decode()
    assert not Visit.objects.exists()
    assert not Recruitment.objects.exists()


def test_same_group_twice_is_refused(client, world):
    pk = str(WorkerGroup.objects.get(name="快递员").pk)
    data = visit_post_data(
        world, **{"recruit-0-group": pk, "recruit-0-count": "1", "recruit-1-group": pk, "recruit-1-count": "2"}
    )
    response = _post(client, world.cadre_a, data)
    assert "同一群体只填一行，请把人数合并。" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"<?php echo 1; ?>", "evil.jpg"), (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg")],
)
def test_non_image_upload_saves_nothing_and_asks_to_choose_photos_again(client, world, content, name):
    data = visit_post_data(world, summary="带了坏文件")
    data["photos"] = [_jpeg("good.jpg"), SimpleUploadedFile(name, content, content_type="image/jpeg")]
    response = _post(client, world.cadre_a, data)
    body = response.content.decode()
    assert f"“{name}”不是有效的图片文件" in " ".join(_field_errors(response, "photos"))
    assert "请重新选择照片" in body
    assert "带了坏文件" in body
    assert not Visit.objects.exists()
    assert not VisitPhoto.objects.exists()


def test_oversized_upload_is_refused(client, world, settings):
    settings.PHOTO_MAX_BYTES = 2000
    data = visit_post_data(world)
    data["photos"] = [SimpleUploadedFile("big.jpg", image_bytes() + b"\0" * 3000)]
    response = _post(client, world.cadre_a, data)
    assert "超过了" in " ".join(_field_errors(response, "photos"))
    assert not Visit.objects.exists()


def test_too_many_photos_at_once_is_refused(client, world):
    data = visit_post_data(world)
    data["photos"] = [_jpeg(f"{i}.jpg", size=(20, 20)) for i in range(13)]
    response = _post(client, world.cadre_a, data)
    assert _field_errors(response, "photos") == ["一次最多上传 12 张照片。"]


# --- one transaction ------------------------------------------------------


def test_failure_while_storing_photos_keeps_nothing_not_even_files(client, world, monkeypatch):
    """A crash after the visit, its rows and the first photo were written rolls all of it back."""
    import visits.services as services

    original = services.store_photos

    def store_then_fail(visit, processed, user, stored_names):
        original(visit, processed[:1], user, stored_names)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "store_photos", store_then_fail)
    data = visit_post_data(world, **{"recruit-0-group": str(WorkerGroup.objects.first().pk), "recruit-0-count": "3"})
    data["photos"] = [_jpeg("a.jpg"), _jpeg("b.jpg")]
    client.force_login(world.cadre_a)
    client.raise_request_exception = False
    response = client.post(CREATE, data)

    assert response.status_code == 500
    assert not Visit.objects.exists()
    assert not Recruitment.objects.exists()
    assert not VisitPhoto.objects.exists()
    photo_dir = "private/visit-photos/2026/08"
    assert not default_storage.exists(photo_dir) or default_storage.listdir(photo_dir)[1] == []


def test_save_visit_is_atomic_on_its_own(world, monkeypatch):
    """Outside a request (no ATOMIC_REQUESTS): the service's own transaction undoes everything."""
    from django.http import QueryDict

    import visits.services as services
    from visits.forms import RecruitmentFormSet, VisitForm

    data = QueryDict(mutable=True)
    for key, value in visit_post_data(world, **{"recruit-0-group": str(WorkerGroup.objects.first().pk)}).items():
        data.setlist(key, value if isinstance(value, list) else [value])
    data["recruit-0-count"] = "4"
    form = VisitForm(data, instance=Visit(), user=world.cadre_a, teams=[world.team_a])
    formset = RecruitmentFormSet(data, instance=Visit(), prefix="recruit")
    assert form.is_valid(), form.errors
    assert formset.is_valid(), formset.errors

    def fail(*args, **kwargs):
        raise RuntimeError("storage down")

    monkeypatch.setattr(services, "store_photos", fail)
    with pytest.raises(RuntimeError):
        services.save_visit(form, formset, world.cadre_a)
    assert not Visit.objects.exists()
    assert not Recruitment.objects.exists()


def test_cadre_who_left_the_team_stays_on_an_edited_visit(client, world, visit_a):
    from campaigns.models import TeamMembership

    leaver = MembershipFactory(team=world.team_a, user=UserFactory(username="leaver")).user
    visit_a.cadres.add(leaver)
    TeamMembership.objects.filter(user=leaver).delete()
    data = visit_post_data(world, cadres=[str(world.cadre_a.pk), str(leaver.pk)], summary="补充")
    response = _post(client, world.leader_a, data, reverse("visits:edit", args=[visit_a.pk]))
    assert response.status_code == 302
    assert set(visit_a.cadres.all()) == {world.cadre_a, leaver}
