"""The 服务阵地台账 and 办实事项目台账 sheets, and the visit sheet's 带队领导 / 服务阵地 / 慰问 columns.

Write-only row generators like ``ledger.sheets``: ``values_list`` read in
batches, one query per batch for each many-to-many or child column.
Scoped by ``visible_to(user)`` and the scope's teams and units.
"""

from django.db.models import Count, Max

from campaigns.models import UnionUnit, WorkTeam
from issues.models import WorkerIssue
from outreach.models import Project, ServiceSite
from visits.models import CareItem, Visit

from .scope import LedgerScope
from .xlsx import Column

SITE_COLUMNS = [
    Column("序号", "int"),
    Column("蹲点单位"),
    Column("负责小组"),
    Column("阵地名称"),
    Column("类型"),
    Column("状态"),
    Column("地址", "long"),
    Column("运营方"),
    Column("服务项目", "long"),
    Column("开放时间"),
    Column("联系人"),
    Column("联系电话"),
    Column("本期走访次数", "int"),
    Column("最近走访日期", "date", 11),
    Column("备注", "long"),
]

PROJECT_COLUMNS = [
    Column("序号", "int"),
    Column("实事名称", "long", 24),
    Column("负责小组"),
    Column("蹲点单位"),
    Column("责任干部"),
    Column("服务对象"),
    Column("主要内容", "long", 30),
    Column("状态"),
    Column("办结日期", "date", 11),
    Column("成效", "long", 24),
    Column("关联走访", "int"),
    Column("关联工单", "int"),
    Column("登记时间", "datetime", 16),
]

# Added at the end of the 走访台账's columns.
VISIT_EXTRA_COLUMNS = [
    Column("带队领导"),
    Column("走访服务阵地", "long"),
    Column("办实事项目", "long"),
    Column("慰问人数", "int"),
    Column("慰问品价值（元）", "int"),
    Column("慰问明细", "long", 30),
]


def sites_queryset(scope: LedgerScope):
    return ServiceSite.objects.visible_to(scope.user).filter(unit_id__in=scope.unit_ids)


def projects_queryset(scope: LedgerScope):
    """The teams' projects of the campaign (their status today, whatever the period)."""
    qs = Project.objects.visible_to(scope.user).filter(campaign=scope.campaign, team_id__in=scope.team_ids)
    if scope.units_filtered:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    return qs


def _scope_visits(scope):
    from .queries import visits_queryset

    return visits_queryset(scope)


def site_rows(scope: LedgerScope):
    units = dict(UnionUnit.objects.values_list("id", "name"))
    kinds, statuses = dict(ServiceSite.Kind.choices), dict(ServiceSite.Status.choices)
    services = dict(ServiceSite.Service.choices)
    visits = _scope_visits(scope)
    counts = {
        site_id: (n, last)
        for site_id, n, last in Visit.sites.through.objects.filter(visit__in=visits)
        .order_by()
        .values("servicesite_id")
        .annotate(n=Count("visit_id"), last=Max("visit__date"))
        .values_list("servicesite_id", "n", "last")
    }
    fields = (
        "id", "unit_id", "name", "kind", "status", "address", "operator", "services", "opening_hours",
        "contact_name", "contact_phone", "notes",
    )  # fmt: skip
    rows = sites_queryset(scope).order_by("unit__sort_order", "kind", "name", "id").values_list(*fields)
    for n, (pk, unit, name, kind, status, address, operator, offered, hours, contact, phone, notes) in enumerate(
        rows.iterator(chunk_size=2000), 1
    ):
        team = scope.unit_team.get(unit)
        visit_count, last = counts.get(pk, (0, None))
        yield [
            n,
            units.get(unit, ""),
            team.name if team else "",
            name,
            kinds.get(kind, kind),
            statuses.get(status, status),
            address,
            operator,
            "、".join(services.get(s, s) for s in offered or []),
            hours,
            contact,
            phone,
            visit_count,
            last,
            notes,
        ]


def project_rows(scope: LedgerScope, person, local):
    teams, units = dict(WorkTeam.objects.values_list("id", "name")), dict(UnionUnit.objects.values_list("id", "name"))
    statuses = dict(Project.Status.choices)
    qs = projects_queryset(scope)
    visit_counts = dict(
        Visit.objects.filter(project__in=qs)
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    issue_counts = dict(
        WorkerIssue.objects.filter(project__in=qs)
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    fields = (
        "id", "title", "team_id", "unit_id", "responsible_id", "beneficiaries", "description", "status",
        "completed_on", "result", "created_at",
    )  # fmt: skip
    rows = qs.order_by("team__sort_order", "unit__sort_order", "created_at", "id").values_list(*fields)
    for n, (pk, title, team, unit, responsible, beneficiaries, description, status, done_on, result, at) in enumerate(
        rows.iterator(chunk_size=2000), 1
    ):
        yield [
            n,
            title,
            teams.get(team, ""),
            units.get(unit, ""),
            person(responsible),
            beneficiaries,
            description,
            statuses.get(status, status),
            done_on,
            result,
            visit_counts.get(pk, 0),
            issue_counts.get(pk, 0),
            local(at),
        ]


def visit_extras(visit_ids, people) -> dict:
    """{visit id: [带队领导, 服务阵地, 项目, 慰问人数, 价值, 明细]} for one batch of visits: three queries."""
    extras = {}
    for pk, leader, project in Visit.objects.filter(pk__in=visit_ids).values_list("pk", "leader_id", "project__title"):
        extras[pk] = [people.get(leader, "") if leader else "", "", project or "", 0, 0, ""]
    for visit_id, name in (
        Visit.sites.through.objects.filter(visit_id__in=visit_ids)
        .order_by("visit_id", "servicesite__name")
        .values_list("visit_id", "servicesite__name")
    ):
        row = extras[visit_id]
        row[1] = f"{row[1]}、{name}" if row[1] else name
    for visit_id, recipients, count, items, value in (
        CareItem.objects.filter(visit_id__in=visit_ids)
        .order_by("visit_id", "id")
        .values_list("visit_id", "recipients", "people", "items", "value")
    ):
        row = extras[visit_id]
        row[3] += count
        row[4] += value
        line = f"{recipients}{count}人：{items}（{value:.2f}元）"
        row[5] = f"{row[5]}；{line}" if row[5] else line
    for row in extras.values():
        row[4] = float(row[4])
    return extras
