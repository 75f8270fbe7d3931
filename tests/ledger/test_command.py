"""python manage.py export_ledger"""

import pytest
from django.core.management import CommandError, call_command

from tests.ledger.helpers import column, data_rows, load


def test_exports_the_campaign_to_a_file(ledger, tmp_path):
    out = tmp_path / "台账.xlsx"
    call_command("export_ledger", "--campaign", str(ledger.campaign.pk), "--out", str(out))
    wb = load(out.read_bytes())
    assert wb.sheetnames == [
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
    assert len(data_rows(wb["走访台账"])) == 3


def test_team_and_period_options(ledger, tmp_path):
    out = tmp_path / "a.xlsx"
    call_command(
        "export_ledger",
        f"--campaign={ledger.campaign.pk}",
        f"--team={ledger.team_b.pk}",
        "--from=2026-08-01",
        "--to=2026-08-31",
        "--sheet=visits",
        f"--out={out}",
    )
    wb = load(out.read_bytes())
    assert wb.sheetnames == ["走访台账"]
    assert [c.value for c in column(wb["走访台账"], "小组")] == ["第二蹲点小组"]


def test_unknown_campaign_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="没有 ID 为 999 的蹲点活动"):
        call_command("export_ledger", "--campaign=999", f"--out={tmp_path / 'x.xlsx'}")


def test_reversed_period_is_refused(ledger, tmp_path):
    with pytest.raises(CommandError, match="截止日期不能早于起始日期"):
        call_command(
            "export_ledger", f"--campaign={ledger.campaign.pk}", "--from=2026-09-01", "--to=2026-08-01", "--out=x.xlsx"
        )
