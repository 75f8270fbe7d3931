"""The 言和 platform's case list from Excel: each row through ``services.apply_case_update``.

Matched by 言和 case number (a case handed over from a ticket), else by the
ticket's hotline number (the ticket is then handed over under that number).
Idempotent: a row that says what the case already says writes nothing, so the
same list imported twice adds no timeline entry. Registered in
``ledger.imports.service.IMPORTERS`` as kind "yanhe": the ledger's upload,
check, "import only the valid rows" and history pages serve it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from issues.models import WorkerIssue
from ledger.imports.reader import ColumnSpec, RowError, as_datetime, as_text

from .choices import CaseOutcome
from .models import YanheCase
from .services import MAX_AMOUNT, MediationError, apply_case_update

COLUMNS = [
    ColumnSpec("言和案件编号", True, "必填，言和平台的案件编号；再次导入同一编号时更新而不重复", 20),
    ColumnSpec("热线工单号", False, "系统中尚无该案件编号时，按热线工单号匹配工单并登记移交", 20),
    ColumnSpec("移交日期", False, "按热线工单号新登记时的移交日期，如 2026-08-03；留空取结果日期", 12),
    ColumnSpec("调解结果", True, "必填：调解中、调解成功、调解不成功·转仲裁（或“转仲裁”）、撤回", 18),
    ColumnSpec("结果日期", False, "调解中以外必填，如 2026-08-20；调解成功为达成协议的日期", 12),
    ColumnSpec("调解金额（元）", False, "调解成功且涉及金钱给付时填写，不能为负数", 14),
]

OUTCOMES = {
    **{label: value for value, label in CaseOutcome.choices},
    "调解不成功": CaseOutcome.ARBITRATION,
    "转仲裁": CaseOutcome.ARBITRATION,
    "调解不成功转仲裁": CaseOutcome.ARBITRATION,
    "已撤回": CaseOutcome.WITHDRAWN,
}


@dataclass
class CaseRow:
    row: int
    case_number: str
    hotline_number: str
    handed_over_on: dt.date | None
    outcome: str
    outcome_on: dt.date | None
    amount: Decimal | None


def _day(value, column, bad):
    if value in (None, ""):
        return None
    try:
        day = as_datetime(value).date()
    except ValueError as exc:
        bad(
            column, str(exc).replace("日期时间格式不正确，应为如 2026-08-03 09:30", "日期格式不正确，应为如 2026-08-03")
        )
        return None
    if day > timezone.localdate():
        bad(column, "不能晚于今天")
        return None
    return day


def _amount(value, bad):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(as_text(value).replace(",", "").replace("，", ""))
    except InvalidOperation:
        bad("调解金额（元）", "应为金额，例如 12000.00")
        return None
    if not amount.is_finite():
        bad("调解金额（元）", "应为金额，例如 12000.00")
        return None
    if amount < 0:
        bad("调解金额（元）", "不能为负数")
        return None
    if amount > MAX_AMOUNT:
        bad("调解金额（元）", "金额过大，请核对")
        return None
    return amount.quantize(Decimal("0.01"))


class YanheImporter:
    kind = "yanhe"
    columns = COLUMNS
    key_column = "言和案件编号"

    def __init__(self, user, **options):
        self.user = user
        self.refused = []  # RowError of rows the service refused while writing

    def validate(self, rows) -> tuple[list, list]:
        numbers = [as_text(v.get(self.key_column)) for _, v in rows]
        cases = {c.case_number: c for c in YanheCase.objects.filter(case_number__in=[n for n in numbers if n])}
        valid, errors, seen = [], [], {}
        for row_number, values in rows:
            problems = []

            def bad(column, message, _problems=problems, _row=row_number):
                _problems.append(RowError(_row, column, message))

            number = as_text(values.get("言和案件编号"))
            if not number:
                bad("言和案件编号", "必填")
            elif len(number) > 40:
                bad("言和案件编号", "不能超过40个字符")
            elif number in seen:
                bad("言和案件编号", f"与第{seen[number]}行重复")
            seen.setdefault(number, row_number)
            hotline = as_text(values.get("热线工单号"))[:40]
            handed = _day(values.get("移交日期"), "移交日期", bad)
            outcome_text = as_text(values.get("调解结果")).replace(" ", "")
            outcome = OUTCOMES.get(outcome_text)
            if not outcome_text:
                bad("调解结果", "必填")
            elif outcome is None:
                bad("调解结果", "应为：调解中、调解成功、调解不成功·转仲裁、撤回")
            outcome_on = _day(values.get("结果日期"), "结果日期", bad)
            amount = _amount(values.get("调解金额（元）"), bad)
            if outcome and outcome != CaseOutcome.PENDING and outcome_on is None and not problems:
                bad("结果日期", "调解中以外的结果须填写结果日期")
            if outcome == CaseOutcome.PENDING and outcome_on is not None:
                bad("结果日期", "调解中的案件不填结果日期")
            if amount is not None and outcome and outcome != CaseOutcome.SETTLED:
                bad("调解金额（元）", "只有调解成功的案件填写调解金额")
            case = cases.get(number)
            if number and case is None and not problems:
                self._check_hotline(number, hotline, bad)
            start = case.handed_over_on if case else (handed or outcome_on)
            if outcome_on and start and outcome_on < start:
                bad("结果日期", f"不能早于移交言和的日期（{start:%Y-%m-%d}）")
            if problems:
                errors.extend(problems)
                continue
            valid.append(CaseRow(row_number, number, hotline, handed, outcome, outcome_on, amount))
        return valid, errors

    def _check_hotline(self, number, hotline, bad):
        if not hotline:
            bad("言和案件编号", "系统中没有这个言和案件编号；如为热线工单移交的案件，请填写热线工单号")
            return
        tickets = list(WorkerIssue.objects.filter(hotline_number=hotline)[:2])
        if not tickets:
            bad("热线工单号", f"系统中没有热线工单号“{hotline}”的工单")
        elif len(tickets) > 1:
            bad("热线工单号", "对应多张工单，请改用已登记的言和案件编号")
        else:
            existing = YanheCase.objects.filter(issue=tickets[0]).first()
            if existing is not None:
                bad("热线工单号", f"该工单已移交言和，案件编号为“{existing.case_number}”，与本行不一致")

    def write(self, valid) -> tuple[int, int]:
        created = updated = 0
        for item in valid:
            try:
                with transaction.atomic():
                    result = apply_case_update(
                        case_number=item.case_number,
                        hotline_number=item.hotline_number or None,
                        outcome=item.outcome,
                        outcome_date=item.outcome_on,
                        amount=item.amount,
                        actor=self.user,
                        via="import",
                        handed_over_on=item.handed_over_on,
                    )
            except MediationError as error:
                self.refused.append(RowError(item.row, "调解结果", error.message))
                continue
            if result.created:
                created += 1
            elif result.changed:
                updated += 1
        return created, updated
