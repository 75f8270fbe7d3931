"""The 服务阵地台账 and 办实事项目台账 sheets, read back with openpyxl, scoped like the rest."""

import openpyxl
import pytest
from django.urls import reverse

from ledger.exports import write_ledger
from ledger.scope import LedgerFilters, resolve
from tests.factories import VisitFactory
from visits.models import CareItem

pytestmark = pytest.mark.django_db


def _workbook(user, campaign, tmp_path, **filters):
    scope = resolve(user, LedgerFilters(campaign_id=campaign.pk, **filters))
    path = tmp_path / "ledger.xlsx"
    write_ledger(scope, path)
    return openpyxl.load_workbook(path, read_only=True)


def _rows(workbook, name):
    rows = list(workbook[name].iter_rows(values_only=True))
    header = rows[1]
    # Read-only rows end at their last filled cell: pad them to the header.
    return [dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True)) for row in rows[2:] if row[0]]


@pytest.fixture
def visited_site(world, site_a, project_a):
    visit = VisitFactory(
        assignment=world.assignment_a, created_by=world.cadre_a, date="2026-08-04", kind="care", project=project_a
    )
    visit.sites.add(site_a)
    visit.leader = world.leadership
    CareItem.objects.create(visit=visit, recipients="外卖骑手", people=40, items="清凉慰问包", value=2400)
    return visit


def test_staff_read_both_sheets_back(world, site_a, site_b, project_a, project_b, visited_site, tmp_path):
    workbook = _workbook(world.office_staff, world.campaign, tmp_path)
    sites = _rows(workbook, "服务阵地台账")
    assert {r["阵地名称"] for r in sites} == {site_a.name, site_b.name}
    station = next(r for r in sites if r["阵地名称"] == site_a.name)
    assert station["类型"] == "驿站（户外劳动者服务站）"
    assert station["服务项目"] == "手机/电瓶充电、饮水、恒温取餐柜"
    assert station["本期走访次数"] == 1
    projects = _rows(workbook, "办实事项目台账")
    assert {r["实事名称"] for r in projects} == {project_a.title, project_b.title}
    riders = next(r for r in projects if r["实事名称"] == project_a.title)
    assert (riders["状态"], riders["关联走访"], riders["负责小组"]) == ("计划中", 1, world.team_a.name)


def test_the_visit_sheet_carries_the_care_items(world, visited_site, tmp_path):
    rows = _rows(_workbook(world.office_staff, world.campaign, tmp_path), "走访台账")
    row = next(r for r in rows if r["形式"] == "慰问")
    assert row["慰问人数"] == 40
    assert row["慰问品价值（元）"] == 2400
    assert "外卖骑手40人：清凉慰问包" in row["慰问明细"]
    assert row["走访服务阵地"] == "绿地缤纷城外卖快递综合休闲驿站"


def test_a_team_leader_exports_only_the_own_teams_sites_and_projects(
    world, site_a, site_b, project_a, project_b, tmp_path
):
    workbook = _workbook(world.leader_a, world.campaign, tmp_path)
    assert [r["阵地名称"] for r in _rows(workbook, "服务阵地台账")] == [site_a.name]
    assert [r["实事名称"] for r in _rows(workbook, "办实事项目台账")] == [project_a.title]


def test_the_ledger_page_offers_the_two_sheets(client, world):
    client.force_login(world.office_staff)
    content = client.get(reverse("ledger:index")).content.decode()
    assert "服务阵地台账" in content and "办实事项目台账" in content
