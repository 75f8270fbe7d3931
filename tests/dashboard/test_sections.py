"""The 基层服务 sections follow the dashboard page from their own addresses, for the page's own scope."""

import lxml.html
import pytest
from django.urls import reverse

from tests.factories import CampaignFactory, UserFactory

from .helpers import by_testid, get_page, text

SECTIONS = [("mediation", "基层服务·调解"), ("outreach", "基层服务·阵地与办实事")]


def _hook(client, user, name, **params):
    client.force_login(user)
    doc = lxml.html.fromstring(client.get(reverse("dashboard:index"), params).content.decode())
    return by_testid(doc, f"{name}-loading")


@pytest.mark.parametrize("name, title", SECTIONS)
def test_the_page_asks_for_each_section_with_its_own_filters(client, world, name, title):
    hook = _hook(client, world.leadership, name, team=world.team_b.pk, date_from="2026-08-01", date_to="2026-09-30")
    url = hook.get("hx-get")
    assert url.startswith(reverse(f"dashboard:{name}_section") + "?")
    for param in (
        f"campaign={world.campaign.pk}",
        f"team={world.team_b.pk}",
        "date_from=2026-08-01",
        "date_to=2026-09-30",
    ):
        assert param in url
    assert hook.get("hx-trigger") == "load"
    assert title in text(hook)
    assert hook.xpath(".//a")[0].get("href") == url  # opened on its own when the script does not run


@pytest.mark.parametrize("name, title", SECTIONS)
def test_asked_by_the_page_a_section_comes_alone(client, world, name, title):
    client.force_login(world.leadership)
    response = client.get(reverse(f"dashboard:{name}_section"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith("<section") and "<html" not in html
    assert title in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name, title", SECTIONS)
def test_opened_on_its_own_a_section_is_a_page_with_the_way_back(client, world, name, title):
    doc = get_page(client, world.leadership, name=f"dashboard:{name}_section", team=world.team_a.pk)
    assert text(doc.xpath("//h1")[0]) == title
    back = doc.xpath('//a[text()="返回看板"]')[0].get("href")
    assert back == f"{reverse('dashboard:index')}?campaign={world.campaign.pk}&team={world.team_a.pk}"


@pytest.mark.parametrize("name", ["mediation", "outreach"])
def test_a_cadre_asking_for_another_teams_section_gets_404(client, world, name):
    client.force_login(world.cadre_a)
    response = client.get(reverse(f"dashboard:{name}_section"), {"team": world.team_b.pk})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["mediation", "outreach"])
def test_a_forged_filter_is_no_500(client, world, name):
    client.force_login(world.leadership)
    response = client.get(reverse(f"dashboard:{name}_section"), {"campaign": "x' OR 1=1", "date_from": "2026-13-45"})
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("name", ["mediation", "outreach"])
def test_a_section_of_a_campaign_without_teams_says_so(client, world, name):
    bare = CampaignFactory(name="新活动", start_date="2027-01-01", end_date="2027-06-30")
    doc = get_page(client, world.leadership, name=f"dashboard:{name}_section", campaign=bare.pk)
    assert "还没有蹲点活动或工作小组" in text(doc.xpath('//div[contains(@class, "alert-info")]')[0])
    assert "新活动" in text(doc.xpath('//p[@class="dash-print-head"]')[0])


@pytest.mark.parametrize("name", ["mediation", "outreach"])
def test_a_section_with_no_campaign_at_all_says_so(client, db, name):
    doc = get_page(client, UserFactory(username="boss", groups=["领导"]), name=f"dashboard:{name}_section")
    head = text(doc.xpath('//p[@class="dash-print-head"]')[0])
    assert "还没有蹲点活动" in head and "None" not in head
