"""Read-only figures for the district's BI: the dashboard's own functions, so the numbers agree.

Every endpoint takes the dashboard's filters — ``campaign`` (id; default the
current campaign), ``date_from`` and ``date_to`` (inclusive dates) — over all
teams of the campaign (what leadership sees on the dashboard with "全部小组"),
and calls ``dashboard.coverage`` / ``dashboard.team_figures`` / ``dashboard.issue_metrics`` /
``issues.rates`` exactly as the dashboard page does.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from campaigns.models import Campaign, WorkTeam
from dashboard import issue_metrics
from dashboard.coverage import coverage_rows
from dashboard.scope import Scope
from dashboard.team_figures import team_rows
from issues.models import RateWeights
from issues.rates import combined

from ..messages import zh
from ..permissions import CanReadAggregates

FILTERS = [
    OpenApiParameter("campaign", OpenApiTypes.INT, description="蹲点活动 id；默认当前活动"),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="起（含），如 2026-08-01"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="止（含）"),
]


class FilterSerializer(serializers.Serializer):
    campaign = zh(serializers.IntegerField, required=False, min_value=1, max_value=2**31 - 1)
    date_from = zh(serializers.DateField, required=False)
    date_to = zh(serializers.DateField, required=False)

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and end < start:
            raise serializers.ValidationError({"date_to": ["止日期不能早于起日期。"]})
        return attrs


def scope_of(request, *, now=None) -> Scope:
    """The dashboard's Scope for all teams of the chosen campaign and period."""
    unknown = sorted(set(request.query_params) - {"campaign", "date_from", "date_to"})
    if unknown:
        raise exceptions.ValidationError({name[:60]: ["不认识的查询参数。"] for name in unknown})
    filters = FilterSerializer(data=request.query_params.dict())
    filters.is_valid(raise_exception=True)
    wanted = filters.validated_data.get("campaign")
    campaigns = Campaign.objects.all()
    campaign = campaigns.current() if wanted is None else campaigns.filter(pk=wanted).first()
    if campaign is None:
        raise exceptions.NotFound("没有这个蹲点活动。")
    teams = list(WorkTeam.objects.filter(campaign=campaign).order_by("sort_order", "name"))
    return Scope(
        user=None,
        campaign=campaign,
        teams=teams,
        team=None,
        start=filters.validated_data.get("date_from"),
        end=filters.validated_data.get("date_to"),
        now=now or timezone.now(),
        sees_all_teams=True,
        form=None,
    )


class CampaignRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class Period(serializers.Serializer):
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)


def _head(scope):
    return {
        "campaign": {"id": scope.campaign.pk, "name": scope.campaign.name},
        "period": {"date_from": scope.start, "date_to": scope.end},
    }


class CoverageRow(serializers.Serializer):
    unit = serializers.CharField()
    team = serializers.CharField()
    visits = serializers.IntegerField()
    last_visit_date = serializers.DateField(allow_null=True)
    enterprises_met = serializers.IntegerField()
    workers_reached = serializers.IntegerField()
    recruited = serializers.IntegerField()
    tickets_open = serializers.IntegerField()
    tickets_closed = serializers.IntegerField()


class CoverageAnswer(serializers.Serializer):
    campaign = CampaignRef()
    period = Period()
    rows = CoverageRow(many=True)


@extend_schema(
    operation_id="aggregates_coverage",
    summary="覆盖情况：每个单位（及负责小组）的走访、企业、职工、入会和工单",
    description="与看板、台账“覆盖情况汇总”同一函数（dashboard.coverage.coverage_rows）。需要 aggregates:read。",
    parameters=FILTERS,
    responses={200: CoverageAnswer},
)
@api_view(["GET"])
@permission_classes([CanReadAggregates])
def coverage(request):
    scope = scope_of(request)
    rows = coverage_rows(scope.campaign, teams=scope.teams, start=scope.start, end=scope.end)
    data = _head(scope) | {
        "rows": [
            {
                "unit": r.unit.name,
                "team": r.team.name,
                "visits": r.visits,
                "last_visit_date": r.last_visit_date,
                "enterprises_met": r.enterprises_met,
                "workers_reached": r.workers_reached,
                "recruited": r.recruited,
                "tickets_open": r.issues_open,
                "tickets_closed": r.issues_closed,
            }
            for r in rows
        ]
    }
    return Response(CoverageAnswer(data).data)


class RateSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False)


class RatesSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    response = RateSerializer()
    resolution = RateSerializer()
    satisfaction = RateSerializer()
    callback = RateSerializer()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False)
    weights = serializers.ListField(child=serializers.IntegerField(), help_text="响应率、解决率、满意率的权重")


def _rates(rates, start, end):
    return {
        "date_from": start,
        "date_to": end,
        "response": {
            "numerator": rates.response_numerator,
            "denominator": rates.response_denominator,
            "percent": rates.response_rate,
        },
        "resolution": {
            "numerator": rates.resolution_numerator,
            "denominator": rates.resolution_denominator,
            "percent": rates.resolution_rate,
        },
        "satisfaction": {
            "numerator": rates.satisfaction_numerator,
            "denominator": rates.satisfaction_denominator,
            "percent": rates.satisfaction_rate,
        },
        "callback": {
            "numerator": rates.callback_numerator,
            "denominator": rates.satisfaction_denominator,
            "percent": rates.callback_rate,
        },
        "score": rates.score,
        "weights": list(rates.weights),
    }


class CountSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class TeamRow(serializers.Serializer):
    team = serializers.CharField()
    visits = serializers.IntegerField()
    units_assigned = serializers.IntegerField()
    units_covered = serializers.IntegerField()
    workers_reached = serializers.IntegerField()
    recruited = serializers.IntegerField()
    tickets_received = serializers.IntegerField()
    tickets_closed = serializers.IntegerField()
    tickets_overdue = serializers.IntegerField()
    rates = RatesSerializer(allow_null=True)


class TicketFigures(serializers.Serializer):
    received = serializers.IntegerField(help_text="期间内受理的工单")
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    escalated = serializers.IntegerField()
    open_by_status = CountSerializer(many=True, help_text="未办结工单按状态")
    by_category = CountSerializer(many=True)
    by_source = CountSerializer(many=True)


class TicketsAnswer(serializers.Serializer):
    campaign = CampaignRef()
    period = Period()
    tickets = TicketFigures()
    rates = RatesSerializer()
    teams = TeamRow(many=True)


def _counts(pairs):
    return [{"value": str(choice.value), "label": str(choice.label), "count": n} for choice, n in pairs]


@extend_schema(
    operation_id="aggregates_tickets",
    summary="工单数、响应率、解决率、满意率（全区及各小组）",
    description="与看板同一函数（dashboard.issue_metrics、issues.rates）。需要 aggregates:read。",
    parameters=FILTERS,
    responses={200: TicketsAnswer},
)
@api_view(["GET"])
@permission_classes([CanReadAggregates])
def tickets(request):
    scope = scope_of(request)
    scoped = issue_metrics.scoped_issues(scope.campaign, scope.teams)
    figures = issue_metrics.issue_figures(issue_metrics.received_in(scoped, scope.start, scope.end), now=scope.now)
    weights = RateWeights.current()
    by_team = issue_metrics.team_rates(scoped, scope, weights=weights)
    # As the dashboard: with several teams the overall rates add the teams' counts (each ticket has one team).
    overall = combined(by_team.values(), weights) if len(scope.teams) > 1 else issue_metrics.rates_for(scoped, scope)
    start, end = issue_metrics.rate_period(scope)
    teams = team_rows(scope.campaign, teams=scope.teams, start=scope.start, end=scope.end, now=scope.now)
    data = _head(scope) | {
        "tickets": {
            "received": figures.total,
            "open": figures.open_total,
            "overdue": figures.overdue_total,
            "escalated": figures.escalated_total,
            "open_by_status": _counts(figures.open_by_status),
            "by_category": _counts(figures.by_category),
            "by_source": _counts(figures.by_source),
        },
        "rates": _rates(overall, start, end),
        "teams": [
            {
                "team": t.name,
                "visits": t.visits_done,
                "units_assigned": t.units_assigned,
                "units_covered": t.units_covered,
                "workers_reached": t.workers_reached,
                "recruited": t.recruited,
                "tickets_received": t.issues_found,
                "tickets_closed": t.issues_closed,
                "tickets_overdue": t.issues_overdue,
                "rates": _rates(by_team[t.pk], start, end) if t.pk in by_team else None,
            }
            for t in teams
        ],
    }
    return Response(TicketsAnswer(data).data)
