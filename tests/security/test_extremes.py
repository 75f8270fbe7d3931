"""Issue 12 finding 4: well-formed extreme dates and numbers give a Chinese message or a page, never a 500.

Every date and number a user can send is bounded where it is parsed, by one
helper each (``dundian/bounds.py``): forms, list filters, the ledger form and
the imports. These tests send the review's payloads and a few more.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Enterprise
from issues.models import WorkerIssue
from tests.issues.pages import form_data
from tests.ledger.test_imports import TICKET_HEADERS, enterprise, ticket, upload, xlsx

HUGE = "99999999999999999999"
EXTREME_DATES = ["0001-01-01", "0001-01-02", "9999-12-31", "1899-12-31", "2999-01-01"]


@pytest.mark.parametrize("day", EXTREME_DATES)
@pytest.mark.parametrize("param", ["start", "end"])
def test_issue_list_with_an_extreme_date_gives_a_page(client, world, param, day):
    client.force_login(world.leadership)
    response = client.get(reverse("issues:list"), {param: day})
    assert response.status_code == 200
    assert "日期" in response.content.decode()


@pytest.mark.parametrize("day", EXTREME_DATES)
@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_dashboard_with_an_extreme_date_gives_a_page(client, world, param, day):
    client.force_login(world.leadership)
    response = client.get(reverse("dashboard:index"), {param: day})
    assert response.status_code == 200


@pytest.mark.parametrize("day", EXTREME_DATES)
@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_visit_and_plan_lists_with_an_extreme_date_give_a_page(client, world, param, day):
    client.force_login(world.cadre_a)
    for name in ("visits:list", "visits:plan_list"):
        assert client.get(reverse(name), {param: day}).status_code == 200


@pytest.mark.parametrize("day", EXTREME_DATES)
def test_ledger_form_with_an_extreme_date_says_so_at_the_field(client, world, day):
    client.force_login(world.office_staff)
    response = client.post(
        reverse("ledger:index"), {"campaign": world.campaign.pk, "date_from": day, "sheets": ["visits"]}
    )
    assert response.status_code == 200
    assert "日期" in response.content.decode()


@pytest.mark.parametrize("field", ["teams", "units"])
def test_ledger_form_with_a_huge_id_in_a_multi_select_says_so(client, world, field):
    client.force_login(world.office_staff)
    response = client.post(
        reverse("ledger:index"), {"campaign": world.campaign.pk, field: [HUGE, "1"], "sheets": ["visits"]}
    )
    assert response.status_code == 200
    assert "有效" in response.content.decode() or "不存在" in response.content.decode()


@pytest.mark.parametrize("field", ["team", "unit", "enterprise", "step", "campaign"])
def test_huge_ids_in_list_filters_give_a_page(client, world, field):
    client.force_login(world.leadership)
    for name in ("issues:list", "visits:list", "visits:plan_list", "campaigns:enterprise_list"):
        assert client.get(reverse(name), {field: HUGE}).status_code in (200, 404), name


@pytest.mark.parametrize("day", ["0001-01-01T00:00", "0001-01-02T00:00", "1899-12-31T08:00"])
def test_a_ticket_received_in_year_one_is_refused_at_the_field(client, world, day):
    client.force_login(world.cadre_a)
    response = client.post(reverse("issues:create"), form_data(world, received_at=day))
    assert response.status_code == 200
    assert "受理" in response.content.decode()
    assert WorkerIssue.objects.count() == 0


def test_ticket_import_refuses_far_future_and_year_9999(client, world):
    rows = [
        ticket(number="A1", 受理时间="9999-12-31 00:00"),
        ticket(number="A2", 受理时间="2099-01-01 09:00"),
        ticket(number="A3", 受理时间="0001-01-01"),
    ]
    response = upload(client, world.office_staff, "tickets", xlsx(rows, TICKET_HEADERS), campaign=world.campaign.pk)
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("受理时间") >= 3
    assert WorkerIssue.objects.count() == 0


def with_raw_text(upload_file, marker, raw):
    """The workbook with ``marker`` replaced by ``raw`` in its XML (openpyxl will not write a NUL itself)."""
    source = zipfile.ZipFile(io.BytesIO(upload_file.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename).replace(marker.encode(), raw.encode()))
    return SimpleUploadedFile(upload_file.name, out.getvalue())


# Excel writes a control character as the escape _xHHHH_ (ECMA-376 ST_Xstring) and shows it as that character.
@pytest.mark.parametrize("raw", ["_x0000_", "_x001B_"])
def test_ticket_import_refuses_nul_characters(client, world, raw):
    rows = [ticket(number="B1", 诉求摘要="拖欠NULMARK工资")]
    file = with_raw_text(xlsx(rows, TICKET_HEADERS), "NULMARK", raw)
    response = upload(client, world.office_staff, "tickets", file, campaign=world.campaign.pk)
    assert response.status_code == 200
    assert "控制字符" in response.content.decode()
    assert WorkerIssue.objects.count() == 0


@pytest.mark.parametrize("count", [1e20, 10**20, "99999999999999999999", -1])
def test_enterprise_import_refuses_a_headcount_out_of_range(client, world, count):
    response = upload(client, world.office_staff, "enterprises", xlsx([enterprise(职工人数=count)]))
    assert response.status_code == 200
    assert "职工人数" in response.content.decode()
    assert Enterprise.objects.count() == 0
