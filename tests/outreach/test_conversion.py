"""Turning an enterprise record that is really a service site into one: visits kept, funnel and ledger clean."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.models import Enterprise, UnionStatus
from campaigns.services import change_union_status
from dashboard.union_building import union_funnel
from ledger.queries import enterprises_queryset
from ledger.scope import LedgerFilters, resolve
from outreach.models import ServiceSite
from outreach.services import convert_enterprise_to_site
from tests.factories import EnterpriseFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(world):
    """The 驿站 as an earlier demo filed it: an enterprise that promised a union, met at two visits."""
    enterprise = EnterpriseFactory(unit=world.unit_a, name="绿城外卖快递综合服务驿站")
    change_union_status(enterprise, UnionStatus.PROMISED, by=world.cadre_a, on=dt.date(2026, 9, 2))
    for day in ("2026-08-04", "2026-09-02"):
        visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date=day)
        visit.enterprises.add(enterprise)
    return enterprise


def _convert(client, user, enterprise, **data):
    client.force_login(user)
    return client.post(
        reverse("outreach:enterprise_convert", args=[enterprise.pk]),
        {"kind": "station", "name": "绿地缤纷城外卖快递综合休闲驿站", "confirm": "on", **data},
        follow=True,
    )


def test_staff_convert_the_station_and_its_visits_follow(client, world, station):
    visit_ids = set(station.visits.values_list("pk", flat=True))
    response = _convert(client, world.office_staff, station)
    site = ServiceSite.objects.get()
    assert site.name == "绿地缤纷城外卖快递综合休闲驿站" and site.unit == world.unit_a
    assert set(site.visits.values_list("pk", flat=True)) == visit_ids
    assert "原有走访记录已关联到该阵地" in response.content.decode()
    assert "走访记录（2）" in response.content.decode()


def test_a_converted_record_leaves_the_funnel_and_the_enterprise_list(client, world, station):
    before = union_funnel(Enterprise.objects.all())[0]["total"]
    _convert(client, world.office_staff, station)
    assert union_funnel(Enterprise.objects.all())[0]["total"] == before - 1
    # Even a queryset that reaches the converted row is not counted.
    assert union_funnel(Enterprise.all_records.filter(pk=station.pk))[0]["total"] == 0
    content = client.get(reverse("campaigns:enterprise_list")).content.decode()
    assert station.name not in content
    assert client.get(reverse("campaigns:enterprise_detail", args=[station.pk])).status_code == 404


def test_a_converted_record_is_not_in_the_enterprises_without_a_union_sheet(world, station):
    convert_enterprise_to_site(station, kind="station", by=world.office_staff)
    scope = resolve(world.office_staff, LedgerFilters(campaign_id=world.campaign.pk))
    assert station.pk not in set(enterprises_queryset(scope).values_list("pk", flat=True))


def test_the_record_and_its_history_are_kept(world, station):
    convert_enterprise_to_site(station, kind="station", by=world.office_staff)
    kept = Enterprise.all_records.get(pk=station.pk)
    assert kept.converted_at is not None
    assert kept.history.first().history_change_reason.startswith("转为服务阵地")


def test_cadres_cannot_convert(client, world, station):
    response = _convert(client, world.cadre_a, station)
    assert response.status_code == 403
    assert not ServiceSite.objects.exists()


def test_converting_twice_or_an_enterprise_with_a_union_is_refused(world, station):
    established = EnterpriseFactory(unit=world.unit_a, name="书香里文化发展有限公司")
    change_union_status(established, UnionStatus.ESTABLISHED, by=world.office_staff)
    with pytest.raises(ValidationError, match="已建会"):
        convert_enterprise_to_site(established, kind="bookshop", by=world.office_staff)
    convert_enterprise_to_site(station, kind="station", by=world.office_staff)
    with pytest.raises(ValidationError, match="已转为服务阵地"):
        convert_enterprise_to_site(station, kind="station", by=world.office_staff)
    assert ServiceSite.objects.count() == 1


def test_unconfirmed_conversion_is_refused_in_chinese(client, world, station):
    client.force_login(world.office_staff)
    response = client.post(reverse("outreach:enterprise_convert", args=[station.pk]), {"kind": "station"})
    assert "请勾选确认" in response.content.decode()
    assert not ServiceSite.objects.exists()
