"""What each ledger sheet covers: one queryset per sheet, used for the rows and to count them."""

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from campaigns.models import Enterprise, EnterpriseStatusChange, UnionStatus
from issues.models import WorkerIssue
from mediation.ledger import bodies_queryset, cases_queryset
from visits.models import Recruitment, Visit

from .scope import LedgerScope


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
        # Said here too, not only by Enterprise.objects: a record turned into a service site is no enterprise.
        .filter(unit_id__in=scope.unit_ids, converted_at__isnull=True)
        .filter(~Q(union_status=UnionStatus.ESTABLISHED) | Exists(established_in_period))
    )


def recruitment_queryset(scope: LedgerScope):
    return Recruitment.objects.filter(visit__in=visits_queryset(scope))


def founding_members(scope: LedgerScope) -> int:
    """Workers who joined when a union was founded in the scope's units and period (campaign period by default)."""
    first = scope.date_from or scope.campaign.start_date
    last = scope.date_to or scope.campaign.end_date
    steps = EnterpriseStatusChange.objects.filter(
        enterprise__unit__in=scope.unit_ids, to_status=UnionStatus.ESTABLISHED, changed_on__range=(first, last)
    )
    return steps.aggregate(n=Coalesce(Sum("members_joined"), 0))["n"]


def count_rows(scope: LedgerScope) -> int:
    from .outreach_sheets import projects_queryset, sites_queryset

    """Data rows the workbook will have (decides between download and background job)."""
    counters = {
        "visits": lambda: visits_queryset(scope).count(),
        "issues": lambda: issues_queryset(scope).count(),
        "enterprises": lambda: enterprises_queryset(scope).count(),
        "recruitment": lambda: recruitment_queryset(scope).count(),
        "coverage": lambda: len(scope.units),
        "mediation_cases": lambda: cases_queryset(scope).count(),
        "mediation_bodies": lambda: bodies_queryset(scope).count(),
        "sites": lambda: sites_queryset(scope).count(),
        "projects": lambda: projects_queryset(scope).count(),
    }
    return sum(counters[key]() for key in scope.sheets)
