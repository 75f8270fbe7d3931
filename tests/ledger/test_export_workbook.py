"""The ledger workbook read back with openpyxl: sheets, headers, rows, types, safety, print setup."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.coverage import coverage_rows
from issues.models import WorkerIssue
from ledger.exports import write_ledger
from ledger.scope import LedgerFilters, resolve
from ledger.sheets import ENTERPRISE_COLUMNS, ISSUE_COLUMNS, RECRUITMENT_COLUMNS, VISIT_COLUMNS
from tests.factories import VisitFactory
from tests.ledger.helpers import column, data_rows, export_to
from visits.models import Recruitment, Visit

SHEETS = [
    "走访台账",
    "职工诉求台账",
    "未建会企业台账",
    "入会台账",
    "覆盖情况汇总",
    "调解案件台账",
    "调解组织台账",
    "服务阵地台账",
    "办实事项目台账",
]


@pytest.fixture
def workbook(ledger, tmp_path):
    return export_to(tmp_path / "l.xlsx", ledger.office_staff, campaign_id=ledger.campaign.pk)


def test_sheet_names_in_order(workbook):
    assert workbook.sheetnames == SHEETS


@pytest.mark.parametrize(
    ("sheet", "columns"),
    [
        ("走访台账", VISIT_COLUMNS),
        ("职工诉求台账", ISSUE_COLUMNS),
        ("未建会企业台账", ENTERPRISE_COLUMNS),
        ("入会台账", RECRUITMENT_COLUMNS),
    ],
)
def test_one_header_row_under_the_title(workbook, sheet, columns):
    ws = workbook[sheet]
    assert [c.value for c in ws[2]] == [c.header for c in columns]
    title = ws["A1"].value
    assert title.startswith(f"{workbook['走访台账']['A1'].value.split(' · ')[0]} · {sheet}")
    assert "导出时间" in title and "期间：活动全程" in title


def test_row_counts_equal_the_database(workbook, ledger):
    assert len(data_rows(workbook["走访台账"])) == Visit.objects.filter(campaign=ledger.campaign).count() == 3
    assert len(data_rows(workbook["职工诉求台账"])) == WorkerIssue.objects.count() == 3
    assert len(data_rows(workbook["入会台账"])) == Recruitment.objects.count() == 3
    # Three enterprises without a union; the one with a union (since before the campaign) is not listed.
    assert sorted(c.value for c in column(workbook["未建会企业台账"], "企业名称")) == sorted(
        ["京南快递有限公司", '=HYPERLINK("http://evil")公司', "兴丰物流有限公司"]
    )


def test_team_and_period_filters_limit_rows(ledger, tmp_path):
    wb = export_to(
        tmp_path / "a.xlsx",
        ledger.office_staff,
        campaign_id=ledger.campaign.pk,
        team_ids=[ledger.team_a.pk],
        date_from=dt.date(2026, 8, 1),
        date_to=dt.date(2026, 8, 31),
    )
    expected = Visit.objects.filter(team=ledger.team_a, date__month=8).count()
    assert len(data_rows(wb["走访台账"])) == expected == 1
    assert [c.value for c in column(wb["职工诉求台账"], "工单编号")] == ["DX-2026-00001"]
    assert {c.value for c in column(wb["覆盖情况汇总"], "小组")} == {"第一蹲点小组"}
    assert "小组：第一蹲点小组" in wb["走访台账"]["A1"].value
    assert "期间：2026-08-01 至 2026-08-31" in wb["走访台账"]["A1"].value


def test_dates_are_real_dates(workbook):
    cell = column(workbook["走访台账"], "走访日期")[0]
    assert cell.is_date
    assert cell.value == dt.datetime(2026, 8, 3)
    assert cell.number_format == "yyyy-mm-dd"


def test_datetimes_are_local_wall_clock_time(workbook):
    cell = column(workbook["职工诉求台账"], "受理登记时间")[0]
    assert cell.is_date
    assert cell.value == dt.datetime(2026, 8, 5, 23, 30)  # Beijing time, not 15:30 UTC


def test_numbers_are_numbers(workbook):
    reached = column(workbook["走访台账"], "覆盖职工人数")
    assert [c.value for c in reached] == [12, 7, 5]
    assert all(c.data_type == "n" for c in reached)
    assert [c.value for c in column(workbook["走访台账"], "入会人数")] == [6, 3, 0]


@pytest.mark.parametrize(
    ("sheet", "header", "text"),
    [
        ("走访台账", "工作内容", "=1+1 座谈了解快递员情况"),
        ("走访台账", "工作内容", "+回访"),
        ("走访台账", "工作内容", "-慰问"),
        ("走访台账", "座谈/接待人员", "@工会主席"),
        ("职工诉求台账", "诉求内容", "=cmd|' /C calc'!A0"),
        ("未建会企业台账", "企业名称", '=HYPERLINK("http://evil")公司'),
    ],
)
def test_text_that_looks_like_a_formula_is_text(workbook, sheet, header, text):
    cells = [c for c in column(workbook[sheet], header) if c.value == text]
    assert cells, f"{text} not found"
    assert cells[0].data_type == "s"


def test_sheet_is_print_ready(workbook):
    for name in SHEETS:
        ws = workbook[name]
        assert ws.freeze_panes == "A3"
        assert ws.auto_filter.ref.startswith("A2:")
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$2"
        assert "A1" in str(ws.merged_cells)


def test_filter_covers_exactly_the_data(workbook):
    assert workbook["走访台账"].auto_filter.ref == "A2:W5"  # 17 columns and the 6 of outreach


def test_chinese_columns_are_wide_enough_and_capped(ledger, tmp_path):
    Visit.objects.filter(summary="+回访").update(summary="很长的工作内容" * 30)
    ws = export_to(tmp_path / "w.xlsx", ledger.office_staff, campaign_id=ledger.campaign.pk)["走访台账"]
    widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[2]}
    assert widths["企业生产经营情况"] >= 16  # eight wide characters
    assert widths["蹲点单位"] >= 10  # 高米店街道: five wide characters
    assert widths["工作内容"] == 50  # capped
    long_cell = next(c for c in column(ws, "工作内容") if c.value.startswith("很长"))
    assert long_cell.alignment.wrap_text


def test_personal_data_in_full_for_those_who_may_see_it(workbook):
    assert [c.value for c in column(workbook["职工诉求台账"], "联系电话")][0] == "13812345678"
    assert column(workbook["职工诉求台账"], "身份证号")[0].data_type == "s"


def test_personal_data_masked_when_exporter_may_not_see_it(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(WorkerIssue, "can_see_personal_data", lambda self, user: False)
    wb = export_to(tmp_path / "m.xlsx", ledger.leader_a, campaign_id=ledger.campaign.pk)
    ws = wb["职工诉求台账"]
    assert column(ws, "职工姓名")[0].value == "张**"
    assert column(ws, "联系电话")[0].value == "138****5678"
    assert column(ws, "身份证号")[0].value == "110***********4512"


def test_team_leader_exports_only_own_team(ledger, tmp_path):
    wb = export_to(tmp_path / "l.xlsx", ledger.leader_a, campaign_id=ledger.campaign.pk)
    assert {c.value for c in column(wb["走访台账"], "小组")} == {"第一蹲点小组"}
    assert {c.value for c in column(wb["职工诉求台账"], "责任小组")} == {"第一蹲点小组"}
    assert {c.value for c in column(wb["未建会企业台账"], "所属单位")} == {"高米店街道"}
    # A leader sees the workers of the own team's tickets in full (DESIGN.md §3).
    assert column(wb["职工诉求台账"], "职工姓名")[0].value == "张三丰"


def test_coverage_totals_equal_the_dashboard(workbook, ledger):
    ws = workbook["覆盖情况汇总"]
    rows = list(coverage_rows(ledger.campaign))
    total_row = [c.value for c in list(ws.iter_rows(min_row=3))[-1]]
    assert total_row[1] == "合计"
    assert total_row[3] == sum(r.visits for r in rows) == 3
    assert total_row[5] == sum(r.enterprises_met for r in rows)
    assert total_row[6] == sum(r.issues_open for r in rows) == 2
    assert total_row[7] == sum(r.issues_closed for r in rows) == 1
    assert total_row[8] == sum(r.workers_reached for r in rows) == 24
    assert total_row[9] == sum(r.recruited for r in rows) == 9
    assert len(data_rows(ws)) == len(rows) == 2


def test_chosen_sheets_only(ledger, tmp_path):
    wb = export_to(
        tmp_path / "s.xlsx", ledger.office_staff, campaign_id=ledger.campaign.pk, sheets=["issues", "coverage"]
    )
    assert wb.sheetnames == ["职工诉求台账", "覆盖情况汇总"]


def test_control_characters_in_user_text_do_not_break_the_export(ledger, tmp_path):
    Visit.objects.filter(summary="+回访").update(summary="回访\x07记录\x1b")
    wb = export_to(tmp_path / "c.xlsx", ledger.office_staff, campaign_id=ledger.campaign.pk)
    assert "回访记录" in [c.value for c in column(wb["走访台账"], "工作内容")]


def test_query_count_does_not_grow_with_rows(ledger, tmp_path):
    scope_filters = LedgerFilters(campaign_id=ledger.campaign.pk)

    def count_queries(name):
        scope = resolve(ledger.office_staff, scope_filters)
        with CaptureQueriesContext(connection) as ctx:
            write_ledger(scope, tmp_path / name)
        return len(ctx.captured_queries)

    before = count_queries("one.xlsx")
    for day in range(1, 21):
        v = VisitFactory(assignment=ledger.assignment_a, date=dt.date(2026, 10, day), created_by=ledger.cadre_a)
        v.cadres.add(ledger.cadre_a)
    assert count_queries("two.xlsx") == before


def test_no_partial_file_left_when_writing_fails(ledger, tmp_path, monkeypatch):
    from ledger import xlsx

    def boom(self, path):
        raise OSError("disk full")

    monkeypatch.setattr(xlsx.Workbook, "save", boom)
    scope = resolve(ledger.office_staff, LedgerFilters(campaign_id=ledger.campaign.pk))
    with pytest.raises(OSError):
        write_ledger(scope, tmp_path / "out" / "x.xlsx")
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_file_opens_in_libreoffice(workbook, ledger, tmp_path):
    path = tmp_path / "lo" / "ledger.xlsx"
    path.parent.mkdir()
    export_to(path, ledger.office_staff, campaign_id=ledger.campaign.pk)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pdf = path.with_suffix(".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000
