"""The dashboard's「基层服务·调解」section against a hand count; every figure opens its list."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from mediation import services
from tests.dashboard.helpers import by_testid, get_page, text
from tests.factories import IssueFactory

SECTION = "dashboard:mediation_section"  # loaded after the dashboard page (dashboard.sections)
TOTAL = re.compile(r"共\s*(\d+)\s*(?:条|件|家)")


def _case(world, assignment, user, number, handed, outcome=None, concluded=None, amount=None):
    issue = IssueFactory(assignment=assignment, created_by=user, handler=user, category="dispute")
    services.hand_over(issue.pk, user, case_number=number, handed_over_on=handed)
    if outcome:
        services.apply_case_update(
            case_number=number,
            outcome=outcome,
            outcome_date=concluded,
            amount=amount,
            actor=world.office_staff,
            via="page",
        )
    return issue


@pytest.fixture
def mediation_data(world):
    """By hand: team A 3 cases (settled in 10 and 5 days, one pending), team B 2 (arbitration, withdrawn).

    Totals: 5 handed over, 2 settled, 1 arbitration; share 2/5 = 40.0%; median of (5, 10) = 7.5 days.
    Referrals: team A legal aid (served), team B counselling (pending).
    """
    a, b = world.assignment_a, world.assignment_b
    first = _case(
        world, a, world.cadre_a, "YH-1", dt.date(2026, 8, 5), "settled", dt.date(2026, 8, 15), Decimal("9000")
    )
    _case(world, a, world.cadre_a, "YH-2", dt.date(2026, 9, 1), "settled", dt.date(2026, 9, 6))
    _case(world, a, world.cadre_a, "YH-3", dt.date(2026, 9, 10))
    second = _case(world, b, world.cadre_b, "YH-4", dt.date(2026, 8, 20), "arbitration", dt.date(2026, 9, 20))
    _case(world, b, world.cadre_b, "YH-5", dt.date(2026, 8, 21), "withdrawn", dt.date(2026, 8, 22))
    referral = services.refer(first.pk, world.cadre_a, service="legal_aid", referred_on=dt.date(2026, 8, 6))
    services.record_referral_result(referral.pk, world.cadre_a, result="done", result_on=dt.date(2026, 8, 9))
    services.refer(second.pk, world.cadre_b, service="counselling", referred_on=dt.date(2026, 8, 21))
    return world


def test_leadership_sees_the_hand_count(client, mediation_data):
    doc = get_page(client, mediation_data.leadership, name=SECTION)
    section = by_testid(doc, "mediation-section")
    assert "基层服务·调解" in text(section)
    assert text(by_testid(doc, "med-handed")) == "5"
    assert text(by_testid(doc, "med-settled")) == "2"
    assert text(by_testid(doc, "med-arbitration")) == "1"
    assert text(by_testid(doc, "med-share")) == "40.0%"
    assert text(by_testid(doc, "med-median")) == "7.5天"
    teams = text(by_testid(doc, "mediation-teams"))
    assert "第一蹲点小组 3 2 0 66.7% 7.5天" in teams
    assert "第二蹲点小组 2 0 1 0.0% —" in teams
    referrals = text(by_testid(doc, "mediation-referrals"))
    assert "法律援助 1 1 0" in referrals and "心理疏导 1 0 1" in referrals


def test_a_period_counts_the_cases_handed_over_in_it(client, mediation_data):
    doc = get_page(client, mediation_data.leadership, name=SECTION, date_from="2026-09-01", date_to="2026-09-30")
    assert text(by_testid(doc, "med-handed")) == "2"
    assert text(by_testid(doc, "med-share")) == "50.0%"
    assert text(by_testid(doc, "med-median")) == "5.0天"


def test_nothing_to_count_shows_a_dash_not_zero_percent(client, world):
    doc = get_page(client, world.leadership, name=SECTION)
    assert text(by_testid(doc, "med-share")) == "—"
    assert text(by_testid(doc, "med-median")) == "—"


def test_a_cadre_sees_only_the_teams_cases(client, mediation_data):
    doc = get_page(client, mediation_data.cadre_b, name=SECTION)
    assert text(by_testid(doc, "med-handed")) == "2"
    assert text(by_testid(doc, "med-share")) == "0.0%"


def test_every_mediation_figure_opens_a_list_of_as_many_rows(client, mediation_data):
    doc = get_page(client, mediation_data.leadership, name=SECTION)
    section = by_testid(doc, "mediation-section")
    links = [(text(a), a.get("href")) for a in section.xpath('.//a[contains(@class, "dash-figure")]')]
    assert len(links) >= 10
    for shown, href in links:
        response = client.get(href)
        assert response.status_code == 200, href
        found = TOTAL.search(response.content.decode())
        assert (found.group(1) if found else "0") == shown, href


def test_the_dashboard_loads_the_section_and_the_section_links_the_case_list(client, mediation_data):
    client.force_login(mediation_data.leadership)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert f'hx-get="{reverse(SECTION)}?campaign=' in page
    section = client.get(reverse(SECTION), headers={"HX-Request": "true"}).content.decode()
    assert reverse("mediation:case_list") in section
