"""Who sees which dashboard: all teams, own team only, or nothing (with an explanation)."""

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory, MembershipFactory, UserFactory, WorkTeamFactory

from .conftest import PERIOD
from .helpers import by_testid, get_page


def _team_rows(doc):
    return [r.get("data-team") for r in by_testid(doc, "team-table").xpath(".//tbody/tr")]


def _team_choices(doc):
    return [o.text for o in doc.xpath('//select[@name="team"]/option')]


@pytest.mark.parametrize("name", ["dashboard:index", "dashboard:home"])
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["leadership", "office_staff", "admin"])
def test_all_teams_for_leadership_staff_and_superuser(client, dataset, role):
    doc = get_page(client, getattr(dataset, role), **PERIOD)
    assert _team_rows(doc) == ["第一蹲点小组", "第二蹲点小组"]
    assert _team_choices(doc) == ["全部小组", "2026年第一蹲点小组", "2026年第二蹲点小组"]


@pytest.mark.parametrize("role", ["leader_a", "cadre_a"])
def test_team_member_sees_own_team_only(client, dataset, role):
    doc = get_page(client, getattr(dataset, role), **PERIOD)
    assert _team_rows(doc) == ["第一蹲点小组"]
    assert _team_choices(doc) == ["2026年第一蹲点小组"]
    assert "第二蹲点小组" not in doc.text_content()
    assert [t.get("data-unit") for t in by_testid(doc, "coverage-tiles").xpath("./li")] == ["旧宫镇", "高米店街道"]
    assert [r.get("data-code") for r in by_testid(doc, "overdue-list").xpath(".//tbody/tr")] == ["T3", "T2"]


@pytest.mark.parametrize("role", ["leader_a", "cadre_a"])
def test_other_team_answers_404(client, dataset, role):
    client.force_login(getattr(dataset, role))
    assert client.get(reverse("dashboard:index"), {"team": dataset.team_b.pk}).status_code == 404


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_forged_team_parameter_answers_404(client, dataset, value):
    client.force_login(dataset.leadership)
    assert client.get(reverse("dashboard:index"), {"team": value}).status_code == 404


def test_team_of_another_campaign_answers_404(client, dataset):
    other = WorkTeamFactory(campaign=CampaignFactory())
    client.force_login(dataset.leadership)
    response = client.get(reverse("dashboard:index"), {"campaign": dataset.campaign.pk, "team": other.pk})
    assert response.status_code == 404


def test_campaign_without_own_team_answers_404(client, dataset):
    other = CampaignFactory()
    client.force_login(dataset.leader_a)
    assert client.get(reverse("dashboard:index"), {"campaign": other.pk}).status_code == 404
    assert client.get(reverse("dashboard:index"), {"campaign": "x"}).status_code == 404


def test_user_in_no_team_gets_403_with_explanation(client, dataset):
    client.force_login(dataset.loner)
    for name in ("dashboard:index", "dashboard:home"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "您还没有加入任何蹲点工作小组" in response.content.decode()


def test_a_second_team_in_the_same_campaign_is_refused_by_the_database(dataset):
    """One open membership per user and campaign (issue 11): a leader of two teams at once is no longer possible."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(team=dataset.team_b, user=dataset.leader_a)


def test_leader_default_campaign_is_own(client, dataset):
    """A newer campaign without the leader's team does not hide the leader's own."""
    CampaignFactory(name="更新的活动", start_date=dataset.campaign.start_date.replace(year=2027), end_date="2027-12-31")
    doc = get_page(client, dataset.leader_a, **PERIOD)
    assert _team_rows(doc) == ["第一蹲点小组"]


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("leadership", "dashboard:index"),
        ("office_staff", "dashboard:index"),
        ("admin", "dashboard:index"),
        ("leader_a", "dashboard:home"),
        ("cadre_a", "dashboard:home"),
        ("loner", "dashboard:home"),
    ],
)
def test_home_redirects_by_role(client, world, role, target):
    client.force_login(getattr(world, role))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_today_page_sends_leadership_to_dashboard(client, world):
    client.force_login(world.leadership)
    assert client.get(reverse("dashboard:home"))["Location"] == reverse("dashboard:index")


def test_leadership_member_of_a_team_gets_its_today_page(client, world):
    boss = UserFactory(username="boss", groups=["领导"])
    MembershipFactory(team=world.team_a, user=boss)
    client.force_login(boss)
    assert client.get(reverse("dashboard:home")).status_code == 200
