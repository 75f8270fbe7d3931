"""Batches of 12345 / 12351 hotline tickets: matched by (source, hotline number), so a re-import updates.

New tickets are opened through ``issues.services.open_issue`` and known ones
updated through ``issues.services.import_update``: the same service layer as
the pages (row lock, version bump, team/unit/handler invariants, one timeline
entry). The team is the one that covers the ticket's unit in the chosen
campaign; a row that would move a ticket another team is handling is refused
("该工单已由第二蹲点小组办理，导入未改动其小组") and nothing of it is written.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns.models import Assignment, Enterprise
from campaigns.validators import validate_id_number, validate_phone
from issues.models import Category, Source, Urgency, WorkerIssue
from issues.services import import_refusal, import_update, open_issue
from issues.workflow import TransitionError

from .reader import ColumnSpec, RowError, as_received_at, as_text

COLUMNS = [
    ColumnSpec("热线工单号", True, "必填，热线系统的工单编号；同一来源同一编号再次导入时更新而不重复", 20),
    ColumnSpec("来源", True, "必填：12345 或 12351", 10),
    ColumnSpec("受理时间", True, "必填，如 2026-08-03 09:30", 18),
    ColumnSpec("类别", True, "必填：" + "、".join(Category.labels), 12),
    ColumnSpec("紧急程度", False, "紧急/一般/复杂，留空为一般", 10),
    ColumnSpec("所属单位", True, "必填，须为本活动中有小组负责的蹲点单位", 14),
    ColumnSpec("诉求摘要", True, "必填，最多120字", 30),
    ColumnSpec("诉求内容", True, "必填", 40),
    ColumnSpec("职工姓名", False, "", 10),
    ColumnSpec("联系电话", False, "手机11位，座机带区号", 14),
    ColumnSpec("身份证号", False, "18位", 20),
    ColumnSpec("涉及企业", False, "企业名称或统一社会信用代码，须为系统中已有企业，可留空", 24),
]

SOURCES = {
    "12345": Source.HOTLINE_12345,
    Source.HOTLINE_12345.label: Source.HOTLINE_12345,
    "12351": Source.HOTLINE_12351,
    Source.HOTLINE_12351.label: Source.HOTLINE_12351,
}


@dataclass
class TicketRow:
    row: int
    key: tuple
    fields: dict
    received_at: object
    existing: WorkerIssue | None


class TicketImporter:
    kind = "tickets"
    columns = COLUMNS
    key_column = "热线工单号"

    def __init__(self, user, *, campaign, **options):
        self.user = user
        self.campaign = campaign
        self.refused = []  # RowError of rows refused while writing (a ticket taken up meanwhile)

    def validate(self, rows) -> tuple[list, list]:
        teams_by_unit = {}
        # The team covering the unit now (a unit handed over mid-campaign: the new team).
        for a in Assignment.objects.filter(campaign=self.campaign).current().select_related("unit", "team__campaign"):
            teams_by_unit[a.unit.name] = a
            teams_by_unit[a.unit.display_name] = a
        categories = {label: value for value, label in Category.choices}
        urgencies = {label: value for value, label in Urgency.choices}
        enterprise_refs = {as_text(v.get("涉及企业")) for _, v in rows} - {""}
        enterprises = {}
        for e in Enterprise.objects.filter(name__in=enterprise_refs) | Enterprise.objects.filter(
            credit_code__in=[r.upper() for r in enterprise_refs]
        ):
            enterprises.setdefault(e.name, e)
            if e.credit_code:
                enterprises[e.credit_code] = e
        numbers = {as_text(v.get("热线工单号")) for _, v in rows} - {""}
        existing = {
            (i.source, i.hotline_number): i
            for i in WorkerIssue.objects.filter(
                source__in=[Source.HOTLINE_12345, Source.HOTLINE_12351], hotline_number__in=numbers
            )
        }

        valid, errors, seen = [], [], {}
        for row_number, values in rows:
            problems = []

            def bad(column, message, _problems=problems, _row=row_number):
                _problems.append(RowError(_row, column, message))

            number = as_text(values.get("热线工单号"))
            if not number:
                bad("热线工单号", "必填")
            elif len(number) > 40:
                bad("热线工单号", "不能超过40个字符")
            source_text = as_text(values.get("来源"))
            source = SOURCES.get(source_text)
            if not source_text:
                bad("来源", "必填")
            elif source is None:
                bad("来源", "应为 12345 或 12351")
            received_at = None
            if values.get("受理时间") is None:
                bad("受理时间", "必填")
            else:
                try:
                    received_at = as_received_at(values.get("受理时间"))
                except ValueError as exc:
                    bad("受理时间", str(exc))
            category_text = as_text(values.get("类别"))
            category = categories.get(category_text)
            if not category_text:
                bad("类别", "必填")
            elif category is None:
                bad("类别", "应为：" + "、".join(categories))
            urgency_text = as_text(values.get("紧急程度"))
            urgency = urgencies.get(urgency_text, Urgency.ORDINARY if not urgency_text else None)
            if urgency is None:
                bad("紧急程度", "应为：" + "、".join(urgencies))
            unit_text = as_text(values.get("所属单位"))
            assignment = teams_by_unit.get(unit_text)
            if not unit_text:
                bad("所属单位", "必填")
            elif assignment is None:
                bad("所属单位", f"“{unit_text}”在“{self.campaign.name}”中没有负责的小组（或系统中没有这个单位）")
            title = as_text(values.get("诉求摘要"))
            if not title:
                bad("诉求摘要", "必填")
            elif len(title) > 120:
                bad("诉求摘要", "不能超过120字")
            description = as_text(values.get("诉求内容"))
            if not description:
                bad("诉求内容", "必填")
            worker_name = as_text(values.get("职工姓名"))
            if len(worker_name) > 40:
                bad("职工姓名", "不能超过40字")
            phone = as_text(values.get("联系电话"))
            if phone:
                try:
                    validate_phone(phone)
                except ValidationError as exc:
                    bad("联系电话", exc.messages[0])
            id_number = as_text(values.get("身份证号")).upper()
            if id_number:
                try:
                    validate_id_number(id_number)
                except ValidationError as exc:
                    bad("身份证号", exc.messages[0])
            enterprise_text = as_text(values.get("涉及企业"))
            enterprise = enterprises.get(enterprise_text) or enterprises.get(enterprise_text.upper())
            if enterprise_text and enterprise is None:
                bad("涉及企业", f"系统中没有“{enterprise_text}”这家企业（可先导入企业名录）")
            key = (source, number)
            if number and source:
                if key in seen:
                    bad("热线工单号", f"与第{seen[key]}行重复")
                seen.setdefault(key, row_number)
            current = existing.get(key)
            if current is not None and current.campaign_id != self.campaign.pk:
                bad("热线工单号", f"该工单已在“{current.campaign}”中登记（{current.code}），请选择该活动导入")
            elif current is not None and assignment is not None:
                refused = import_refusal(current, assignment.team)
                if refused:
                    bad("所属单位", f"{refused}（{current.code}）")
            if problems:
                errors.extend(problems)
                continue
            fields = {
                "category": category,
                "urgency": urgency,
                "title": title,
                "description": description,
                "worker_name": worker_name,
                "worker_phone": phone,
                "worker_id_number": id_number,
                "enterprise": enterprise,
                "unit": assignment.unit,
                "team": assignment.team,
            }
            valid.append(TicketRow(row_number, key, fields, received_at, current))
        return valid, errors

    def write(self, valid) -> tuple[int, int]:
        created = updated = 0
        for item in valid:
            source, number = item.key
            fields = dict(item.fields)
            team = fields.pop("team")
            try:
                with transaction.atomic():
                    if item.existing is None:
                        open_issue(
                            created_by=self.user,
                            source=source,
                            hotline_number=number,
                            campaign=self.campaign,
                            received_at=item.received_at,
                            team=team,
                            **fields,
                        )
                        created += 1
                    else:
                        import_update(
                            item.existing.pk, self.user, {**fields, "received_at": item.received_at}, team=team
                        )
                        updated += 1
            except TransitionError as error:
                self.refused.append(RowError(item.row, "所属单位", error.message))
        return created, updated
