"""No data yet: explanations and "—", never an error."""

from django.urls import reverse

from campaigns.models import Campaign
from tests.factories import CampaignFactory, WorkTeamFactory

from .helpers import by_testid, get_page, one, text


def test_empty_campaign_shows_dashes_and_explanations(client, world):
    doc = get_page(client, world.leadership)
    rates = {r.get("data-rate"): text(r) for r in by_testid(doc, "rates-table").xpath(".//tr[@data-rate]")}
    assert rates["响应率"].startswith("响应率 — 0/0")
    assert rates["解决率"].startswith("解决率 — 0/0")
    assert rates["满意率"].startswith("满意率 — 0/0")
    assert rates["综合得分"].startswith("综合得分 —")
    assert text(by_testid(doc, "sum-score")) == "—"
    assert "所选期间还没有受理职工诉求" in text(by_testid(doc, "issues-empty"))
    assert "没有逾期工单" in text(by_testid(doc, "overdue-none"))
    assert "没有已表态而尚未建会的企业" in text(by_testid(doc, "promised-none"))
    assert "所选期间还没有入会记录" in text(by_testid(doc, "recruitment-empty"))


def test_empty_campaign_conversion_is_dash_not_zero(client, world):
    doc = get_page(client, world.leadership)
    cells = [text(c) for c in by_testid(doc, "funnel-all").xpath('.//td[@data-col="conversion"]')]
    assert cells == ["—"] * 5


def test_empty_campaign_units_never_visited(client, world):
    doc = get_page(client, world.leadership)
    assert "高米店街道" in text(by_testid(doc, "never-visited"))
    row = one(doc, '//tr[@data-team="第一蹲点小组"]')
    assert text(one(row, './/*[@data-col="plans"]')) == "0 / 0"


def test_no_campaign_at_all(client, db):
    from tests.factories import UserFactory

    Campaign.objects.all().delete()
    doc = get_page(client, UserFactory(username="boss", groups=["领导"]))
    assert "还没有蹲点活动" in text(by_testid(doc, "no-campaign"))


def test_campaign_without_teams(client, world):
    bare = CampaignFactory(name="新活动", start_date="2027-01-01", end_date="2027-06-30")
    doc = get_page(client, world.leadership, campaign=bare.pk)
    assert "还没有工作小组" in text(by_testid(doc, "no-team"))


def test_team_without_units(client, world):
    team = WorkTeamFactory(campaign=world.campaign, name="第三蹲点小组")
    doc = get_page(client, world.leadership, team=team.pk)
    assert "本组还没有分工的蹲点单位" in doc.text_content()


def test_today_page_without_anything_to_do(client, world):
    client.force_login(world.cadre_a)
    response = client.get(reverse("dashboard:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "今天没有计划走访" in page
    assert "本组没有未办结的诉求" in page
    assert "本组还没有走访记录" in page
