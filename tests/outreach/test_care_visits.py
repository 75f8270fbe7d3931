"""Care visits (慰问): who received what, the leader who led it, the site; negative figures refused."""

import pytest
from django.urls import reverse

from tests.visits.conftest import visit_post_data
from visits.models import CareItem, Visit

from .conftest import care_rows

pytestmark = pytest.mark.django_db

CREATE = reverse("visits:create")


def _post(client, user, data):
    client.force_login(user)
    return client.post(CREATE, data, follow=True)


def test_cadre_logs_a_care_visit_to_the_station_with_its_packages(client, world, site_a):
    data = visit_post_data(
        world,
        sites=[str(site_a.pk)],
        leader=str(world.leader_a.pk),
        **care_rows(("外卖骑手", 40, "清凉慰问包", "2400"), ("快递小哥", 20, "清凉慰问包", "1200.50")),
    )
    response = _post(client, world.cadre_a, data)
    visit = Visit.objects.get()
    assert list(visit.sites.all()) == [site_a]
    assert visit.leader == world.leader_a
    assert [(c.recipients, c.people) for c in visit.care_items.order_by("id")] == [("外卖骑手", 40), ("快递小哥", 20)]
    content = response.content.decode()
    assert "慰问明细（共 60 人，价值 3600.50 元）" in content
    assert site_a.name in content
    assert "带队领导" in content and (world.leader_a.get_full_name() or world.leader_a.username) in content


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("外卖骑手", -5, "清凉慰问包", "100"), "慰问人数不能为负数。"),
        (("外卖骑手", 5, "清凉慰问包", "-100"), "慰问品价值不能为负数。"),
        (("外卖骑手", 0, "清凉慰问包", "100"), "慰问人数至少为 1"),
    ],
)
def test_negative_counts_or_amounts_are_refused_and_nothing_is_saved(client, world, row, message):
    response = _post(client, world.cadre_a, visit_post_data(world, **care_rows(row)))
    assert message in response.content.decode()
    assert not Visit.objects.exists() and not CareItem.objects.exists()


def test_care_rows_on_a_visit_that_is_no_care_visit_are_refused(client, world):
    data = visit_post_data(world, kind="forum", **care_rows(("外卖骑手", 5, "清凉慰问包", "100")))
    response = _post(client, world.cadre_a, data)
    assert "填写了慰问明细的走访，形式应为“慰问”" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_site_of_another_unit_cannot_be_chosen(client, world, site_b):
    response = _post(client, world.cadre_a, visit_post_data(world, sites=[str(site_b.pk)], **care_rows()))
    assert "所选服务阵地不属于该蹲点单位" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_draft_without_care_rows_still_saves(client, world):
    # Drafts saved on a phone before care rows existed carry no care management form.
    _post(client, world.cadre_a, visit_post_data(world))
    assert Visit.objects.count() == 1


def test_the_leader_is_in_the_ledgers_visit_sheet(world, site_a):
    from ledger.outreach_sheets import visit_extras
    from visits.services import record_visit

    visit = record_visit(
        team=world.team_a,
        unit=world.unit_a,
        date="2026-08-04",
        kind=Visit.Kind.CARE,
        summary="慰问",
        created_by=world.cadre_a,
        leader=world.leadership,
        sites=[site_a],
        care_items=[{"recipients": "快递小哥", "people": 20, "items": "慰问包", "value": 1200}],
    )
    row = visit_extras([visit.pk], {world.leadership.pk: "林振华"})[visit.pk]
    assert row[:2] == ["林振华", site_a.name]
    assert row[3:5] == [20, 1200.0]


def test_record_visit_refuses_a_negative_care_amount_and_writes_nothing(world):
    from django.core.exceptions import ValidationError

    from visits.services import record_visit

    with pytest.raises(ValidationError):
        record_visit(
            team=world.team_a,
            unit=world.unit_a,
            date="2026-08-04",
            kind=Visit.Kind.CARE,
            summary="慰问",
            created_by=world.cadre_a,
            care_items=[{"recipients": "快递小哥", "people": 20, "items": "慰问包", "value": -1}],
        )
    assert not Visit.objects.exists()
