"""outreach.demo.seed: the article's 驿站 and 书屋 as service sites, the courier care visit, projects."""

import datetime as dt
import io

import pytest

from campaigns import demo as campaigns_demo
from campaigns.models import Enterprise
from campaigns.services import create_enterprise
from outreach import demo
from outreach.models import Project, ServiceSite
from visits import demo as visits_demo
from visits.models import Visit

pytestmark = pytest.mark.django_db


def _seed():
    out = io.StringIO()
    campaigns_demo.seed(out)
    demo.seed(out)
    visits_demo.seed(out)
    return out.getvalue()


def test_the_station_and_the_bookshop_are_sites_and_not_enterprises():
    _seed()
    sites = ServiceSite.objects.filter(unit__name="高米店街道")
    assert set(sites.values_list("kind", flat=True)) == {"station", "bookshop"}
    assert not Enterprise.objects.filter(name__contains="驿站").exists()


def test_the_courier_care_visit_has_its_packages_its_leader_and_both_sites():
    _seed()
    care = Visit.objects.get(date=campaigns_demo.shifted(dt.date(2026, 8, 4)), kind=Visit.Kind.CARE)
    assert {s.kind for s in care.sites.all()} == {"station", "bookshop"}
    assert care.leader.username == "leader"
    assert sum(c.people for c in care.care_items.all()) == 60
    assert care.project.title == visits_demo.PROJECT_RIDERS


def test_projects_move_through_the_status_writer_and_the_seed_is_idempotent():
    _seed()
    counts = (ServiceSite.objects.count(), Project.objects.count(), Visit.objects.count())
    assert Project.objects.get(title=visits_demo.PROJECT_RIDERS).history.count() >= 2
    _seed()
    assert (ServiceSite.objects.count(), Project.objects.count(), Visit.objects.count()) == counts


def test_a_station_left_as_an_enterprise_by_an_earlier_demo_is_converted_with_its_visits():
    out = io.StringIO()
    campaigns_demo.seed(out)
    from django.contrib.auth import get_user_model

    from campaigns.models import UnionUnit

    staff = get_user_model().objects.get(username="staff")
    old = create_enterprise(
        Enterprise(name=campaigns_demo.DELIVERY_STATION, unit=UnionUnit.objects.get(name="高米店街道")), by=staff
    )
    demo.seed(out)
    assert "由企业记录转换 1 处" in out.getvalue()
    assert not Enterprise.objects.filter(pk=old.pk).exists()
    assert ServiceSite.objects.get(name=visits_demo.SITE_STATION).converted_from_id == old.pk
