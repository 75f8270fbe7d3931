"""重点企业: staff mark them (history kept), a filter on the enterprise list, their first visits."""

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_pair(world):
    visited = EnterpriseFactory(unit=world.unit_a, name="亦创电子科技有限公司", is_key=True)
    waiting = EnterpriseFactory(unit=world.unit_a, name="瑞济制药有限公司", is_key=True)
    EnterpriseFactory(unit=world.unit_a, name="普通企业")
    for day in ("2026-09-20", "2026-07-28"):
        VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date=day).enterprises.add(visited)
    return visited, waiting


def test_staff_mark_an_enterprise_as_key_and_the_history_says_so(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.office_staff)
    response = client.post(reverse("outreach:enterprise_key", args=[enterprise.pk]), {"is_key": "on"}, follow=True)
    enterprise.refresh_from_db()
    assert enterprise.is_key
    assert enterprise.history.first().history_change_reason == "标记为重点企业"
    assert "重点企业" in response.content.decode()
    client.post(reverse("outreach:enterprise_key", args=[enterprise.pk]), {})
    enterprise.refresh_from_db()
    assert not enterprise.is_key


def test_cadres_cannot_mark_key_enterprises(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.leader_a)
    assert client.post(reverse("outreach:enterprise_key", args=[enterprise.pk]), {"is_key": "on"}).status_code == 403
    enterprise.refresh_from_db()
    assert not enterprise.is_key


def test_the_enterprise_list_filters_key_enterprises(client, world, key_pair):
    client.force_login(world.cadre_a)
    content = client.get(reverse("campaigns:enterprise_list"), {"key": "1"}).content.decode()
    assert "亦创电子科技有限公司" in content and "瑞济制药有限公司" in content and "普通企业" not in content


def test_first_visits_of_key_enterprises(client, world, key_pair):
    client.force_login(world.leadership)
    url = reverse("outreach:key_enterprises")
    content = client.get(url, {"campaign": world.campaign.pk}).content.decode()
    assert "2026-07-28" in content  # the first of the two visits
    assert "2026-09-20" not in content
    content = client.get(url, {"campaign": world.campaign.pk, "visited": "no"}).content.decode()
    assert "瑞济制药有限公司" in content and "亦创电子科技有限公司" not in content
