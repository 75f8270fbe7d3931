"""One import: read, check every row, then write all (or only the valid rows) in one transaction."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from campaigns.models import UnionStatus, UnionUnit, WorkerGroup
from issues.models import Category, Urgency
from ledger.xlsx import list_formula, set_text
from mediation.imports import YanheImporter

from ..models import ImportRecord
from .cadres import CadreImporter
from .enterprises import EnterpriseImporter
from .reader import BadFile, RowError, read_rows
from .tickets import TicketImporter

log = logging.getLogger(__name__)

IMPORTERS = {
    "enterprises": EnterpriseImporter,
    "tickets": TicketImporter,
    "cadres": CadreImporter,
    "yanhe": YanheImporter,
}
TEMPLATE_NAMES = {
    "enterprises": "企业名录导入模板.xlsx",
    "tickets": "热线工单导入模板.xlsx",
    "cadres": "干部账号导入模板.xlsx",
    "yanhe": "言和调解案件导入模板.xlsx",
}


@dataclass
class ImportOutcome:
    record: ImportRecord
    errors: list = field(default_factory=list)  # RowError
    valid_rows: int = 0

    @property
    def can_import_valid_rows(self):
        """Rows were rejected but others are fine: the user may choose to import those."""
        return self.record.outcome == ImportRecord.Outcome.REJECTED and self.valid_rows > 0


def run_import(kind, upload, user, *, only_valid=False, **options) -> ImportOutcome:
    """Check every row; with no errors (or ``only_valid``) write in one transaction; record the attempt."""
    importer = IMPORTERS[kind](user, **options)
    file_name = (getattr(upload, "name", "") or "")[-200:]
    try:
        sheet = read_rows(upload, importer.columns)
    except BadFile as exc:
        error = RowError(0, "", str(exc))
        return _record(kind, user, file_name, ImportRecord.Outcome.REJECTED, 0, 0, 0, 0, [error])

    valid, errors = importer.validate(sheet.rows)
    errors = sorted(sheet.errors + errors, key=lambda e: (e.row, e.column))
    bad_rows = {e.row for e in errors}
    valid = [v for v in valid if v.row not in bad_rows]  # a formula cell spoils its whole row
    total = len({r for r, _ in sheet.rows} | bad_rows)
    rejected = len(bad_rows)
    if errors and not only_valid:
        outcome = _record(kind, user, file_name, ImportRecord.Outcome.REJECTED, total, 0, 0, rejected, errors)
        outcome.valid_rows = len(valid)
        return outcome
    try:
        with transaction.atomic():
            created, updated = importer.write(valid)
    except DatabaseError as exc:
        # Nothing of this import was written (the savepoint rolled back).
        log.warning("import %s by %s failed: %s", kind, user, exc)
        error = RowError(0, "", "写入数据库时出错，本次导入未写入任何数据，请稍后重试或联系管理员。")
        return _record(kind, user, file_name, ImportRecord.Outcome.REJECTED, total, 0, 0, total, [*errors, error])
    refused = getattr(importer, "refused", [])
    if refused:
        # Rows the service layer refused while writing (e.g. a ticket taken up meanwhile): nothing of them written.
        errors = sorted(errors + refused, key=lambda e: (e.row, e.column))
        rejected += len({e.row for e in refused})
    result = ImportRecord.Outcome.PARTIAL if errors else ImportRecord.Outcome.IMPORTED
    return _record(kind, user, file_name, result, total, created, updated, rejected, errors)


def _record(kind, user, file_name, outcome, total, created, updated, rejected, errors) -> ImportOutcome:
    record = ImportRecord.objects.create(
        kind=kind,
        user=user,
        file_name=file_name or "（无文件名）",
        outcome=outcome,
        rows_total=total,
        created=created,
        updated=updated,
        rejected=rejected,
        errors=[e.as_dict() for e in errors],
    )
    return ImportOutcome(record=record, errors=errors)


def _append_text(ws, values) -> None:
    """A row of the instructions sheet, every value text (unit names come from the database)."""
    ws.append([None] * len(values))
    for cell, value in zip(ws[ws.max_row], values, strict=True):
        if value not in (None, ""):
            set_text(cell, value)


def template_workbook(kind) -> Workbook:
    """The template to fill in: the header row, widths, drop-down lists, and a sheet of instructions."""
    columns = IMPORTERS[kind].columns
    wb = Workbook()
    ws = wb.active
    ws.title = "数据"
    header_font = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="F2DCDB")
    for i, col in enumerate(columns, 1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = header_font
        cell.alignment = Alignment(horizontal="center")
        if col.required:
            cell.fill = required_fill
        ws.column_dimensions[get_column_letter(i)].width = col.width
        # Text columns stay text (credit codes and phone numbers lose leading zeros otherwise).
        if col.header in {"统一社会信用代码", "联系电话", "身份证号", "热线工单号", "账号", "言和案件编号"}:
            for row in range(2, 1002):
                ws.cell(row=row, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    lists = {
        "建会状态": UnionStatus.labels,
        "新业态企业": ["是", "否"],
        "八大群体": list(WorkerGroup.objects.order_by("sort_order").values_list("name", flat=True)),
        "来源": ["12345", "12351"],
        "类别": Category.labels,
        "紧急程度": Urgency.labels,
        "角色": ["组员", "组长"],
        "调解结果": ["调解中", "调解成功", "调解不成功·转仲裁", "撤回"],
    }
    for i, col in enumerate(columns, 1):
        choices = lists.get(col.header)
        if choices:
            dv = DataValidation(type="list", formula1=list_formula(choices), allow_blank=True)
            dv.error, dv.errorTitle = "请从下拉列表中选择", "输入有误"
            dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}1001")
            ws.add_data_validation(dv)

    notes = wb.create_sheet("填写说明")
    _append_text(notes, ["列名", "是否必填", "说明"])
    for c in notes[1]:
        c.font = header_font
    for col in columns:
        _append_text(notes, [col.header, "必填" if col.required else "选填", col.note])
    notes.append([])
    notes.append(
        [
            "注意",
            "",
            f"表头须在“数据”表第1行，从第2行起连续填写；不要合并单元格，不要使用公式；每次最多导入 {settings.IMPORT_MAX_ROWS} 行。",
        ]
    )
    if any(c.header == "所属单位" for c in columns):
        units = "、".join(
            UnionUnit.objects.filter(is_active=True).order_by("sort_order").values_list("name", flat=True)
        )
        _append_text(notes, ["可用的单位", "", units])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 90
    return wb
