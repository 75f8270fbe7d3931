"""Cadres in bulk from Excel (issue 11): template, per-row errors, nothing written on a bad file."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import TeamMembership
from ledger.imports.cadres import COLUMNS
from ledger.models import ImportRecord

HEADERS = [c.header for c in COLUMNS]
User = get_user_model()


def sheet(rows, name="干部.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h) for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, user, file):
    client.force_login(user)
    return client.post(reverse("ledger:import_upload", args=["cadres"]), {"file": file})


def test_template_download_has_the_columns(client, world):
    client.force_login(world.office_staff)
    response = client.get(reverse("ledger:import_template", args=["cadres"]))
    wb = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS


def test_good_file_creates_accounts_in_their_teams(client, world):
    rows = [
        {"账号": "newcadre", "姓名": "陈新", "小组": "第一蹲点小组"},
        {"账号": "newcadre2", "姓名": "杨帆", "邮箱": "yf@example.org"},
    ]
    upload(client, world.office_staff, sheet(rows))
    assert ImportRecord.objects.get().outcome == ImportRecord.Outcome.IMPORTED
    new = User.objects.get(username="newcadre")
    assert new.first_name == "陈新" and not new.has_usable_password()
    assert TeamMembership.objects.get(user=new).team == world.team_a
    assert not TeamMembership.objects.filter(user__username="newcadre2").exists()


def test_bad_rows_are_listed_with_row_column_and_reason_and_nothing_written(client, world):
    rows = [
        {"账号": "fine", "姓名": "周正", "小组": "第一蹲点小组"},
        {"账号": "cadre_a", "姓名": "重名"},
        {"账号": "x y", "姓名": "", "小组": "第九蹲点小组", "角色": "组长"},
        {"账号": "fine", "姓名": "又一个", "邮箱": "not-an-email"},
    ]
    response = upload(client, world.office_staff, sheet(rows))
    errors = {(e["row"], e["column"], e["message"]) for e in ImportRecord.objects.get().errors}
    assert (3, "账号", "账号“cadre_a”已存在") in errors
    assert (4, "账号", "只能包含字母、数字和 @.+-_") in errors
    assert (4, "姓名", "必填") in errors
    assert any(
        row == 4 and column == "小组" and "没有名为“第九蹲点小组”的小组" in message for row, column, message in errors
    )
    assert (5, "账号", "与第2行的账号重复") in errors
    assert (5, "邮箱", "不是有效的邮箱地址") in errors
    assert "未写入任何数据" in response.content.decode()
    assert not User.objects.filter(username="fine").exists()


def test_a_second_leader_for_a_team_is_refused(client, world):
    upload(
        client, world.office_staff, sheet([{"账号": "boss", "姓名": "赵强", "小组": "第一蹲点小组", "角色": "组长"}])
    )
    record = ImportRecord.objects.get()
    assert record.errors == [{"row": 2, "column": "角色", "message": "第一蹲点小组已有组长"}]


def test_not_an_excel_file_is_refused_whole(client, world):
    upload(client, world.office_staff, SimpleUploadedFile("干部.xlsx", b"%PDF-1.4 not excel"))
    assert "PDF" in ImportRecord.objects.get().errors[0]["message"]
    assert User.objects.count() == 8


def test_a_cadre_may_not_import_accounts(client, world):
    assert upload(client, world.cadre_a, sheet([{"账号": "sneaky", "姓名": "某"}])).status_code == 403
    assert not User.objects.filter(username="sneaky").exists()
