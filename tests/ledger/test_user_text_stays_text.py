"""Issue 12 finding 6: every piece of user text openpyxl receives is written as text, never as a formula.

The class: the ledger's title row (campaign and team names), footer rows,
every data cell (tests/ledger/test_export_workbook.py), and the import
template's instructions and drop-down lists (unit and group names from the database).
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from campaigns.models import UnionUnit, WorkerGroup
from tests.ledger.helpers import export_to

FORMULA = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def hostile_names(ledger):
    ledger.campaign.name = FORMULA
    ledger.campaign.save()
    ledger.team_a.name = "+cmd|' /C calc'!A0"
    ledger.team_a.save()
    return ledger


def test_the_title_cell_of_every_sheet_is_text_when_the_campaign_name_starts_with_equals(hostile_names, tmp_path):
    workbook = export_to(tmp_path / "l.xlsx", hostile_names.office_staff, campaign_id=hostile_names.campaign.pk)
    for ws in workbook.worksheets:
        title = ws["A1"]
        assert title.data_type == "s", ws.title
        assert title.value.startswith(FORMULA)


def test_every_string_cell_of_the_ledger_is_text(hostile_names, tmp_path):
    workbook = export_to(tmp_path / "l.xlsx", hostile_names.office_staff, campaign_id=hostile_names.campaign.pk)
    formulas = [
        (ws.title, cell.coordinate)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


@pytest.mark.parametrize("kind", ["enterprises", "tickets"])
def test_the_import_template_writes_database_names_as_text(client, world, kind):
    UnionUnit.objects.create(name="=1+2单位", sort_order=99)
    WorkerGroup.objects.create(name='=A1"组', sort_order=99)
    client.force_login(world.office_staff)
    response = client.get(reverse("ledger:import_template", args=[kind]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    for validation in workbook["数据"].data_validations.dataValidation:
        assert '"组' not in validation.formula1 and validation.formula1.count('"') == 2
