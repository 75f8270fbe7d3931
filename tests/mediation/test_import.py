"""The 言和 platform's case list imported from Excel on the ledger's import pages, as office staff."""

import datetime as dt
from decimal import Decimal

import openpyxl
from django.urls import reverse

from issues.models import IssueAction
from ledger.models import ImportRecord
from mediation.models import YanheCase

from .conftest import HEADERS, case_list_xlsx, hand

OUTCOME = IssueAction.Kind.YANHE_OUTCOME


def upload(client, rows, **extra):
    return client.post(reverse("ledger:import_upload", args=["yanhe"]), {"file": case_list_xlsx(rows), **extra})


def test_template_has_the_columns_and_the_outcome_list(client, world):
    client.force_login(world.office_staff)
    response = client.get(reverse("ledger:import_template", args=["yanhe"]))
    assert response.status_code == 200
    import io

    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["数据"][1]] == HEADERS
    assert any("调解成功" in dv.formula1 for dv in wb["数据"].data_validations.dataValidation)


def test_good_rows_update_by_case_number_and_hand_over_by_hotline_number(client, world, dispute, dispute_b):
    hand(dispute_b, world.cadre_b, number="YH-B")
    client.force_login(world.office_staff)
    response = upload(
        client,
        [
            {"言和案件编号": "YH-B", "调解结果": "调解成功", "结果日期": "2026-08-20", "调解金额（元）": "6,800"},
            {
                "言和案件编号": "YH-A",
                "热线工单号": "12345-0801",
                "移交日期": "2026-08-06",
                "调解结果": "转仲裁",
                "结果日期": "2026-08-28",
            },
        ],
    )
    assert response.status_code == 302
    record = ImportRecord.objects.get()
    assert (record.outcome, record.created, record.updated, record.rejected) == ("imported", 1, 1, 0)
    b = YanheCase.objects.get(case_number="YH-B")
    assert (b.outcome, b.outcome_on, b.amount) == ("settled", dt.date(2026, 8, 20), Decimal("6800.00"))
    a = YanheCase.objects.get(case_number="YH-A")
    assert (a.issue, a.outcome, a.handed_over_on) == (dispute, "arbitration", dt.date(2026, 8, 6))


def test_the_same_list_imported_again_changes_nothing(client, world, dispute):
    hand(dispute, world.cadre_a, number="YH-A")
    client.force_login(world.office_staff)
    rows = [{"言和案件编号": "YH-A", "调解结果": "调解成功", "结果日期": "2026-08-20"}]
    upload(client, rows)
    upload(client, rows)
    first, second = ImportRecord.objects.order_by("id")
    assert (first.updated, second.created, second.updated) == (1, 0, 0)
    assert dispute.actions.filter(kind=OUTCOME).count() == 1


def test_bad_rows_are_listed_in_chinese_and_nothing_is_written(client, world, dispute):
    hand(dispute, world.cadre_a, number="YH-A", day=dt.date(2026, 8, 10))
    client.force_login(world.office_staff)
    response = upload(
        client,
        [
            {"言和案件编号": "YH-A", "调解结果": "调解成功", "结果日期": "2026-08-20"},
            {"言和案件编号": "YH-A", "调解结果": "撤回", "结果日期": "2026-08-21"},
            {"言和案件编号": "YH-NONE", "调解结果": "调解成功", "结果日期": "2026-08-20"},
            {"言和案件编号": "YH-C", "热线工单号": "无此号", "调解结果": "调解成功", "结果日期": "2026-08-20"},
            {"言和案件编号": "YH-D", "调解结果": "和解", "结果日期": "2026-08-20"},
        ],
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "与第2行重复" in text
    assert "系统中没有这个言和案件编号" in text
    assert "系统中没有热线工单号“无此号”的工单" in text
    assert "应为：调解中、调解成功、调解不成功·转仲裁、撤回" in text
    assert "只导入无误的 1 行" in text
    assert YanheCase.objects.get(case_number="YH-A").outcome == "pending"
    assert not dispute.actions.filter(kind=OUTCOME).exists()


def test_row_dated_before_the_handover_and_negative_amount_are_row_errors(client, world, dispute):
    hand(dispute, world.cadre_a, number="YH-A", day=dt.date(2026, 8, 10))
    client.force_login(world.office_staff)
    text = upload(
        client,
        [{"言和案件编号": "YH-A", "调解结果": "调解成功", "结果日期": "2026-08-09", "调解金额（元）": "-5"}],
    ).content.decode()
    assert "不能为负数" in text
    assert "第2行" in text


def test_only_the_valid_rows_on_request(client, world, dispute):
    hand(dispute, world.cadre_a, number="YH-A")
    client.force_login(world.office_staff)
    response = upload(
        client,
        [
            {"言和案件编号": "YH-A", "调解结果": "调解成功", "结果日期": "2026-08-20"},
            {"言和案件编号": "", "调解结果": "调解成功", "结果日期": "2026-08-20"},
        ],
    )
    pending = response.context["pending"]
    response = client.post(reverse("ledger:import_upload", args=["yanhe"]), {"pending": pending})
    assert response.status_code == 302
    assert YanheCase.objects.get(case_number="YH-A").outcome == "settled"
    assert ImportRecord.objects.order_by("-id").first().outcome == "partial"


def test_only_office_staff_import(client, world):
    client.force_login(world.leader_a)
    assert client.get(reverse("ledger:import_upload", args=["yanhe"])).status_code == 403
