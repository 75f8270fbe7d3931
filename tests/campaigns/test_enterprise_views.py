"""Enterprise pages: every view for every role, bad input, duplicates, status changes, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Enterprise, EnterpriseStatusChange, UnionStatus
from tests.campaigns.conftest import signed_in as _as
from tests.factories import (
    valid_credit_code,
    worker_group,
)

pytestmark = pytest.mark.django_db

ROLES = ["cadre_a", "cadre_b", "leader_a", "leader_b", "leadership", "office_staff", "admin", "loner"]


def _form_data(world, **overrides):
    data = {
        "name": "兴丰新开同城配送有限公司",
        "credit_code": valid_credit_code(7001),
        "unit": world.unit_a.pk,
        "address": "",
        "industry": "同城配送",
        "contact_name": "",
        "contact_phone": "",
        "headcount": "40",
        "union_members": "0",
        "union_status": UnionStatus.NONE,
        "union_status_date": "",
        "notes": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- anonymous -------------------------------------------------------------


@pytest.mark.parametrize("name", ["enterprise_list", "enterprise_create"])
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(reverse(f"campaigns:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["enterprise_detail", "enterprise_edit", "enterprise_status"])
def test_anonymous_is_sent_to_login_from_an_enterprise(client, enterprise, name):
    response = client.post(reverse(f"campaigns:{name}", args=[enterprise.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- list and detail: shared reference data -----------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_sees_the_list(client, world, enterprise, role):
    response = _as(client, world, role).get(reverse("campaigns:enterprise_list"))
    assert response.status_code == 200
    assert enterprise.name in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_sees_the_detail(client, world, enterprise, role):
    response = _as(client, world, role).get(reverse("campaigns:enterprise_detail", args=[enterprise.pk]))
    assert response.status_code == 200
    assert enterprise.credit_code in response.content.decode()


def test_unknown_enterprise_answers_404(client, world):
    response = _as(client, world, "office_staff").get(reverse("campaigns:enterprise_detail", args=[999999]))
    assert response.status_code == 404


def test_unit_page_lists_units_with_their_team(client, world, enterprise):
    response = _as(client, world, "cadre_b").get(reverse("campaigns:unit_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "高米店街道总工会" in body
    assert world.team_a.name in body


# --- create -------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("cadre_a", 200),
        ("cadre_b", 200),
        ("leader_a", 200),
        ("leader_b", 200),
        ("office_staff", 200),
        ("admin", 200),
        ("leadership", 403),
        ("loner", 403),
    ],
)
def test_who_may_open_the_create_form(client, world, role, status):
    response = _as(client, world, role).get(reverse("campaigns:enterprise_create"))
    assert response.status_code == status


def test_cadre_creates_an_enterprise_in_a_unit_of_the_team(client, world):
    response = _as(client, world, "cadre_a").post(reverse("campaigns:enterprise_create"), _form_data(world))
    enterprise = Enterprise.objects.get(name="兴丰新开同城配送有限公司")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:enterprise_detail", args=[enterprise.pk])
    assert enterprise.created_by == world.cadre_a


def test_cadre_cannot_create_under_another_teams_unit(client, world):
    response = _as(client, world, "cadre_a").post(
        reverse("campaigns:enterprise_create"), _form_data(world, unit=world.unit_b.pk)
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_leadership_cannot_post_a_new_enterprise(client, world):
    response = _as(client, world, "leadership").post(reverse("campaigns:enterprise_create"), _form_data(world))
    assert response.status_code == 403
    assert not Enterprise.objects.exists()


def test_staff_creates_with_a_starting_status_recorded_as_a_dated_step(client, world):
    _as(client, world, "office_staff").post(
        reverse("campaigns:enterprise_create"),
        _form_data(world, union_status=UnionStatus.ESTABLISHED, union_status_date="2026-07-20", has_hardship_aid="on"),
    )
    enterprise = Enterprise.objects.get()
    step = enterprise.status_changes.get()
    assert (step.to_status, step.changed_on, step.changed_by) == (
        UnionStatus.ESTABLISHED,
        dt.date(2026, 7, 20),
        world.office_staff,
    )
    assert enterprise.mechanisms == ["帮扶救助"]


# --- bad input ------------------------------------------------------------


def _post_create(client, world, **overrides):
    return _as(client, world, "office_staff").post(
        reverse("campaigns:enterprise_create"), _form_data(world, **overrides)
    )


def test_bad_credit_code_is_refused_next_to_the_field(client, world):
    response = _post_create(client, world, credit_code="91350100M000100Y44")
    body = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in body
    assert 'value="91350100M000100Y44"' in body  # what was typed is kept
    assert not Enterprise.objects.exists()


def test_existing_credit_code_is_an_error(client, world, enterprise):
    response = _post_create(client, world, credit_code=enterprise.credit_code.lower())
    assert "该统一社会信用代码已存在：京南迅捷快递服务有限公司" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_eight_group_without_the_flag_is_refused(client, world):
    response = _post_create(client, world, eight_group=worker_group("快递员").pk)
    assert "请先勾选“八大员企业”" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_eight_group_flag_without_a_group_is_refused(client, world):
    response = _post_create(client, world, is_eight_group="on")
    assert "请选择所属的八大群体" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_mechanisms_without_a_union_are_refused(client, world):
    response = _post_create(client, world, union_status=UnionStatus.PROMISED, has_collective_bargaining="on")
    assert "尚未建会的企业不能勾选工会工作机制" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_negative_headcount_is_refused(client, world):
    response = _post_create(client, world, headcount="-3")
    assert "大于或等于0" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_bad_contact_phone_is_refused(client, world):
    response = _post_create(client, world, contact_phone="12345")
    assert "电话号码格式不正确" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_future_starting_status_date_is_refused(client, world):
    response = _post_create(client, world, union_status=UnionStatus.CONTACTED, union_status_date="2099-01-01")
    assert "日期不能晚于今天" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_more_members_than_workers_is_saved_with_a_warning(client, world):
    response = _as(client, world, "office_staff").post(
        reverse("campaigns:enterprise_create"), _form_data(world, headcount="10", union_members="12"), follow=True
    )
    assert "工会会员数（12）大于职工人数（10）" in response.content.decode()
    assert Enterprise.objects.get().union_members == 12


# --- duplicate warning --------------------------------------------------------


def test_similar_name_asks_to_confirm(client, world, enterprise):
    response = _post_create(client, world, name="京南迅捷快递服务有限责任公司")
    body = response.content.decode()
    assert "可能与已有企业重复" in body
    assert "仍要保存" in body
    assert Enterprise.objects.count() == 1


def test_similar_name_is_saved_once_confirmed(client, world, enterprise):
    response = _post_create(client, world, name="京南迅捷快递服务有限责任公司", confirm_duplicate="on")
    assert response.status_code == 302
    assert Enterprise.objects.count() == 2


def test_confirm_box_is_not_shown_without_a_duplicate(client, world):
    response = _as(client, world, "office_staff").get(reverse("campaigns:enterprise_create"))
    assert "仍要保存" not in response.content.decode()


# --- edit ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("cadre_a", 403),
        ("cadre_b", 403),
        ("leader_a", 403),
        ("leader_b", 403),
        ("leadership", 403),
        ("loner", 403),
        ("office_staff", 200),
        ("admin", 200),
    ],
)
def test_who_may_open_the_edit_form(client, world, enterprise, role, status):
    response = _as(client, world, role).get(reverse("campaigns:enterprise_edit", args=[enterprise.pk]))
    assert response.status_code == status


def _edit_data(enterprise, **overrides):
    data = {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "unit": enterprise.unit_id,
        "headcount": str(enterprise.headcount),
        "union_members": str(enterprise.union_members),
    }
    data.update(overrides)
    return data


def test_staff_edit_is_kept_in_the_history_with_who_and_what(client, world, enterprise):
    client.force_login(world.office_staff)
    client.post(reverse("campaigns:enterprise_edit", args=[enterprise.pk]), _edit_data(enterprise, headcount="95"))
    response = client.get(reverse("campaigns:enterprise_detail", args=[enterprise.pk]))
    history = response.content.decode().split('data-testid="change-history"')[1]
    assert "职工人数：80 → 95" in history
    assert world.office_staff.get_full_name() in history


def test_mechanisms_are_not_offered_on_edit_without_a_union(client, world, enterprise):
    client.force_login(world.office_staff)
    url = reverse("campaigns:enterprise_edit", args=[enterprise.pk])
    assert 'name="has_dispute_mediation"' not in client.get(url).content.decode()
    client.post(url, _edit_data(enterprise, has_dispute_mediation="on"))
    enterprise.refresh_from_db()
    assert not enterprise.has_dispute_mediation


def test_mechanisms_are_edited_once_the_enterprise_has_a_union(client, world, enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(union_status=UnionStatus.ESTABLISHED)
    client.force_login(world.office_staff)
    client.post(
        reverse("campaigns:enterprise_edit", args=[enterprise.pk]), _edit_data(enterprise, has_dispute_mediation="on")
    )
    enterprise.refresh_from_db()
    assert enterprise.mechanisms == ["劳动争议调解"]


def test_edit_does_not_call_the_enterprise_its_own_duplicate(client, world, enterprise):
    client.force_login(world.office_staff)
    response = client.post(reverse("campaigns:enterprise_edit", args=[enterprise.pk]), _edit_data(enterprise))
    assert response.status_code == 302


# --- union status -------------------------------------------------------------


def _post_status(client, enterprise, **overrides):
    data = {"to_status": UnionStatus.PROMISED, "changed_on": "2026-08-09", "note": "沟通会后表态建会"}
    data.update(overrides)
    return client.post(reverse("campaigns:enterprise_status", args=[enterprise.pk]), data)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("cadre_a", 302),
        ("leader_a", 302),
        ("office_staff", 302),
        ("admin", 302),
        ("cadre_b", 403),
        ("leader_b", 403),
        ("leadership", 403),
        ("loner", 403),
    ],
)
def test_who_may_change_the_union_status(client, world, enterprise, role, status):
    response = _post_status(_as(client, world, role), enterprise)
    assert response.status_code == status
    assert EnterpriseStatusChange.objects.exists() == (status == 302)


def test_status_form_shown_only_to_those_who_may_use_it(client, world, enterprise):
    url = reverse("campaigns:enterprise_detail", args=[enterprise.pk])
    assert "变更建会状态" in _as(client, world, "cadre_a").get(url).content.decode()
    assert "变更建会状态" not in _as(client, world, "cadre_b").get(url).content.decode()


def test_status_page_does_not_answer_get(client, world, enterprise):
    response = _as(client, world, "office_staff").get(reverse("campaigns:enterprise_status", args=[enterprise.pk]))
    assert response.status_code == 405


def test_status_change_shows_on_the_timeline_dated_and_attributed(client, world, enterprise):
    client.force_login(world.cadre_a)
    _post_status(client, enterprise)
    response = client.get(reverse("campaigns:enterprise_detail", args=[enterprise.pk]))
    timeline = response.content.decode().split('data-testid="status-timeline"')[1].split("</ol>")[0]
    assert "2026-08-09" in timeline
    assert "表态建会" in timeline
    assert world.cadre_a.get_full_name() in timeline
    assert "沟通会后表态建会" in timeline


def test_status_change_is_in_the_change_history(client, world, enterprise):
    client.force_login(world.cadre_a)
    _post_status(client, enterprise)
    response = client.get(reverse("campaigns:enterprise_detail", args=[enterprise.pk]))
    history = response.content.decode().split('data-testid="change-history"')[1]
    assert "建会状态：未建会 → 表态建会" in history


def test_status_change_without_a_date_is_refused_next_to_the_field(client, world, enterprise):
    client.force_login(world.cadre_a)
    response = _post_status(client, enterprise, changed_on="")
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not EnterpriseStatusChange.objects.exists()


def test_status_change_before_the_last_step_is_refused_next_to_the_field(client, world, enterprise):
    client.force_login(world.cadre_a)
    _post_status(client, enterprise)
    response = _post_status(client, enterprise, to_status=UnionStatus.PREPARING, changed_on="2026-08-01")
    assert "变更日期不能早于上一次状态变更（2026-08-09）" in response.content.decode()
    assert EnterpriseStatusChange.objects.count() == 1


def test_status_change_to_the_current_status_is_refused(client, world, enterprise):
    client.force_login(world.cadre_a)
    response = _post_status(client, enterprise, to_status=UnionStatus.NONE)
    assert response.status_code == 200
    assert not EnterpriseStatusChange.objects.exists()


# --- visits that met the enterprise (read through the reverse relation) ----------


@pytest.fixture
def visit_by_team_a(world, enterprise):
    from tests.factories import VisitFactory

    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, place="驿站慰问点")
    visit.enterprises.add(enterprise)
    return visit


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("cadre_a", True),
        ("leader_a", True),
        ("leadership", True),
        ("office_staff", True),
        ("cadre_b", False),
        ("loner", False),
    ],
)
def test_detail_lists_only_the_visits_the_user_may_see(client, world, enterprise, visit_by_team_a, role, sees):
    response = _as(client, world, role).get(reverse("campaigns:enterprise_detail", args=[enterprise.pk]))
    assert ("2026-08-04 · 实地走访" in response.content.decode()) is sees


def test_visit_on_the_enterprise_page_links_to_the_visit(client, world, enterprise, visit_by_team_a):
    response = _as(client, world, "cadre_a").get(reverse("campaigns:enterprise_detail", args=[enterprise.pk]))
    assert f'href="{reverse("visits:detail", args=[visit_by_team_a.pk])}"' in response.content.decode()


def test_status_form_offers_the_next_step_first(client, world, enterprise):
    from tests.factories import StatusChangeFactory

    StatusChangeFactory(enterprise=enterprise, to_status=UnionStatus.CONTACTED, changed_by=world.office_staff)
    Enterprise.objects.filter(pk=enterprise.pk).update(union_status=UnionStatus.CONTACTED)
    body = (
        _as(client, world, "cadre_a").get(reverse("campaigns:enterprise_detail", args=[enterprise.pk])).content.decode()
    )
    assert '<option value="promised" selected>表态建会</option>' in body
    assert '<option value="contacted"' not in body
