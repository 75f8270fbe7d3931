"""Enterprises from Excel: matched by unified social credit code, so a re-import updates.

A new enterprise is saved by ``campaigns.services.create_enterprise`` and a
status change by ``change_union_status`` — the same functions as the pages, so
every status step is dated, attributed and checked; a row those checks refuse
is listed with its message and nothing of it is written.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns.models import Enterprise, UnionStatus, UnionUnit, WorkerGroup
from campaigns.services import change_union_status, create_enterprise
from campaigns.validators import normalize_credit_code, validate_credit_code

from .reader import ColumnSpec, RowError, as_int, as_text

COLUMNS = [
    ColumnSpec("企业名称", True, "必填，最多120字", 30),
    ColumnSpec("统一社会信用代码", True, "必填，18位，用于识别同一企业：再次导入时更新而不重复", 22),
    ColumnSpec("所属单位", True, "必填，须为系统中已有的蹲点单位名称，如“西红门镇”", 14),
    ColumnSpec("地址", False, "", 30),
    ColumnSpec("行业", False, "", 12),
    ColumnSpec("联系人", False, "", 10),
    ColumnSpec("联系电话", False, "", 14),
    ColumnSpec("职工人数", False, "整数", 10),
    ColumnSpec("工会会员数", False, "整数", 10),
    ColumnSpec("建会状态", False, "未建会/已对接/表态建会/筹建中/已建会，留空：新企业为未建会，已有企业不变", 12),
    ColumnSpec("新业态企业", False, "是/否", 10),
    ColumnSpec("八大群体", False, "货车司机、快递员等八大群体之一，可留空", 12),
    ColumnSpec("备注", False, "", 30),
]

YES = {"是", "Y", "y", "yes", "1", "√", "TRUE", "True"}
NO = {"否", "N", "n", "no", "0", "×", "FALSE", "False", ""}


@dataclass
class EnterpriseRow:
    row: int
    fields: dict
    unit: UnionUnit
    status: str | None
    existing: Enterprise | None


class EnterpriseImporter:
    kind = "enterprises"
    columns = COLUMNS
    key_column = "统一社会信用代码"

    def __init__(self, user, **options):
        self.user = user
        self.refused = []  # RowError of rows the status checks refused while writing

    def validate(self, rows) -> tuple[list, list]:
        units = {}
        for u in UnionUnit.objects.all():
            units[u.name] = u
            units[u.display_name] = u
        groups = {g.name: g for g in WorkerGroup.objects.all()}
        statuses = {label: value for value, label in UnionStatus.choices}
        codes = [normalize_credit_code(as_text(v.get(self.key_column))) for _, v in rows]
        existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=[c for c in codes if c])}

        valid, errors, seen = [], [], {}
        for row_number, values in rows:
            problems = []

            def bad(column, message, _problems=problems, _row=row_number):
                _problems.append(RowError(_row, column, message))

            name = as_text(values.get("企业名称"))
            if not name:
                bad("企业名称", "必填")
            elif len(name) > 120:
                bad("企业名称", "不能超过120字")
            code = normalize_credit_code(as_text(values.get("统一社会信用代码")))
            if not code:
                bad("统一社会信用代码", "必填")
            else:
                try:
                    validate_credit_code(code)
                except ValidationError as exc:
                    bad("统一社会信用代码", exc.messages[0])
                else:
                    if code in seen:
                        bad("统一社会信用代码", f"与第{seen[code]}行重复")
                    seen.setdefault(code, row_number)
            unit_name = as_text(values.get("所属单位"))
            unit = units.get(unit_name)
            if not unit_name:
                bad("所属单位", "必填")
            elif unit is None:
                bad("所属单位", f"系统中没有“{unit_name}”这个单位")
            numbers = {}
            for column, attr in (("职工人数", "headcount"), ("工会会员数", "union_members")):
                try:
                    number = as_int(values.get(column))
                except ValueError as exc:
                    bad(column, str(exc))
                else:
                    if number is not None:
                        numbers[attr] = number
            status_text = as_text(values.get("建会状态"))
            status = statuses.get(status_text) if status_text else None
            if status_text and status is None:
                bad("建会状态", "应为：" + "、".join(statuses))
            new_form = as_text(values.get("新业态企业"))
            if new_form not in YES | NO:
                bad("新业态企业", "应填“是”或“否”")
            group_text = as_text(values.get("八大群体"))
            group = groups.get(group_text) if group_text else None
            if group_text and group is None:
                bad("八大群体", "应为：" + "、".join(groups))
            current = existing.get(code)
            if current is not None and status and status != UnionStatus.ESTABLISHED and current.mechanisms:
                bad("建会状态", "该企业已建会并开展了工会工作机制，不能通过导入改回未建会状态")
            if problems:
                errors.extend(problems)
                continue
            fields = {
                "name": name,
                "credit_code": code,
                "unit": unit,
                "address": as_text(values.get("地址"))[:200],
                "industry": as_text(values.get("行业"))[:60],
                "contact_name": as_text(values.get("联系人"))[:40],
                "contact_phone": as_text(values.get("联系电话"))[:30],
                "notes": as_text(values.get("备注")),
                "is_new_form": new_form in YES,
                "is_eight_group": group is not None,
                "eight_group": group,
                **numbers,
            }
            valid.append(EnterpriseRow(row_number, fields, unit, status, current))
        return valid, errors

    def write(self, valid) -> tuple[int, int]:
        created = updated = 0
        today = timezone.localdate()
        for item in valid:
            try:
                with transaction.atomic():
                    if item.existing is None:
                        create_enterprise(
                            Enterprise(**item.fields),
                            by=self.user,
                            status=item.status or UnionStatus.NONE,
                            status_on=today,
                            note="Excel 导入",
                        )
                        created += 1
                        continue
                    enterprise = item.existing
                    changed = [k for k, v in item.fields.items() if getattr(enterprise, k) != v]
                    for k in changed:
                        setattr(enterprise, k, item.fields[k])
                    if changed:
                        enterprise._history_user = self.user
                        enterprise.save()
                    if item.status and item.status != enterprise.union_status:
                        change_union_status(enterprise, item.status, by=self.user, on=today, note="Excel 导入")
                    updated += 1
            except ValidationError as error:
                self.refused.append(RowError(item.row, "建会状态", "；".join(error.messages)))
        return created, updated
