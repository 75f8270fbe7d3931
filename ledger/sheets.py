"""The five ledger sheets, each a header and a generator of rows.

Rows come from ``.values_list(…).iterator(chunk_size=…)`` querysets read in
batches: per batch one query for each many-to-many column (enterprises met,
cadres present), never one per row, and never the whole table in memory.
Plain tuples instead of model instances: building 100 000 models (and their
prefetched relations) would cost more than writing the workbook.
"""

import itertools
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models import Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.models import UnionUnit, WorkerGroup, WorkTeam
from dashboard.coverage import group_by_successor
from issues.masking import mask_id_number, mask_name, mask_phone
from issues.models import Category as IssueCategory
from issues.models import ClosingKind, EscalationStep, Satisfaction, Source, Status, Urgency, WorkerIssue
from mediation import ledger as mediation_ledger
from visits.models import Recruitment, Visit

from .coverage import COVERAGE_COLUMNS, coverage_total, coverage_values, scope_coverage
from .outreach_sheets import PROJECT_COLUMNS, SITE_COLUMNS, VISIT_EXTRA_COLUMNS, project_rows, site_rows, visit_extras
from .queries import (
    enterprises_queryset,
    founding_members,
    issues_queryset,
    recruitment_queryset,
    visits_queryset,
)
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
    """Excel has no time zones: local (Asia/Shanghai, settings.TIME_ZONE) wall-clock time, naive."""
    return value.astimezone(timezone.get_default_timezone()).replace(tzinfo=None) if value else None


def _people() -> dict:
    """{user id: name as written in a ledger}: one query (users are few)."""
    return {
        pk: f"{last}{first}".strip() or username
        for pk, username, first, last in get_user_model().objects.values_list(
            "id", "username", "first_name", "last_name"
        )
    }


def _person_by_id():
    people = _people()
    return lambda user_id: people.get(user_id, "") if user_id else ""


def _names(model) -> dict:
    return dict(model.objects.values_list("id", "name"))


def _batches(iterator, size=None):
    size = size or CHUNK
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _joined(pairs) -> dict:
    """[(owner id, name), …] → {owner id: "name、name"}."""
    joined = {}
    for owner, name in pairs:
        joined[owner] = f"{joined[owner]}、{name}" if owner in joined else name
    return joined


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
    *VISIT_EXTRA_COLUMNS,
]


def visit_rows(scope: LedgerScope):
    teams, units, people = _names(WorkTeam), _names(UnionUnit), _people()
    kinds = dict(Visit.Kind.choices)
    fields = (
        "id", "date", "team_id", "unit_id", "kind", "place", "people_met", "workers_reached", "summary",
        "operations_findings", "mood_findings", "hotspot_findings", "created_by_id", "created_at",
    )  # fmt: skip
    rows = visits_queryset(scope).order_by("date", "team__sort_order", "unit__sort_order", "id").values_list(*fields)
    n = 0
    for batch in _batches(rows.iterator(chunk_size=CHUNK)):
        ids = [r[0] for r in batch]
        met = _joined(
            Visit.enterprises.through.objects.filter(visit_id__in=ids)
            .order_by("visit_id", "enterprise__name")
            .values_list("visit_id", "enterprise__name")
        )
        cadres = _joined(
            (visit_id, people.get(user_id, ""))
            for visit_id, user_id in Visit.cadres.through.objects.filter(visit_id__in=ids)
            .order_by("visit_id", "user__username")
            .values_list("visit_id", "user_id")
        )
        recruited = dict(
            Recruitment.objects.filter(visit_id__in=ids)
            .order_by()
            .values("visit_id")
            .annotate(n=Sum("count"))
            .values_list("visit_id", "n")
        )
        extras = visit_extras(ids, people)
        for pk, day, team, unit, kind, place, met_people, reached, summary, ops, mood, hot, author, at in batch:
            n += 1
            yield [
                n,
                day,
                teams.get(team, ""),
                units.get(unit, ""),
                kinds.get(kind, kind),
                place,
                met.get(pk, ""),
                cadres.get(pk, ""),
                met_people,
                reached,
                recruited.get(pk, 0),
                summary,
                ops,
                mood,
                hot,
                people.get(author, ""),
                local(at),
                *extras[pk],
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
    Column("上报至", "long", 20),
    Column("答复", "long", 24),
    Column("跟进日期", "date", 11),
    Column("来源走访", "long", 18),
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
    teams, units, people = _names(WorkTeam), _names(UnionUnit), _people()
    labels = {
        "source": dict(Source.choices),
        "category": dict(IssueCategory.choices),
        "urgency": dict(Urgency.choices),
        "status": dict(Status.choices),
        "step": dict(EscalationStep.choices),
        "closing": dict(ClosingKind.choices),
        "satisfaction": dict(Satisfaction.choices),
        "visit_kind": dict(Visit.Kind.choices),
    }
    fields = (
        "code", "source", "hotline_number", "category", "urgency", "worker_name", "worker_phone",
        "worker_id_number", "team_id", "unit_id", "enterprise__name", "title", "description", "handler_id",
        "status", "escalation_step", "received_at", "response_due", "resolution_due", "responded_at",
        "closed_at", "closing_kind", "satisfaction", "created_by_id", "escalated_to", "reply", "reply_on",
        "follow_up_on", "visit__date", "visit__kind", "visit__unit_id",
    )  # fmt: skip
    rows = issues_queryset(scope).order_by("received_at", "id").values_list(*fields)
    for n, r in enumerate(rows.iterator(chunk_size=CHUNK), 1):
        (code, source, hotline, category, urgency, name, phone, id_number, team, unit, enterprise, title,
         description, handler, status, step, received, response_due, resolution_due, responded, closed,
         closing, satisfaction, author, escalated_to, reply, reply_on, follow_up_on, visit_date, visit_kind, visit_unit) = r  # fmt: skip
        # The rule lives on the model; it reads only these three ids (no model instance per row).
        ticket = SimpleNamespace(team_id=team, handler_id=handler, created_by_id=author)
        full = WorkerIssue.can_see_personal_data(ticket, user)
        if full and (name or phone or id_number):
            scope.unmasked_tickets.append(code)
        yield [
            n,
            code,
            labels["source"].get(source, source),
            hotline,
            labels["category"].get(category, category),
            labels["urgency"].get(urgency, urgency),
            name if full else mask_name(name),
            phone if full else mask_phone(phone),
            id_number if full else mask_id_number(id_number),
            teams.get(team, ""),
            units.get(unit, ""),
            enterprise or "",
            title,
            description,
            people.get(handler, ""),
            labels["status"].get(status, status),
            labels["step"].get(step, step),
            f"第{step}级 {labels['step'].get(step, '')}：{escalated_to}" if escalated_to else "",
            f"{reply_on:%Y-%m-%d} {reply}" if reply_on else "",
            follow_up_on,
            f"{visit_date:%Y-%m-%d} {labels['visit_kind'].get(visit_kind, '')}（{units.get(visit_unit, '')}）"
            if visit_date
            else "",
            local(received),
            local(response_due),
            local(resolution_due),
            local(responded),
            local(closed),
            labels["closing"].get(closing, ""),
            labels["satisfaction"].get(satisfaction, ""),
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
    teams, units, groups = _names(WorkTeam), _names(UnionUnit), _names(WorkerGroup)
    rows = (
        recruitment_queryset(scope)
        .order_by("visit__date", "visit__team__sort_order", "visit__unit__sort_order", "visit_id", "group__sort_order")
        .values_list("visit_id", "visit__date", "visit__team_id", "visit__unit_id", "group_id", "count")
    )
    n = 0
    for batch in _batches(rows.iterator(chunk_size=CHUNK)):
        met = _joined(
            Visit.enterprises.through.objects.filter(visit_id__in={r[0] for r in batch})
            .order_by("visit_id", "enterprise__name")
            .values_list("visit_id", "enterprise__name")
        )
        for visit_id, day, team, unit, group, count in batch:
            n += 1
            yield [
                n,
                day,
                teams.get(team, ""),
                units.get(unit, ""),
                met.get(visit_id, ""),
                groups.get(group, ""),
                count,
            ]


def recruitment_totals(scope: LedgerScope) -> list[list]:
    """The 入会台账's closing rows: 八大群体, 全部 (at visits), at union founding, and everything."""
    visits = (
        recruitment_queryset(scope)
        .order_by()
        .aggregate(all=Coalesce(Sum("count"), 0), eight=Coalesce(Sum("count", filter=Q(group__is_eight_group=True)), 0))
    )
    founding = founding_members(scope)
    blank = [None] * 4

    def row(label, n):
        return [None, *blank, label, n]

    return [
        row("合计（八大群体）", visits["eight"]),
        row("合计（全部群体）", visits["all"]),
        row("建会时入会", founding),
        row("总计（走访入会＋建会时入会）", visits["all"] + founding),
    ]


def coverage_sheet(scope: LedgerScope) -> Sheet:
    rows = scope_coverage(scope)
    if scope.by_successor:
        rows = group_by_successor(rows)
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
        "mediation_cases": (mediation_ledger.CASE_COLUMNS, mediation_ledger.case_rows),
        "mediation_bodies": (mediation_ledger.BODY_COLUMNS, mediation_ledger.body_rows),
        "sites": (SITE_COLUMNS, site_rows),
        "projects": (PROJECT_COLUMNS, lambda scope: project_rows(scope, _person_by_id(), local)),
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
                footer_rows=(lambda: recruitment_totals(scope)) if key == "recruitment" else None,
            )
        )
    return sheets
