"""Journey 4: office staff export the ledger and import an enterprise workbook with two bad rows."""

import re

import openpyxl
from playwright.sync_api import expect

from campaigns.models import Enterprise
from tests.browser.journeys import log_in, no_horizontal_scroll, seed_demo
from tests.factories import valid_credit_code

LEDGER_SHEETS = [
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


def test_staff_export_the_ledger_and_the_file_opens_with_every_sheet(page, url, screenshot, tmp_path):
    seed_demo()
    log_in(page, url, "staff")

    page.goto(url("/ledger/"))
    expect(page.get_by_role("heading", name="工作台账")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "journey4-ledger")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出 Excel").click()
    path = tmp_path / "ledger.xlsx"
    download.value.save_as(path)

    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == LEDGER_SHEETS
    rows = list(workbook["走访台账"].iter_rows(values_only=True))
    assert len(rows) > 3  # title, header and the demo visits
    assert any("高米店街道" in str(cell) for row in rows for cell in row if cell)


def _enterprise_row(name, code, unit, headcount=20):
    return [name, code, unit, "", "物流", "", "", headcount, 0, "未建会", "否", "", ""]


def test_staff_import_an_enterprise_workbook_and_see_the_two_bad_rows_listed(page, url, screenshot, tmp_path):
    seed_demo()
    log_in(page, url, "staff")
    page.goto(url("/ledger/"))
    page.get_by_role("link", name="导入企业名录").click()
    expect(page.get_by_role("heading", name="导入企业名录")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载模板").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    rows = [
        _enterprise_row("京南新能源货运有限公司", valid_credit_code(910001), "西红门镇"),
        _enterprise_row("坏代码物流有限公司", "91110115MA0000000X", "旧宫镇"),  # row 3: bad check character
        _enterprise_row("南郊冷链配送有限公司", valid_credit_code(910002), "亦庄镇"),
        _enterprise_row("无此单位商贸有限公司", valid_credit_code(910003), "火星镇"),  # row 5: no such unit
    ]
    for row_number, values in enumerate(rows, start=2):  # as a person fills it in: from row 2 on
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row_number, column=column, value=value)
    filled = tmp_path / "企业名录.xlsx"
    workbook.save(filled)

    page.locator("input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="上传并检查").click()

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("共 4 行，其中 2 行有错误")
    listed = page.locator("td[data-label=行号]").all_inner_texts()
    assert listed == ["第3行", "第5行"]
    expect(page.locator("tr", has_text="第3行")).to_contain_text("统一社会信用代码")
    expect(page.locator("tr", has_text="第5行")).to_contain_text("所属单位")
    assert not Enterprise.objects.filter(name="京南新能源货运有限公司").exists()  # nothing written yet
    assert no_horizontal_scroll(page)
    screenshot(page, "journey4-import-errors")

    page.get_by_test_id("import-valid").click()
    expect(page.get_by_text(re.compile(r"导入完成：新增 2 条"))).to_be_visible()
    assert set(
        Enterprise.objects.filter(name__in=["京南新能源货运有限公司", "南郊冷链配送有限公司"]).values_list(
            "unit__name", flat=True
        )
    ) == {"西红门镇", "亦庄镇"}
    assert not Enterprise.objects.filter(name__in=["坏代码物流有限公司", "无此单位商贸有限公司"]).exists()
