"""The ledger's 覆盖情况汇总 sheet and the dashboard show the same numbers for the same filters."""

import datetime as dt

import openpyxl
import pytest

from ledger.exports import write_ledger
from ledger.scope import LedgerFilters, resolve

from .conftest import PERIOD
from .helpers import cell, get_page, one


def _sheet_by_team(user, campaign, tmp_path, **filters):
    scope = resolve(user, LedgerFilters(campaign_id=campaign.pk, sheets=["coverage"], **filters))
    write_ledger(scope, tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx")["覆盖情况汇总"]
    headers = [c.value for c in ws[2]]
    totals = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            continue  # the 合计 row
        team = totals.setdefault(row[headers.index("小组")], {"visits": 0, "workers": 0, "recruited": 0})
        team["visits"] += row[headers.index("走访次数")]
        team["workers"] += row[headers.index("覆盖职工人数")]
        team["recruited"] += row[headers.index("入会人数")]
    return totals


@pytest.mark.parametrize("role", ["office_staff", "leader_a"])
def test_team_figures_equal_the_coverage_sheet(client, dataset, tmp_path, role):
    user = getattr(dataset, role)
    sheet = _sheet_by_team(user, dataset.campaign, tmp_path, date_to=dt.date.fromisoformat(PERIOD["date_to"]))
    doc = get_page(client, user, **PERIOD)
    for team, figures in sheet.items():
        row = one(doc, f'//tr[@data-team="{team}"]')
        assert cell(row, "visits") == str(figures["visits"])
        assert cell(row, "workers") == str(figures["workers"])
        assert cell(row, "recruited") == str(figures["recruited"])
    assert len(sheet) == (2 if role == "office_staff" else 1)
