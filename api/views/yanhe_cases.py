"""言和 case updates by API: PUT /api/v1/yanhe-cases/{case_number} (issue 17).

PUT, not POST: the 言和 platform names the resource (its case number) and
sends the case's whole state (outcome, date, amount); sending it again is the
same request and changes nothing — exactly PUT's idempotent "make it so".
The first call for a number unknown here finds the ticket by its hotline
number and hands it over (201); later calls update or confirm it (200).

The one writer is ``mediation.services.apply_case_update``; this view only
checks the client may see the ticket (``tickets_for``: its source, or every
source) — a case or ticket it may not see is 404, as another team's record is
on the site — and turns a refusal into a 422 problem on the field it concerns.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from issues.models import WorkerIssue
from mediation.models import YanheCase
from mediation.services import MediationError, apply_case_update

from ..permissions import CanUpdateMediation, client_of
from ..problems import CaseRefused
from ..serializers import YanheCaseInSerializer, YanheCaseSerializer
from .tickets import tickets_for

MAX_CASE_NUMBER = 40
NOT_FOUND = "没有这个言和案件或热线工单，或它不属于本客户端可查看的来源。"


def _check_visible(client, case_number: str, hotline_number: str):
    """404 unless the case's ticket (or, for a new case, the hotline number's tickets) is the client's to see."""
    visible = tickets_for(client)
    case = YanheCase.objects.filter(case_number=case_number).only("issue_id").first()
    if case is not None:
        if not visible.filter(pk=case.issue_id).exists():
            raise exceptions.NotFound(NOT_FOUND)
        return
    if not hotline_number:
        return  # the service refuses it: neither a known case nor a ticket to hand over
    matching = WorkerIssue.objects.filter(hotline_number=hotline_number)
    if not matching.exists() or matching.exclude(pk__in=visible.values("pk")).exists():
        raise exceptions.NotFound(NOT_FOUND)


@extend_schema(
    operation_id="yanhe_cases_update",
    summary="报告言和调解案件的结果（幂等）",
    description=(
        "按言和案件编号：系统中还没有这个编号时，按 hotline_number 找到工单并登记移交言和（201）；"
        "已有时更新调解结果（200）。重复报告同样的结果不改变任何内容（changed 为 false）。"
        "只涉及本客户端可查看来源的工单，否则 404。需要 mediation:write。"
    ),
    request=YanheCaseInSerializer,
    responses={201: YanheCaseSerializer, 200: YanheCaseSerializer},
    examples=[
        OpenApiExample(
            "调解成功",
            value={
                "hotline_number": "2026080300123",
                "outcome": "settled",
                "outcome_on": "2026-08-20",
                "amount": "8600.00",
            },
            request_only=True,
        )
    ],
)
@api_view(["PUT"])
@permission_classes([CanUpdateMediation])
def yanhe_case(request, case_number):
    client = client_of(request)
    case_number = case_number.strip()
    if not case_number or len(case_number) > MAX_CASE_NUMBER:
        raise exceptions.ValidationError({"case_number": [f"言和案件编号应为 1–{MAX_CASE_NUMBER} 个字符。"]})
    if not (request.content_type or "").lower().startswith("application/json"):
        raise exceptions.UnsupportedMediaType(request.content_type or "（无）", detail="请求体须为 application/json。")
    serializer = YanheCaseInSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    _check_visible(client, case_number, data["hotline_number"])
    try:
        result = apply_case_update(
            case_number=case_number,
            hotline_number=data["hotline_number"] or None,
            outcome=data["outcome"],
            outcome_date=data["outcome_on"],
            amount=data["amount"],
            handed_over_on=data["handed_over_on"],
            actor=client.account,
            via="api",
        )
    except MediationError as error:
        raise CaseRefused(error.message, error.field) from error
    code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
    return Response(YanheCaseSerializer(result).data, status=code)
