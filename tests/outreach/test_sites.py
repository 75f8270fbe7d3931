"""Service sites (服务阵地): register, list, detail with visits and photos, scoping, bad input."""

import pytest
from django.urls import reverse

from outreach.models import ServiceSite
from tests.factories import UnionUnitFactory, VisitFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("outreach:site_create")


def _site_post(unit, **overrides):
    data = {
        "name": "24小时城市书房更读书社职工书屋",
        "kind": "bookshop",
        "unit": str(unit.pk) if unit else "",
        "address": "绿地缤纷城商场内",
        "operator": "书香里文化发展有限公司",
        "services": ["reading", "rest", "wifi"],
        "opening_hours": "24小时",
        "status": "open",
    }
    data.update(overrides)
    return data


def test_cadre_registers_a_bookshop_in_the_teams_unit(client, world):
    client.force_login(world.cadre_a)
    response = client.post(CREATE, _site_post(world.unit_a), follow=True)
    site = ServiceSite.objects.get()
    assert site.unit == world.unit_a and site.services == ["rest", "reading", "wifi"]  # in the order of the choices
    assert site.created_by == world.cadre_a
    content = response.content.decode()
    assert "服务阵地已保存" in content and "阅读" in content and "无线网络" in content


def test_a_site_without_a_unit_is_refused_in_chinese_and_nothing_is_saved(client, world):
    client.force_login(world.cadre_a)
    response = client.post(CREATE, _site_post(None))
    assert response.status_code == 200
    assert "请选择服务阵地所属的蹲点单位。" in response.content.decode()
    assert 'value="24小时城市书房更读书社职工书屋"' in response.content.decode()  # what was typed stays
    assert not ServiceSite.objects.exists()


def test_a_site_in_a_unit_the_team_does_not_cover_is_refused(client, world):
    client.force_login(world.cadre_a)
    response = client.post(CREATE, _site_post(world.unit_b))
    assert "该单位不是您所在小组的蹲点单位，不能在此登记服务阵地。" in response.content.decode()
    assert not ServiceSite.objects.exists()


def test_the_service_refuses_an_uncovered_unit_too(world):
    from django.core.exceptions import ValidationError

    from outreach.services import save_site

    with pytest.raises(ValidationError) as refused:
        save_site(ServiceSite(unit=world.unit_b, name="书屋", kind="bookshop"), by=world.cadre_a)
    assert "不能在此登记服务阵地" in str(refused.value)
    assert not ServiceSite.objects.exists()


def test_office_staff_register_a_site_in_any_unit(client, world):
    other = UnionUnitFactory(name="的士职工之家")
    client.force_login(world.office_staff)
    client.post(CREATE, _site_post(other, kind="home", name="的士职工之家服务点"))
    assert ServiceSite.objects.get().unit == other


def test_the_same_name_twice_in_a_unit_is_refused(client, world, site_a):
    client.force_login(world.cadre_a)
    response = client.post(CREATE, _site_post(world.unit_a, name=site_a.name))
    assert "该单位已有同名的服务阵地。" in response.content.decode()
    assert ServiceSite.objects.count() == 1


def test_list_filters_by_kind_and_shows_only_the_teams_units(client, world, site_a, site_b):
    client.force_login(world.cadre_a)
    content = client.get(reverse("outreach:site_list")).content.decode()
    assert site_a.name in content and site_b.name not in content
    client.force_login(world.leadership)
    content = client.get(reverse("outreach:site_list"), {"kind": "bookshop"}).content.decode()
    assert site_b.name in content and site_a.name not in content


def test_another_teams_site_is_404(client, world, site_b):
    client.force_login(world.cadre_a)
    assert client.get(reverse("outreach:site_detail", args=[site_b.pk])).status_code == 404
    assert client.get(reverse("outreach:site_edit", args=[site_b.pk])).status_code == 404


def test_the_sites_page_shows_its_visits(client, world, site_a, django_assert_max_num_queries):
    for day in ("2026-08-04", "2026-09-02"):
        visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date=day, kind="care")
        visit.sites.add(site_a)
    client.force_login(world.leader_a)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("outreach:site_detail", args=[site_a.pk]))
    content = response.content.decode()
    assert "走访记录（2）" in content and "2026-08-04" in content and "2026-09-02" in content


def test_leadership_reads_but_does_not_register(client, world):
    client.force_login(world.leadership)
    assert client.get(CREATE).status_code == 403


def test_the_team_edits_its_site_and_the_change_is_in_its_history(client, world, site_a):
    client.force_login(world.leader_a)
    data = _site_post(world.unit_a, name=site_a.name, kind="station", status="paused")
    response = client.post(reverse("outreach:site_edit", args=[site_a.pk]), data, follow=True)
    site_a.refresh_from_db()
    assert site_a.status == "paused"
    assert "暂停服务" in response.content.decode()
    assert site_a.history.count() == 2
