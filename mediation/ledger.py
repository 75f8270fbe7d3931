"""The ledger's 调解案件台账 and 调解组织台账: header and row generator of each (ledger.sheets builds them).

Cases: those of the scope's campaign, teams (and units) handed over in the
period, the worker masked as on the ticket for whoever may not see it.
Bodies: the mediation bodies of the scope's units the requester may see.
"""

from types import SimpleNamespace

from django.db.models import Count

from issues.masking import mask_name
from issues.models import WorkerIssue
from ledger.xlsx import Column

from .choices import BodyKind, BodyStatus, CaseOutcome
from .models import MediationBody, YanheCase

CHUNK = 2000

CASE_COLUMNS = [
    Column("序号", "int"),
    Column("言和案件编号", "text", 18),
    Column("工单编号"),
    Column("诉求摘要", "long", 20),
    Column("职工姓名"),
    Column("涉事企业", "long", 20),
    Column("责任小组"),
    Column("所属单位"),
    Column("移交日期", "date", 11),
    Column("调解结果"),
    Column("结果日期", "date", 11),
    Column("调解金额（元）", "text", 14),
    Column("调解用时（天）", "int"),
    Column("参与调解的组织", "long", 20),
]

BODY_COLUMNS = [
    Column("序号", "int"),
    Column("所属单位"),
    Column("名称", "long", 24),
    Column("类型"),
    Column("所在园区/楼宇", "long", 18),
    Column("所在企业", "long", 20),
    Column("成员/参与方", "long", 30),
    Column("状态"),
    Column("状态日期", "date", 11),
    Column("参与调解的言和案件", "int"),
]


def cases_queryset(scope):
    qs = YanheCase.objects.visible_to(scope.user).filter(
        issue__campaign=scope.campaign, issue__team_id__in=scope.team_ids
    )
    if scope.date_from:
        qs = qs.filter(handed_over_on__gte=scope.date_from)
    if scope.date_to:
        qs = qs.filter(handed_over_on__lte=scope.date_to)
    if scope.units_filtered:
        qs = qs.filter(issue__unit_id__in=scope.unit_ids)
    return qs


def bodies_queryset(scope):
    return MediationBody.objects.visible_to(scope.user).filter(unit_id__in=scope.unit_ids)


def case_rows(scope):
    outcomes = dict(CaseOutcome.choices)
    fields = (
        "case_number", "issue__code", "issue__title", "issue__worker_name", "enterprise__name", "issue__team__name",
        "issue__unit__name", "handed_over_on", "outcome", "outcome_on", "amount", "body__name",
        "issue__team_id", "issue__handler_id", "issue__created_by_id",
    )  # fmt: skip
    rows = cases_queryset(scope).order_by("handed_over_on", "id").values_list(*fields)
    for n, r in enumerate(rows.iterator(chunk_size=CHUNK), 1):
        (number, code, title, name, enterprise, team, unit, handed, outcome, outcome_on, amount, body,
         team_id, handler_id, author_id) = r  # fmt: skip
        ticket = SimpleNamespace(team_id=team_id, handler_id=handler_id, created_by_id=author_id)
        full = WorkerIssue.can_see_personal_data(ticket, scope.user)
        if full and name:
            scope.unmasked_tickets.append(code)
        yield [
            n,
            number,
            code,
            title,
            name if full else mask_name(name),
            enterprise or "",
            team,
            unit,
            handed,
            outcomes.get(outcome, outcome),
            outcome_on,
            f"{amount:.2f}" if amount is not None else "",
            (outcome_on - handed).days if outcome == CaseOutcome.SETTLED and outcome_on else None,
            body or "",
        ]


def body_rows(scope):
    kinds, statuses = dict(BodyKind.choices), dict(BodyStatus.choices)
    qs = (
        bodies_queryset(scope)
        .select_related("unit", "enterprise")
        .order_by("unit__sort_order", "unit__name", "kind", "name", "id")
    )
    counted = dict(
        YanheCase.objects.filter(body__in=qs.values("pk"))
        .order_by()
        .values("body_id")
        .annotate(n=Count("id"))
        .values_list("body_id", "n")
    )
    for n, b in enumerate(qs.iterator(chunk_size=CHUNK), 1):
        yield [
            n,
            b.unit.name,
            b.name,
            kinds.get(b.kind, b.kind),
            b.location,
            b.enterprise.name if b.enterprise else "",
            b.members,
            statuses.get(b.status, b.status),
            b.status_on,
            counted.get(b.pk, 0),
        ]
