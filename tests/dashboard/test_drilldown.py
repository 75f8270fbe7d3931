"""Every linked figure opens a list that shows the same number of rows."""

import re

import pytest

from .conftest import PERIOD
from .helpers import get_page, text

TOTAL = re.compile(r"共\s*(\d+)\s*(?:条|件|家)")


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


@pytest.mark.parametrize("params", [PERIOD, {}], ids=["period", "whole-campaign"])
def test_leadership_figures_open_matching_lists(client, dataset, params):
    doc = get_page(client, dataset.leadership, **params)
    figures = _check_all(client, doc)
    targets = {href.split("?")[0] for _, href in figures}
    # The plan list has no date filter: plans are linked only when no period is chosen.
    expected = {"/visits/", "/issues/", "/enterprises/"} | (set() if params else {"/plans/"})
    assert targets == expected
    assert len(figures) >= 40


def test_team_leader_figures_open_matching_lists(client, dataset):
    doc = get_page(client, dataset.leader_a, **PERIOD)
    figures = _check_all(client, doc)
    assert all("/enterprises/" not in href for _, href in figures)  # team A has two units: no single list
    assert any("/issues/" in href and "view=overdue" in href for _, href in figures)


def test_team_with_one_unit_links_enterprise_funnel(client, dataset):
    doc = get_page(client, dataset.leadership, team=dataset.team_b.pk, **PERIOD)
    # Team B covers 兴丰街道 and 瀛海镇 — two units, so no enterprise links either.
    assert all("/enterprises/" not in href for _, href in _figures(doc))


def test_overdue_figure_opens_the_overdue_view(client, dataset):
    doc = get_page(client, dataset.leadership, **PERIOD)
    href = doc.xpath('//*[@data-testid="sum-overdue"]//a')[0].get("href")
    assert "view=overdue" in href
    assert _list_total(client, href) == "3"
