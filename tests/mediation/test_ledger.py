"""The 调解案件台账 and 调解组织台账 sheets of the exported workbook, read back with openpyxl."""

import datetime as dt
from decimal import Decimal

import pytest

from mediation import services
from tests.ledger.helpers import column, data_rows, export_to

from .conftest import hand

SHEETS = ["mediation_cases", "mediation_bodies"]


@pytest.fixture
def mediation(world, dispute, dispute_b):
    body = services.register_body(
        world.office_staff,
        name="高米店街道六方工作站",
        kind="six_party",
        unit=world.unit_a,
        status="planned",
        status_on=dt.date(2026, 8, 1),
        members="工会、人社、司法",
    )
    services.change_body_status(body.pk, world.leader_a, to_status="setting_up", on=dt.date(2026, 8, 20))
    services.register_body(
        world.office_staff,
        name="兴丰调解室",
        kind="other",
        unit=world.unit_b,
        status="planned",
        status_on=dt.date(2026, 8, 1),
    )
    hand(dispute, world.cadre_a, number="YH-A", body=body)
    services.apply_case_update(
        case_number="YH-A",
        outcome="settled",
        outcome_date=dt.date(2026, 8, 12),
        amount=Decimal("12000"),
        actor=world.office_staff,
        via="import",
    )
    hand(dispute_b, world.cadre_b, number="YH-B", day=dt.date(2026, 9, 2))
    return world


def test_both_sheets_are_in_the_workbook(mediation, tmp_path):
    wb = export_to(tmp_path / "l.xlsx", mediation.office_staff, campaign_id=mediation.campaign.pk)
    assert "调解案件台账" in wb.sheetnames and "调解组织台账" in wb.sheetnames


def test_case_rows_read_back(mediation, tmp_path, dispute):
    wb = export_to(tmp_path / "l.xlsx", mediation.office_staff, campaign_id=mediation.campaign.pk, sheets=SHEETS)
    ws = wb["调解案件台账"]
    assert [c.value for c in column(ws, "言和案件编号")] == ["YH-A", "YH-B"]
    first = [c.value for c in data_rows(ws)[0]]
    assert first[2] == dispute.code
    assert first[4] == "欧阳秀英"  # staff see the worker in full
    assert first[8] == dt.datetime(2026, 8, 5)
    assert first[9:14] == ["调解成功", dt.datetime(2026, 8, 12), "12000.00", 7, "高米店街道六方工作站"]


def test_body_rows_read_back(mediation, tmp_path):
    wb = export_to(tmp_path / "l.xlsx", mediation.office_staff, campaign_id=mediation.campaign.pk, sheets=SHEETS)
    ws = wb["调解组织台账"]
    rows = {r[2]: r for r in ([c.value for c in r] for r in data_rows(ws))}
    station = rows["高米店街道六方工作站"]
    assert station[1:4] == ["高米店街道", "高米店街道六方工作站", "六方工作站"]
    assert station[6:10] == ["工会、人社、司法", "筹建中", dt.datetime(2026, 8, 20), 1]
    assert rows["兴丰调解室"][9] == 0
    assert len(rows) == 2


def test_a_team_leader_exports_only_the_teams_cases_and_bodies(mediation, tmp_path):
    wb = export_to(tmp_path / "l.xlsx", mediation.leader_a, campaign_id=mediation.campaign.pk, sheets=SHEETS)
    assert [c.value for c in column(wb["调解案件台账"], "言和案件编号")] == ["YH-A"]
    assert [c.value for c in column(wb["调解组织台账"], "名称")] == ["高米店街道六方工作站"]


def test_the_worker_is_masked_for_a_leader_without_the_right(mediation, tmp_path, monkeypatch):
    from issues.models import WorkerIssue

    monkeypatch.setattr(WorkerIssue, "can_see_personal_data", lambda self, user: False)
    wb = export_to(tmp_path / "l.xlsx", mediation.leader_a, campaign_id=mediation.campaign.pk, sheets=SHEETS)
    assert [c.value for c in column(wb["调解案件台账"], "职工姓名")] == ["欧***"]


def test_the_period_limits_cases_by_handover_date(mediation, tmp_path):
    wb = export_to(
        tmp_path / "l.xlsx",
        mediation.office_staff,
        campaign_id=mediation.campaign.pk,
        sheets=SHEETS,
        date_from=dt.date(2026, 9, 1),
    )
    assert [c.value for c in column(wb["调解案件台账"], "言和案件编号")] == ["YH-B"]


def test_team_bs_leader_gets_no_team_a_rows(mediation, tmp_path):
    wb = export_to(tmp_path / "l.xlsx", mediation.leader_b, campaign_id=mediation.campaign.pk, sheets=SHEETS)
    assert [c.value for c in column(wb["调解案件台账"], "言和案件编号")] == ["YH-B"]
    assert [c.value for c in column(wb["调解组织台账"], "名称")] == ["兴丰调解室"]
