"""Mediation bodies: registered per unit with dated steps, targets as plan against what exists."""

import datetime as dt

import pytest
from django.urls import reverse

from mediation import services
from mediation.models import MediationBody, MediationBodyStatusChange, MediationTarget

FORM = {
    "name": "高米店街道六方工作站",
    "kind": "six_party",
    "location": "高米店街道职工服务中心",
    "members": "工会、人社、司法、法院、企业代表、职工代表",
    "status": "planned",
    "status_on": "2026-08-01",
}


def test_cadre_registers_a_six_party_station_in_the_teams_unit(client, world):
    client.force_login(world.cadre_a)
    response = client.post(reverse("mediation:body_create"), {**FORM, "unit": world.unit_a.pk}, follow=True)
    text = response.content.decode()
    assert "已登记调解组织“高米店街道六方工作站”" in text
    body = MediationBody.objects.get()
    assert (body.unit, body.status, body.created_by) == (world.unit_a, "planned", world.cadre_a)
    step = body.steps.get()
    assert (step.from_status, step.to_status, step.changed_on, step.changed_by) == (
        "",
        "planned",
        dt.date(2026, 8, 1),
        world.cadre_a,
    )


def test_a_unit_the_team_does_not_cover_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cadre_a)
    response = client.post(reverse("mediation:body_create"), {**FORM, "unit": world.unit_b.pk})
    assert response.status_code == 400
    assert "所选单位不是您所在小组负责的单位，不能在此登记调解组织。" in response.content.decode()
    assert not MediationBody.objects.exists()


def test_the_service_names_the_uncovered_unit(world):
    with pytest.raises(services.MediationError, match="“兴丰街道”不是您所在小组负责的单位"):
        services.register_body(
            world.cadre_a, name="x", kind="other", unit=world.unit_b, status="planned", status_on=dt.date(2026, 8, 1)
        )
    assert not MediationBody.objects.exists()


@pytest.fixture
def station(world):
    return services.register_body(
        world.office_staff,
        name="高米店街道六方工作站",
        kind="six_party",
        unit=world.unit_a,
        status="planned",
        status_on=dt.date(2026, 8, 1),
    )


def test_leader_moves_the_station_forward_step_by_step(client, world, station):
    client.force_login(world.leader_a)
    url = reverse("mediation:body_status", args=[station.pk])
    client.post(url, {"to_status": "setting_up", "on": "2026-08-10", "note": "签署共建协议"})
    response = client.post(url, {"to_status": "established", "on": "2026-09-01"}, follow=True)
    assert "已建成（2026-09-01）" in response.content.decode()
    steps = list(station.steps.values_list("from_status", "to_status", "changed_on", "changed_by"))
    assert steps == [
        ("", "planned", dt.date(2026, 8, 1), world.office_staff.pk),
        ("planned", "setting_up", dt.date(2026, 8, 10), world.leader_a.pk),
        ("setting_up", "established", dt.date(2026, 9, 1), world.leader_a.pk),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_status": "planned", "on": "2026-08-10"}, "状态只能向前推进"),
        ({"to_status": "setting_up", "on": "2026-07-31"}, "变更日期不能早于上一步的日期（2026-08-01）"),
    ],
)
def test_backward_or_backdated_steps_are_refused(client, world, station, data, message):
    client.force_login(world.leader_a)
    response = client.post(reverse("mediation:body_status", args=[station.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert MediationBodyStatusChange.objects.count() == 1


def test_another_teams_cadre_does_not_see_the_body(client, world, station):
    client.force_login(world.cadre_b)
    assert client.get(reverse("mediation:body_detail", args=[station.pk])).status_code == 404
    assert "高米店街道六方工作站" not in client.get(reverse("mediation:body_list")).content.decode()


def test_body_page_lists_the_disputes_it_handled(client, world, station, dispute):
    from .conftest import hand

    hand(dispute, world.cadre_a, number="YH-A", body=station)
    client.force_login(world.leadership)
    text = client.get(reverse("mediation:body_detail", args=[station.pk])).content.decode()
    assert "言和 YH-A" in text and dispute.code in text


def test_a_body_in_another_unit_cannot_take_part_in_the_case(world, dispute):
    other = services.register_body(
        world.office_staff,
        name="兴丰调解室",
        kind="other",
        unit=world.unit_b,
        status="planned",
        status_on=dt.date(2026, 8, 1),
    )
    with pytest.raises(services.MediationError, match="不在工单所属单位"):
        services.hand_over(
            dispute.pk, world.cadre_a, case_number="YH-A", handed_over_on=dt.date(2026, 8, 5), body=other
        )


def test_staff_set_a_target_and_see_it_against_what_exists(client, world, station):
    client.force_login(world.office_staff)
    url = reverse("mediation:targets")
    data = {"campaign": world.campaign.pk, "unit": world.unit_a.pk, "kind": "six_party", "count": 1}
    assert client.post(url, data).status_code == 302
    text = client.get(url, {"campaign": world.campaign.pk}).content.decode()
    assert "未完成" in text
    services.change_body_status(station.pk, world.office_staff, to_status="established", on=dt.date(2026, 9, 1))
    text = client.get(url, {"campaign": world.campaign.pk}).content.decode()
    assert "已完成" in text
    assert MediationTarget.objects.get().count == 1


def test_saving_the_same_target_again_changes_it(client, world):
    client.force_login(world.office_staff)
    data = {"campaign": world.campaign.pk, "unit": world.unit_a.pk, "kind": "six_party", "count": 1}
    client.post(reverse("mediation:targets"), data)
    client.post(reverse("mediation:targets"), {**data, "count": 2})
    assert list(MediationTarget.objects.values_list("count", flat=True)) == [2]


def test_a_cadre_may_not_set_targets(client, world):
    client.force_login(world.cadre_a)
    data = {"campaign": world.campaign.pk, "unit": world.unit_a.pk, "kind": "six_party", "count": 1}
    assert client.post(reverse("mediation:targets"), data).status_code == 403
    assert not MediationTarget.objects.exists()
