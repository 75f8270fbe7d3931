"""覆盖情况汇总 "按现单位汇总": records of merged units summed under today's unit, hand-counted."""

import datetime as dt

import pytest

from campaigns.models import Assignment, UnionUnit
from issues.unit_changes import apply_change, plan_change
from ledger.sheets import SHEET_NAMES
from tests.factories import AssignmentFactory, UnionUnitFactory
from tests.factories.visits import VisitFactory

from .helpers import data_rows, export_to


@pytest.fixture
def merged(world):
    """高米店街道 (2 visits) and 清源街道 (1 visit) merge on 1 December; 联合街道 then gets 1 visit."""
    unit_c = UnionUnitFactory(name="清源街道")
    assignment_c = AssignmentFactory(campaign=world.campaign, team=world.team_a, unit=unit_c)
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 3), workers_reached=10)
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 9, 3), workers_reached=5)
    VisitFactory(assignment=assignment_c, date=dt.date(2026, 10, 3), workers_reached=7)
    plan = plan_change("merge", dt.date(2026, 12, 1), [world.unit_a, unit_c], ["联合街道"])
    apply_change(plan, world.office_staff)
    new = UnionUnit.objects.get(name="联合街道")
    VisitFactory(assignment=Assignment.objects.get(unit=new), date=dt.date(2026, 12, 2), workers_reached=1)
    return new


def coverage(tmp_path, world, **extra):
    book = export_to(
        tmp_path / "c.xlsx", world.office_staff, campaign_id=world.campaign.pk, sheets=["coverage"], **extra
    )
    ws = book[SHEET_NAMES["coverage"]]
    return {r[1].value: (r[3].value, r[8].value) for r in data_rows(ws)}


def test_by_unit_as_recorded_the_old_units_keep_their_rows(merged, world, tmp_path):
    rows = coverage(tmp_path, world)

    assert rows["高米店街道"] == (2, 15)
    assert rows["清源街道"] == (1, 7)
    assert rows["联合街道"] == (1, 1)


def test_by_current_successor_the_merged_units_are_summed(merged, world, tmp_path):
    rows = coverage(tmp_path, world, by_successor=True)

    assert rows["联合街道"] == (4, 23)
    assert "高米店街道" not in rows and "清源街道" not in rows
    assert rows["兴丰街道"] == (0, 0)


def test_the_export_form_offers_the_option(client, world):
    client.force_login(world.office_staff)

    assert "覆盖情况按现单位汇总" in client.get("/ledger/").content.decode()
