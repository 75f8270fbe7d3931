"""The five ledger sheets, each a header and a generator of rows.

Rows come from ``.iterator(chunk_size=…)`` querysets: a bounded number of
queries per chunk (the main query plus one per prefetch), never one per row,
and never the whole table in memory.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone

from campaigns.models import Enterprise, EnterpriseStatusChange, UnionStatus
from dashboard.metrics import coverage_rows
from issues.masking import mask_id_number, mask_name, mask_phone
from issues.models import WorkerIssue
from visits.models import Recruitment, Visit

from .scope import SHEET_CHOICES, LedgerScope
from .xlsx import Column, Sheet

CHUNK = 2000
SHEET_NAMES = dict(SHEET_CHOICES)


def person(user) -> str:
    """A user as written in a ledger: the Chinese full name, else the login name."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.username


def local(value):
    """Excel has no time zones: local (Asia/Shanghai) wall-clock time, naive."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _users():
    return get_user_model().objects.only("id", "username", "first_name", "last_name")


# -- querysets (also used to count rows) ---------------------------------------


def visits_queryset(scope: LedgerScope):
    qs = Visit.objects.visible_to(scope.user).filter(campaign=scope.campaign, team_id__in=scope.team_ids)
    if scope.date_from:
        qs = qs.filter(date__gte=scope.date_from)
    if scope.date_to:
        qs = qs.filter(date__lte=scope.date_to)
    if scope.units_filtered:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    return qs


def issues_queryset(scope: LedgerScope):
    """Tickets received in the period (local dates, bounds as aware datetimes so the index is used)."""
    qs = WorkerIssue.objects.visible_to(scope.user).filter(campaign=scope.campaign, team_id__in=scope.team_ids)
    if scope.starts_at:
        qs = qs.filter(received_at__gte=scope.starts_at)
    if scope.ends_before:
        qs = qs.filter(received_at__lt=scope.ends_before)
    if scope.units_filtered:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    return qs


def enterprises_queryset(scope: LedgerScope):
    """Enterprises of the units in scope still without a union, or that set one up in the period."""
    established_in_period = EnterpriseStatusChange.objects.filter(
        enterprise=OuterRef("pk"),
        to_status=UnionStatus.ESTABLISHED,
        changed_on__gte=scope.date_from or scope.campaign.start_date,
        changed_on__lte=scope.date_to or scope.campaign.end_date,
    )
    return (
        Enterprise.objects.visible_to(scope.user)
        .filter(unit_id__in=scope.unit_ids)
        .filter(~Q(union_status=UnionStatus.ESTABLISHED) | Exists(established_in_period))
    )


def recruitment_queryset(scope: LedgerScope):
    return Recruitment.objects.filter(visit__in=visits_queryset(scope))


def count_rows(scope: LedgerScope) -> int:
    """Data rows the workbook will have (decides between download and background job)."""
    counters = {
        "visits": lambda: visits_queryset(scope).count(),
        "issues": lambda: issues_queryset(scope).count(),
        "enterprises": lambda: enterprises_queryset(scope).count(),
        "recruitment": lambda: recruitment_queryset(scope).count(),
        "coverage": lambda: len(scope.units),
    }
    return sum(counters[key]() for key in scope.sheets)


# -- sheets ----------------------------------------------------------------------


def _title(scope: LedgerScope, key: str) -> str:
    return f"{scope.campaign.name} · {SHEET_NAMES[key]}"


VISIT_COLUMNS = [
    Column("序号", "int"),
    Column("走访日期", "date", 11),
    Column("小组"),
    Column("蹲点单位"),
    Column("形式"),
    Column("地点"),
    Column("走访企业", "long"),
    Column("参加干部"),
    Column("座谈/接待人员"),
    Column("覆盖职工人数", "int"),
    Column("入会人数", "int"),
    Column("工作内容", "long", 30),
    Column("企业生产经营情况", "long"),
    Column("职工思想动态", "long"),
    Column("劳动关系焦点问题", "long"),
    Column("填报人"),
    Column("填报时间", "datetime", 16),
]


def visit_rows(scope: LedgerScope):
    qs = (
        visits_queryset(scope)
        .select_related("team", "unit", "created_by")
        .prefetch_related(
            Prefetch("enterprises", queryset=Enterprise.objects.only("id", "name").order_by("name")),
            Prefetch("cadres", queryset=_users().order_by("username")),
            Prefetch("recruitments", queryset=Recruitment.objects.only("id", "visit_id", "count")),
        )
        .order_by("date", "team__sort_order", "unit__sort_order", "id")
    )
    for n, v in enumerate(qs.iterator(chunk_size=CHUNK), 1):
        yield [
            n,
            v.date,
            v.team.name,
            v.unit.name,
            v.get_kind_display(),
            v.place,
            "、".join(e.name for e in v.enterprises.all()),
            "、".join(person(u) for u in v.cadres.all()),
            v.people_met,
            v.workers_reached,
            sum(r.count for r in v.recruitments.all()),
            v.summary,
            v.operations_findings,
            v.mood_findings,
            v.hotspot_findings,
            person(v.created_by),
            local(v.created_at),
        ]


ISSUE_COLUMNS = [
    Column("序号", "int"),
    Column("工单编号"),
    Column("来源"),
    Column("热线工单号"),
    Column("类别"),
    Column("紧急程度"),
    Column("职工姓名"),
    Column("联系电话"),
    Column("身份证号"),
    Column("责任小组"),
    Column("所属单位"),
    Column("涉及企业"),
    Column("诉求摘要", "long", 20),
    Column("诉求内容", "long", 30),
    Column("承办人"),
    Column("状态"),
    Column("处理层级"),
    Column("受理登记时间", "datetime", 16),
    Column("响应时限", "datetime", 16),
    Column("办结时限", "datetime", 16),
    Column("响应时间", "datetime", 16),
    Column("办结时间", "datetime", 16),
    Column("办结方式"),
    Column("满意度"),
]


def issue_rows(scope: LedgerScope):
    user = scope.user
    qs = issues_queryset(scope).select_related("team", "unit", "enterprise", "handler").order_by("received_at", "id")
    for n, i in enumerate(qs.iterator(chunk_size=CHUNK), 1):
        full = i.can_see_personal_data(user)
        yield [
            n,
            i.code,
            i.get_source_display(),
            i.hotline_number,
            i.get_category_display(),
            i.get_urgency_display(),
            i.worker_name if full else mask_name(i.worker_name),
            i.worker_phone if full else mask_phone(i.worker_phone),
            i.worker_id_number if full else mask_id_number(i.worker_id_number),
            i.team.name,
            i.unit.name,
            i.enterprise.name if i.enterprise else "",
            i.title,
            i.description,
            person(i.handler),
            i.get_status_display(),
            i.get_escalation_step_display(),
            local(i.received_at),
            local(i.response_due),
            local(i.resolution_due),
            local(i.responded_at),
            local(i.closed_at),
            i.get_closing_kind_display(),
            i.get_satisfaction_display(),
        ]


ENTERPRISE_COLUMNS = [
    Column("序号", "int"),
    Column("所属单位"),
    Column("负责小组"),
    Column("企业名称"),
    Column("统一社会信用代码", "text", 20),
    Column("行业"),
    Column("职工人数", "int"),
    Column("工会会员数", "int"),
    Column("新业态企业"),
    Column("八大群体"),
    Column("建会状态"),
    Column("状态变更日期", "date", 11),
    Column("最近走访日期", "date", 11),
    Column("联系人"),
    Column("联系电话"),
    Column("地址", "long"),
    Column("备注", "long"),
]


def enterprise_rows(scope: LedgerScope):
    qs = (
        enterprises_queryset(scope)
        .select_related("unit", "eight_group")
        .annotate(last_visit=Max("visits__date", filter=Q(visits__campaign=scope.campaign)))
        .order_by("unit__sort_order", "unit__name", "name", "id")
    )
    for n, e in enumerate(qs.iterator(chunk_size=CHUNK), 1):
        team = scope.unit_team.get(e.unit_id)
        yield [
            n,
            e.unit.name,
            team.name if team else "",
            e.name,
            e.credit_code,
            e.industry,
            e.headcount,
            e.union_members,
            "是" if e.is_new_form else "否",
            e.eight_group.name if e.eight_group else "",
            e.get_union_status_display(),
            e.union_status_date,
            e.last_visit,
            e.contact_name,
            e.contact_phone,
            e.address,
            e.notes,
        ]


RECRUITMENT_COLUMNS = [
    Column("序号", "int"),
    Column("走访日期", "date", 11),
    Column("小组"),
    Column("蹲点单位"),
    Column("走访企业", "long"),
    Column("群体"),
    Column("入会人数", "int"),
]


def recruitment_rows(scope: LedgerScope):
    qs = (
        recruitment_queryset(scope)
        .select_related("visit__team", "visit__unit", "group")
        .prefetch_related(
            Prefetch("visit__enterprises", queryset=Enterprise.objects.only("id", "name").order_by("name"))
        )
        .order_by("visit__date", "visit__team__sort_order", "visit__unit__sort_order", "visit_id", "group__sort_order")
    )
    for n, r in enumerate(qs.iterator(chunk_size=CHUNK), 1):
        v = r.visit
        yield [
            n,
            v.date,
            v.team.name,
            v.unit.name,
            "、".join(e.name for e in v.enterprises.all()),
            r.group.name,
            r.count,
        ]


COVERAGE_COLUMNS = [
    Column("序号", "int"),
    Column("蹲点单位"),
    Column("小组"),
    Column("走访次数", "int"),
    Column("最近走访日期", "date", 11),
    Column("走访企业数", "int"),
    Column("诉求（办理中）", "int"),
    Column("诉求（已办结）", "int"),
    Column("覆盖职工人数", "int"),
    Column("入会人数", "int"),
]


def scope_coverage(scope: LedgerScope) -> list:
    """The dashboard's coverage rows for the same filters: one query layer, so the totals agree."""
    return list(
        coverage_rows(
            scope.campaign, teams=scope.team_ids, units=scope.unit_ids, start=scope.date_from, end=scope.date_to
        )
    )


def coverage_values(n, row) -> list:
    return [
        n,
        row.unit.name,
        row.team.name,
        row.visits,
        row.last_visit_date,
        row.enterprises_met,
        row.issues_open,
        row.issues_closed,
        row.workers_reached,
        row.recruited,
    ]


def coverage_total(rows) -> list:
    """The 合计 row: column sums and the latest visit date."""

    def total(name):
        return sum(getattr(r, name) for r in rows)

    lasts = [r.last_visit_date for r in rows if r.last_visit_date]
    return [
        None,
        "合计",
        f"{len(rows)}个单位",
        total("visits"),
        max(lasts) if lasts else None,
        total("enterprises_met"),
        total("issues_open"),
        total("issues_closed"),
        total("workers_reached"),
        total("recruited"),
    ]


def coverage_sheet(scope: LedgerScope) -> Sheet:
    rows = scope_coverage(scope)
    return Sheet(
        name=SHEET_NAMES["coverage"],
        title=_title(scope, "coverage"),
        subtitle=scope.describe(),
        columns=COVERAGE_COLUMNS,
        rows=(coverage_values(n, r) for n, r in enumerate(rows, 1)),
        expected_rows=len(rows),
        footer_rows=lambda: [coverage_total(rows)],
    )


def build_sheets(scope: LedgerScope, counts: dict | None = None) -> list[Sheet]:
    """The sheets the scope asks for, in the workbook's order; rows are not read yet."""
    generators = {
        "visits": (VISIT_COLUMNS, visit_rows),
        "issues": (ISSUE_COLUMNS, issue_rows),
        "enterprises": (ENTERPRISE_COLUMNS, enterprise_rows),
        "recruitment": (RECRUITMENT_COLUMNS, recruitment_rows),
    }
    sheets = []
    for key in scope.sheets:
        if key == "coverage":
            sheets.append(coverage_sheet(scope))
            continue
        columns, rows = generators[key]
        sheets.append(
            Sheet(
                name=SHEET_NAMES[key],
                title=_title(scope, key),
                subtitle=scope.describe(),
                columns=columns,
                rows=rows(scope),
            )
        )
    return sheets
