"""Every linked figure opens a list that shows the same number of rows."""

import re

import pytest

from .conftest import PERIOD
from .helpers import get_page, text

TOTAL = re.compile(r"共\s*(\d+)\s*(?:条|件|家|处|个)")


def _figures(doc):
    """(number shown, href) of every linked dashboard figure."""
    return [(text(a), a.get("href")) for a in doc.xpath('//a[contains(@class, "dash-figure")]')]


def _list_total(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    found = TOTAL.search(response.content.decode())
    return found.group(1) if found else "0"  # the visit list prints no total when empty


def _check_all(client, doc):
    figures = _figures(doc)
    for shown, href in figures:
        assert _list_total(client, href) == shown, f"{href} should list {shown}"
    return figures


def _unlinked(doc):
    """Figures shown without a link (the list behind them could not be opened)."""
    return [text(n) for n in doc.xpath('//span[contains(@class, "dash-figure")]')]


@pytest.mark.parametrize("params", [PERIOD, {}], ids=["period", "whole-campaign"])
def test_leadership_figures_open_matching_lists(client, dataset, params):
    doc = get_page(client, dataset.leadership, **params)
    figures = _check_all(client, doc)
    targets = {href.split("?")[0] for _, href in figures}
    assert targets == {
        "/visits/",
        "/plans/",
        "/issues/",
        "/enterprises/",
        "/mediation/cases/",
        "/mediation/referrals/",
        "/mediation/bodies/",
        "/sites/",
        "/projects/",
        "/enterprises/key/",
    }
    assert len(figures) >= 60
    assert _unlinked(doc) == []


@pytest.mark.parametrize("params", [PERIOD, {}], ids=["period", "whole-campaign"])
def test_team_leader_figures_open_matching_lists(client, dataset, params):
    doc = get_page(client, dataset.leader_a, **params)
    figures = _check_all(client, doc)
    assert _unlinked(doc) == []
    assert any("/issues/" in href and "view=overdue" in href for _, href in figures)
    # Team A covers two units: the funnel opens the enterprise list by team.
    funnel = [href for _, href in figures if href.startswith("/enterprises/")]
    assert funnel and all(f"team={dataset.team_a.pk}" in href for href in funnel)


def test_team_with_several_units_links_enterprise_funnel(client, dataset):
    doc = get_page(client, dataset.leadership, team=dataset.team_b.pk, **PERIOD)
    # Team B covers 兴丰街道 and 瀛海镇: 丙 (表态建会) and 戊 (筹建中) are in 兴丰街道.
    cells = doc.xpath('//*[@data-testid="funnel-all"]//tr[@data-stage="promised"]//a[@class="dash-figure"]')
    assert [text(a) for a in cells] == ["1"]
    assert f"team={dataset.team_b.pk}" in cells[0].get("href")
    _check_all(client, doc)
    assert _unlinked(doc) == []


def test_overdue_figure_opens_the_overdue_view(client, dataset):
    doc = get_page(client, dataset.leadership, **PERIOD)
    href = doc.xpath('//*[@data-testid="sum-overdue"]//a')[0].get("href")
    assert "view=overdue" in href
    assert _list_total(client, href) == "3"


@pytest.mark.parametrize(
    ("xpath", "shown"),
    [
        ('//*[@data-testid="sum-open"]//a', "3"),  # T2, T3, T4
        ('//*[@data-testid="open-by-status"]//tr[@data-status="open"]//a', "3"),
        ('//*[@data-testid="open-by-step"]//tr[@data-step="1"]//*[@data-col="total"]//a', "1"),  # T3
        ('//*[@data-testid="open-by-step"]//tr[@data-step="3"]//*[@data-col="total"]//a', "1"),  # T4
        ('//li[@data-unit="高米店街道"]//*[@data-col="open"]//a', "1"),  # T2 (T6 is after the period)
    ],
)
def test_open_totals_open_the_open_view(client, dataset, xpath, shown):
    doc = get_page(client, dataset.leadership, **PERIOD)
    (link,) = doc.xpath(xpath)
    assert text(link) == shown
    assert "view=open" in link.get("href")
    assert _list_total(client, link.get("href")) == shown


def test_team_totals_open_their_lists(client, dataset):
    doc = get_page(client, dataset.leadership, **PERIOD)
    (total_row,) = doc.xpath('//*[@data-testid="team-table"]//tfoot/tr')
    shown = [(text(a), a.get("href")) for a in total_row.xpath(".//a")]
    # visits, plans done, issues found, closed, overdue: all teams together.
    assert [n for n, _ in shown] == ["4", "1", "5", "2", "3"]
    for n, href in shown:
        assert "team=" not in href
        assert _list_total(client, href) == n


def test_plan_figures_carry_the_period(client, dataset):
    doc = get_page(client, dataset.leadership, date_from="2026-09-09", date_to="2026-09-10")
    row = doc.xpath('//*[@data-testid="team-table"]//tr[@data-team="第一蹲点小组"]//*[@data-col="plans"]//a')[0]
    assert "date_from=2026-09-09" in row.get("href") and "date_to=2026-09-10" in row.get("href")
    # The 09-08 plan was carried out, but before the chosen period: none done in it.
    assert text(row) == "0"
    assert _list_total(client, row.get("href")) == "0"


def test_home_open_total_opens_the_teams_open_tickets(client, dataset):
    doc = get_page(client, dataset.cadre_a, name="dashboard:home")
    (link,) = doc.xpath('//*[@data-testid="open-total"]//a')
    assert text(link) == "3"  # T2, T3 and T6: the home page counts every date
    assert "view=open" in link.get("href") and f"team={dataset.team_a.pk}" in link.get("href")
    assert _list_total(client, link.get("href")) == "3"
