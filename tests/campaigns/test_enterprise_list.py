"""The enterprise list: filters, search, pagination and query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Enterprise, UnionStatus
from tests.campaigns.conftest import signed_in as _as
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    EnterpriseFactory,
    UnionUnitFactory,
    WorkTeamFactory,
    valid_credit_code,
    worker_group,
)

pytestmark = pytest.mark.django_db


# --- list filters and query count -------------------------------------------------


def test_list_filters_by_status_and_flags(client, world):
    EnterpriseFactory(name="甲配送有限公司", unit=world.unit_b, is_new_form=True)
    EnterpriseFactory(name="乙制造有限公司", unit=world.unit_b, union_status=UnionStatus.ESTABLISHED)
    client.force_login(world.cadre_a)
    body = client.get(reverse("campaigns:enterprise_list"), {"new_form": "1"}).content.decode()
    assert "甲配送有限公司" in body
    assert "乙制造有限公司" not in body
    body = client.get(reverse("campaigns:enterprise_list"), {"status": "established"}).content.decode()
    assert "乙制造有限公司" in body
    assert "甲配送有限公司" not in body


def test_list_searches_by_name_and_credit_code(client, world):
    EnterpriseFactory(name="甲配送有限公司", credit_code=valid_credit_code(8123))
    EnterpriseFactory(name="乙制造有限公司")
    client.force_login(world.cadre_a)
    body = client.get(reverse("campaigns:enterprise_list"), {"q": valid_credit_code(8123).lower()}).content.decode()
    assert "甲配送有限公司" in body
    assert "乙制造有限公司" not in body
    body = client.get(reverse("campaigns:enterprise_list"), {"q": "制造"}).content.decode()
    assert "乙制造有限公司" in body
    assert "甲配送有限公司" not in body


def test_list_filters_by_unit_and_eight_group(client, world):
    EnterpriseFactory(name="甲快递有限公司", unit=world.unit_a, is_eight_group=True, eight_group=worker_group("快递员"))
    EnterpriseFactory(name="乙快递有限公司", unit=world.unit_b, is_eight_group=True, eight_group=worker_group("快递员"))
    client.force_login(world.cadre_a)
    body = client.get(
        reverse("campaigns:enterprise_list"), {"unit": world.unit_a.pk, "eight_group": "1"}
    ).content.decode()
    assert "甲快递有限公司" in body
    assert "乙快递有限公司" not in body


def test_list_filters_by_team_across_its_units_once_each(client, world):
    """A team of several units: their enterprises, each listed once even if the unit served other campaigns."""
    unit_c = UnionUnitFactory(name="旧宫镇")
    AssignmentFactory(campaign=world.campaign, team=world.team_a, unit=unit_c)
    earlier = CampaignFactory(name="上一轮蹲点", start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 9, 30))
    AssignmentFactory(campaign=earlier, team=WorkTeamFactory(campaign=earlier, name="老组"), unit=world.unit_a)
    EnterpriseFactory(name="甲快递有限公司", unit=world.unit_a, union_status=UnionStatus.PROMISED)
    EnterpriseFactory(name="丙物流有限公司", unit=unit_c, union_status=UnionStatus.PROMISED)
    EnterpriseFactory(name="丁餐饮有限公司", unit=unit_c)
    EnterpriseFactory(name="乙快递有限公司", unit=world.unit_b, union_status=UnionStatus.PROMISED)
    client.force_login(world.leadership)
    body = client.get(
        reverse("campaigns:enterprise_list"), {"team": world.team_a.pk, "status": "promised"}
    ).content.decode()
    assert "共 2 家企业" in body
    assert "甲快递有限公司" in body
    assert "丙物流有限公司" in body
    assert "乙快递有限公司" not in body
    body = client.get(reverse("campaigns:enterprise_list"), {"team": world.team_b.pk}).content.decode()
    assert "共 1 家企业" in body
    assert "乙快递有限公司" in body


def test_list_offers_the_team_filter_with_its_campaign(client, world):
    body = _as(client, world, "cadre_a").get(reverse("campaigns:enterprise_list")).content.decode()
    assert "蹲点小组" in body
    assert f"{world.campaign.name} · {world.team_b.name}" in body


def test_list_query_count_is_the_same_with_the_team_filter(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EnterpriseFactory.create_batch(30, unit=world.unit_a)
    client.force_login(world.cadre_a)
    with CaptureQueriesContext(connection) as unfiltered:
        client.get(reverse("campaigns:enterprise_list"), {"unit": world.unit_a.pk})
    with CaptureQueriesContext(connection) as by_team:
        client.get(reverse("campaigns:enterprise_list"), {"team": world.team_a.pk})
    assert len(by_team.captured_queries) == len(unfiltered.captured_queries)


def test_list_is_paginated(client, world):
    EnterpriseFactory.create_batch(30, unit=world.unit_a)
    client.force_login(world.cadre_a)
    body = client.get(reverse("campaigns:enterprise_list"), {"page": "2"}).content.decode()
    assert "第 2 / 2 页" in body


def _list_queries(client, world, django_assert_max_num_queries, n):
    EnterpriseFactory.create_batch(
        n, unit=world.unit_a, is_eight_group=True, eight_group=worker_group("快递员"), is_new_form=True
    )
    client.force_login(world.cadre_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("campaigns:enterprise_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_from_5_to_200(client, world, django_assert_max_num_queries):
    few = _list_queries(client, world, django_assert_max_num_queries, 5)
    many = _list_queries(client, world, django_assert_max_num_queries, 195)
    assert Enterprise.objects.count() == 200
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(reverse("campaigns:enterprise_list"), {"page": "3"})


def test_detail_query_count_does_not_grow_with_history(client, world, enterprise):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.office_staff)
    url = reverse("campaigns:enterprise_detail", args=[enterprise.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(10):
        enterprise.headcount = 100 + n
        enterprise.save()
    from campaigns.services import change_union_status

    change_union_status(enterprise, UnionStatus.CONTACTED, by=world.office_staff, on=dt.date(2026, 8, 1))
    change_union_status(enterprise, UnionStatus.PROMISED, by=world.cadre_a, on=dt.date(2026, 8, 9))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) <= len(before.captured_queries) + 1  # +1: the worker-group name lookup


def test_bad_filter_values_do_not_break_the_list(client, world, enterprise):
    response = _as(client, world, "cadre_a").get(
        reverse("campaigns:enterprise_list"), {"unit": "abc", "team": "99999", "status": "nonsense", "page": "xyz"}
    )
    assert response.status_code == 200
