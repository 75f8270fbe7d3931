"""Imports of enterprises and hotline tickets: templates, row checks, choices, idempotence, bad files."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Enterprise, EnterpriseStatusChange
from issues.models import IssueAction, WorkerIssue
from ledger.imports.enterprises import COLUMNS as ENTERPRISE_COLUMNS
from ledger.imports.tickets import COLUMNS as TICKET_COLUMNS
from ledger.models import ImportRecord
from tests.factories import EnterpriseFactory, valid_credit_code

ENTERPRISE_HEADERS = [c.header for c in ENTERPRISE_COLUMNS]
TICKET_HEADERS = [c.header for c in TICKET_COLUMNS]


def xlsx(rows, headers=ENTERPRISE_HEADERS, name="企业.xlsx", build=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    if headers is not None:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    if build:
        build(ws)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def enterprise(name="京南快递有限公司", code=None, unit="高米店街道", **extra):
    values = {"企业名称": name, "统一社会信用代码": code or valid_credit_code(), "所属单位": unit, **extra}
    return [values.get(h) for h in ENTERPRISE_HEADERS]


def ticket(number="2026080300001", source="12345", unit="高米店街道", **extra):
    values = {
        "热线工单号": number,
        "来源": source,
        "受理时间": "2026-08-03 09:30",
        "类别": "工资报酬",
        "所属单位": unit,
        "诉求摘要": "拖欠工资",
        "诉求内容": "职工反映企业拖欠两个月工资",
        "职工姓名": "李四",
        "联系电话": "13912345678",
        **extra,
    }
    return [values.get(h) for h in TICKET_HEADERS]


def upload(client, user, kind, file, **data):
    client.force_login(user)
    return client.post(reverse("ledger:import_upload", args=[kind]), {"file": file, **data})


def page(response):
    return response.content.decode()


# -- access --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["cadre_a", "leader_a", "leadership", "loner"])
def test_only_office_staff_import(client, world, role):
    client.force_login(getattr(world, role))
    for url in (
        reverse("ledger:import_upload", args=["enterprises"]),
        reverse("ledger:import_template", args=["tickets"]),
        reverse("ledger:imports"),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("ledger:import_upload", args=["enterprises"]), {"file": xlsx([enterprise()])})
    assert response.status_code == 403
    assert Enterprise.objects.count() == 0


@pytest.mark.parametrize("role", ["office_staff", "admin"])
def test_staff_and_superuser_open_the_import_page(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("ledger:import_upload", args=["enterprises"])).status_code == 200


def test_unknown_import_kind_is_404(client, world):
    client.force_login(world.office_staff)
    assert client.get("/ledger/imports/users/").status_code == 404


@pytest.mark.parametrize(("kind", "headers"), [("enterprises", ENTERPRISE_HEADERS), ("tickets", TICKET_HEADERS)])
def test_template_has_the_headers_and_instructions(client, world, kind, headers):
    client.force_login(world.office_staff)
    response = client.get(reverse("ledger:import_template", args=[kind]))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["数据"][1]] == headers
    assert wb.sheetnames == ["数据", "填写说明"]


def test_filled_template_imports(client, world):
    client.force_login(world.office_staff)
    response = client.get(reverse("ledger:import_template", args=["enterprises"]))
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    for col, value in enumerate(enterprise(name="模板企业"), 1):
        wb["数据"].cell(row=2, column=col, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    upload(client, world.office_staff, "enterprises", SimpleUploadedFile("模板.xlsx", buffer.getvalue()))
    assert Enterprise.objects.get().name == "模板企业"


# -- enterprises ------------------------------------------------------------------------------


def test_valid_enterprises_are_created_and_recorded(client, world):
    rows = [
        enterprise(name="甲公司", 职工人数=120, 新业态企业="是", 八大群体="快递员"),
        enterprise(name="乙公司", unit="兴丰街道总工会"),
    ]
    response = upload(client, world.office_staff, "enterprises", xlsx(rows))
    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:import_detail", args=[record.pk])
    assert (record.outcome, record.created, record.updated, record.rejected) == ("imported", 2, 0, 0)
    assert (record.user, record.file_name, record.kind) == (world.office_staff, "企业.xlsx", "enterprises")
    a = Enterprise.objects.get(name="甲公司")
    assert (a.headcount, a.is_new_form, a.eight_group.name, a.unit) == (120, True, "快递员", world.unit_a)
    assert Enterprise.objects.get(name="乙公司").unit == world.unit_b


def test_reimport_updates_and_never_duplicates(client, world):
    code = valid_credit_code()
    upload(client, world.office_staff, "enterprises", xlsx([enterprise(name="甲公司", code=code, 职工人数=10)]))
    upload(
        client,
        world.office_staff,
        "enterprises",
        xlsx([enterprise(name="甲公司（更名）", code=code.lower(), 职工人数=30)]),
    )
    upload(client, world.office_staff, "enterprises", xlsx([enterprise(name="甲公司（更名）", code=code, 职工人数=30)]))
    assert Enterprise.objects.count() == 1
    e = Enterprise.objects.get()
    assert (e.name, e.headcount) == ("甲公司（更名）", 30)
    last = ImportRecord.objects.first()
    assert (last.created, last.updated) == (0, 1)


def test_status_change_by_import_is_kept_in_history(client, world):
    existing = EnterpriseFactory(unit=world.unit_a)
    upload(
        client, world.office_staff, "enterprises", xlsx([enterprise(code=existing.credit_code, 建会状态="表态建会")])
    )
    change = EnterpriseStatusChange.objects.get(enterprise=existing)
    assert (change.from_status, change.to_status, change.changed_by) == ("none", "promised", world.office_staff)


def test_every_bad_row_is_listed_and_nothing_is_written(client, world):
    good = valid_credit_code()
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    rows = [
        enterprise(name="好企业", code=good),
        enterprise(name="校验位错", code=bad_check),
        enterprise(name="", unit="火星镇"),
        enterprise(name="人数错", 职工人数="很多"),
        enterprise(name="重复", code=good),
    ]
    response = upload(client, world.office_staff, "enterprises", xlsx(rows))
    assert response.status_code == 200
    text = page(response)
    assert "共 5 行，其中 4 行有错误，未写入任何数据" in text
    record = ImportRecord.objects.get()
    errors = {(e["row"], e["column"]): e["message"] for e in record.errors}
    assert "校验位不正确" in errors[(3, "统一社会信用代码")]
    assert errors[(4, "企业名称")] == "必填"
    assert "系统中没有“火星镇”这个单位" in errors[(4, "所属单位")]
    assert errors[(5, "职工人数")] == "应为整数"
    assert errors[(6, "统一社会信用代码")] == "与第2行重复"
    assert "第3行" in text and "校验位不正确" in text
    assert (record.outcome, record.rejected, record.created) == ("rejected", 4, 0)
    assert Enterprise.objects.count() == 0
    assert "只导入无误的 1 行" in text


def test_choice_to_import_only_the_valid_rows(client, world):
    rows = [enterprise(name="好企业"), enterprise(name="坏企业", unit="火星镇"), enterprise(name="也好")]
    response = upload(client, world.office_staff, "enterprises", xlsx(rows))
    token = response.context["pending"]
    response = client.post(reverse("ledger:import_upload", args=["enterprises"]), {"pending": token})
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == ["也好", "好企业"]
    partial = ImportRecord.objects.first()
    assert (partial.outcome, partial.created, partial.rejected) == ("partial", 2, 1)
    assert partial.errors[0]["row"] == 3
    assert response["Location"] == reverse("ledger:import_detail", args=[partial.pk])
    # The kept file is used once.
    client.post(reverse("ledger:import_upload", args=["enterprises"]), {"pending": token})
    assert Enterprise.objects.count() == 2


def test_pending_file_of_another_session_is_refused(client, world):
    rows = [enterprise(name="好企业"), enterprise(name="坏企业", unit="火星镇")]
    token = upload(client, world.office_staff, "enterprises", xlsx(rows)).context["pending"]
    client.force_login(world.admin)
    client.post(reverse("ledger:import_upload", args=["enterprises"]), {"pending": token})
    assert Enterprise.objects.count() == 0


def test_database_failure_writes_nothing(client, world, monkeypatch):
    from django.db import IntegrityError

    from ledger.imports.enterprises import EnterpriseImporter

    original = EnterpriseImporter.write

    def write_then_fail(self, valid):
        original(self, valid[:1])
        raise IntegrityError("boom")

    monkeypatch.setattr(EnterpriseImporter, "write", write_then_fail)
    response = upload(client, world.office_staff, "enterprises", xlsx([enterprise(name="甲"), enterprise(name="乙")]))
    assert "未写入任何数据" in page(response)
    assert Enterprise.objects.count() == 0
    assert ImportRecord.objects.get().outcome == "rejected"


def test_import_detail_shows_the_error_list(client, world):
    upload(client, world.office_staff, "enterprises", xlsx([enterprise(unit="火星镇")]))
    record = ImportRecord.objects.get()
    text = page(client.get(reverse("ledger:import_detail", args=[record.pk])))
    assert "第2行" in text and "火星镇" in text
    assert "企业.xlsx" in page(client.get(reverse("ledger:imports")))


# -- tickets ----------------------------------------------------------------------------------


def test_tickets_are_opened_with_code_deadlines_and_team(client, world):
    rows = [ticket(), ticket(number="2026080300002", source="12351", unit="兴丰街道", 类别="社会保险", 紧急程度="紧急")]
    response = upload(
        client, world.office_staff, "tickets", xlsx(rows, TICKET_HEADERS, "工单.xlsx"), campaign=world.campaign.pk
    )
    assert response.status_code == 302
    first = WorkerIssue.objects.get(hotline_number="2026080300001")
    assert first.code.startswith("DX-2026-")
    assert (first.source, first.team, first.unit, first.category) == ("12345", world.team_a, world.unit_a, "wages")
    assert first.response_due > first.received_at
    assert IssueAction.objects.filter(issue=first, kind="create").exists()
    second = WorkerIssue.objects.get(hotline_number="2026080300002")
    assert (second.source, second.team, second.urgency) == ("12351", world.team_b, "emergency")


def test_ticket_reimport_updates_by_source_and_number(client, world):
    file_rows = [ticket()]
    upload(client, world.office_staff, "tickets", xlsx(file_rows, TICKET_HEADERS), campaign=world.campaign.pk)
    upload(
        client,
        world.office_staff,
        "tickets",
        xlsx([ticket(诉求摘要="拖欠三个月工资")], TICKET_HEADERS),
        campaign=world.campaign.pk,
    )
    assert WorkerIssue.objects.count() == 1
    assert WorkerIssue.objects.get().title == "拖欠三个月工资"
    # The same number from the other hotline is another ticket.
    upload(
        client,
        world.office_staff,
        "tickets",
        xlsx([ticket(source="12351")], TICKET_HEADERS),
        campaign=world.campaign.pk,
    )
    assert WorkerIssue.objects.count() == 2


def test_bad_ticket_rows_are_listed(client, world):
    rows = [
        ticket(number="1", 类别="吃饭问题"),
        ticket(number="2", 受理时间="昨天下午"),
        ticket(number="3", source="110"),
        ticket(number="4", unit="火星镇"),
        ticket(number="5", 联系电话="123"),
        ticket(number="6", 身份证号="110101199003074513"),
        ticket(number=None),
    ]
    upload(client, world.office_staff, "tickets", xlsx(rows, TICKET_HEADERS), campaign=world.campaign.pk)
    errors = {(e["row"], e["column"]) for e in ImportRecord.objects.get().errors}
    assert errors == {
        (2, "类别"),
        (3, "受理时间"),
        (4, "来源"),
        (5, "所属单位"),
        (6, "联系电话"),
        (7, "身份证号"),
        (8, "热线工单号"),
    }
    assert WorkerIssue.objects.count() == 0


def test_real_excel_dates_are_read(client, world):
    import datetime as dt

    upload(
        client,
        world.office_staff,
        "tickets",
        xlsx([ticket(受理时间=dt.datetime(2026, 8, 3, 14, 5))], TICKET_HEADERS),
        campaign=world.campaign.pk,
    )
    from django.utils import timezone

    assert timezone.localtime(WorkerIssue.objects.get().received_at).strftime("%Y-%m-%d %H:%M") == "2026-08-03 14:05"


# -- bad files ---------------------------------------------------------------------------------


def _bad(client, world, file, kind="enterprises"):
    data = {"campaign": world.campaign.pk} if kind == "tickets" else {}
    response = upload(client, world.office_staff, kind, file, **data)
    assert response.status_code == 200
    assert Enterprise.objects.count() == 0 and WorkerIssue.objects.count() == 0
    return page(response)


def test_not_an_xlsx_name(client, world):
    assert "请上传 .xlsx 格式的 Excel 文件" in _bad(client, world, SimpleUploadedFile("名单.csv", b"a,b\n1,2"))


def test_renamed_pdf(client, world):
    text = _bad(client, world, SimpleUploadedFile("名单.xlsx", b"%PDF-1.7\n1 0 obj<<>>endobj\n"))
    assert "这不是 Excel 文件（看起来是 PDF）" in text
    assert ImportRecord.objects.get().errors[0]["row"] == 0


def test_corrupt_workbook(client, world):
    good = xlsx([enterprise()]).read()
    assert "文件已损坏" in _bad(client, world, SimpleUploadedFile("坏.xlsx", good[: len(good) // 2]))


def test_zip_that_is_not_a_workbook(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "你好")
    assert "文件已损坏" in _bad(client, world, SimpleUploadedFile("假.xlsx", buffer.getvalue()))


def test_empty_workbook(client, world):
    assert "工作表是空的" in _bad(client, world, xlsx([], headers=None))


def test_header_only_workbook(client, world):
    assert "没有数据行" in _bad(client, world, xlsx([]))


def test_password_protected_workbook(client, world):
    # Excel saves an encrypted workbook as an OLE compound file, not a zip.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert "文件设有打开密码" in _bad(client, world, SimpleUploadedFile("加密.xlsx", ole))


def test_empty_upload(client, world):
    assert "上传的文件是空的" in _bad(client, world, SimpleUploadedFile("空.xlsx", b""))


def test_too_big_file(client, world, settings):
    settings.IMPORT_MAX_BYTES = 1000
    assert "文件过大" in _bad(client, world, SimpleUploadedFile("大.xlsx", b"PK\x03\x04" + b"0" * 2000))


def test_hundred_thousand_empty_rows_stop_at_the_last_filled_row(client, world):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(ENTERPRISE_HEADERS)
    ws.append(enterprise(name="唯一一家"))
    for _ in range(100_000):
        ws.append([""])  # a row that exists in the file but holds nothing
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(client, world.office_staff, "enterprises", SimpleUploadedFile("大表.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["唯一一家"]
    assert ImportRecord.objects.get().rows_total == 1


def test_too_many_rows_are_refused_with_a_message(client, world, settings):
    settings.IMPORT_MAX_ROWS = 3
    text = _bad(client, world, xlsx([enterprise(name=f"企业{i}") for i in range(5)]))
    assert "数据超过 3 行，请分批导入" in text


def test_formula_cells_are_refused(client, world):
    text = _bad(client, world, xlsx([enterprise(name='=CONCAT("甲","公司")')]))
    assert "单元格是公式" in text
    assert ImportRecord.objects.get().errors[0] == {
        "row": 2,
        "column": "企业名称",
        "message": "单元格是公式，请复制后“粘贴为数值”再导入。",
    }


def test_merged_header_cells_are_refused(client, world):
    def merge(ws):
        ws.merge_cells("A1:B1")

    text = _bad(client, world, xlsx([enterprise()], build=merge))
    assert "表头不能使用合并单元格" in text


def test_missing_required_column(client, world):
    headers = [h for h in ENTERPRISE_HEADERS if h != "所属单位"]
    text = _bad(client, world, xlsx([["甲公司", valid_credit_code()]], headers=headers))
    assert "缺少必填列：所属单位" in text


def test_header_not_in_first_row(client, world):
    text = _bad(client, world, xlsx([["企业名录（2026年）"], ENTERPRISE_HEADERS, enterprise()], headers=None))
    assert "第1行没有找到模板的表头" in text


def test_no_file_chosen(client, world):
    client.force_login(world.office_staff)
    response = client.post(reverse("ledger:import_upload", args=["enterprises"]), {})
    assert "请选择要上传的文件" in page(response)
