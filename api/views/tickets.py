"""Tickets in (POST) and status back (GET): /api/v1/tickets/.

Which tickets a client sees (documented in docs/api.md): those of the source
it speaks for (``ApiClient.source``: 12345 or 12351), or every ticket when
staff granted it "all sources" (the district's BI). Anything else is 404, as
another team's record is on the site.
"""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from issues.models import IssueAction, WorkerIssue
from issues.workflow import TransitionError
from privacy.models import PersonalDataAccess
from privacy.services import record_access

from ..models import ApiClient
from ..permissions import CanReadStatus, TicketWrite, client_of
from ..serializers import TicketInSerializer, TicketSerializer
from ..tickets import fingerprint, receive_ticket

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 100


def tickets_for(client: ApiClient):
    """The tickets ``client`` may read (see the module docstring)."""
    issues = WorkerIssue.objects.all()
    if client.all_sources:
        return issues
    if not client.source:
        return issues.none()
    return issues.filter(source=client.source)


def _with_timeline(queryset):
    from django.db.models import Prefetch

    return queryset.select_related("unit", "team", "enterprise").prefetch_related(
        Prefetch("actions", queryset=IssueAction.objects.order_by("created_at", "pk"))
    )


def _answer(request, issues, data, status_code=status.HTTP_200_OK, headers=None):
    """The response, with an access-log entry if it shows workers unmasked."""
    client = client_of(request)
    unmasked = client.can_see_personal_data
    if unmasked:
        record_access(
            client.account,
            kind=PersonalDataAccess.Kind.API,
            where=f"接口 {request.method} {request.path}（{client.name}）",
            tickets=[i.code for i in issues],
        )
    return Response(data, status=status_code, headers=headers)


class TicketCursor(CursorPagination):
    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


LIST_PARAMETERS = {"updated_since", "cursor", "page_size"}


def _check_list_query(request):
    unknown = sorted(set(request.query_params) - LIST_PARAMETERS)
    if unknown:
        raise exceptions.ValidationError({name[:60]: ["不认识的查询参数。"] for name in unknown})
    raw = request.query_params.get("page_size")
    if raw is not None and not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= TicketCursor.max_page_size):
        raise exceptions.ValidationError({"page_size": [f"应为 1–{TicketCursor.max_page_size} 的整数。"]})


def _updated_since(request):
    raw = request.query_params.get("updated_since")
    if raw is None:
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        raise exceptions.ValidationError(
            {"updated_since": ["应为 ISO 8601 时间，如 2026-08-03T09:30:00+08:00（不带时区按北京时间）。"]}
        )
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # In UTC: PostgreSQL refuses offsets Python accepts (e.g. -17:21).
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError) as error:
        raise exceptions.ValidationError({"updated_since": ["时间超出范围。"]}) from error


def _idempotency_key(request):
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise exceptions.ValidationError(
            {IDEMPOTENCY_HEADER: [f"应为 1–{MAX_KEY_LENGTH} 个可见 ASCII 字符（如一个 UUID）。"]}
        )
    return key


class TicketPage(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="下一页的地址；没有更多时为 null")
    previous = serializers.URLField(allow_null=True)
    results = TicketSerializer(many=True)


EXAMPLE_TICKET = {
    "source": "12345",
    "hotline_number": "2026080300123",
    "category": "wages",
    "urgency": "ordinary",
    "unit": "高米店街道",
    "title": "快递站点拖欠两个月工资",
    "description": "职工反映所在快递站点自六月起未发工资。",
    "received_at": "2026-08-03T09:30:00+08:00",
    "worker_name": "张三",
    "worker_phone": "13812345678",
}


@extend_schema(
    methods=["POST"],
    operation_id="tickets_create",
    summary="提交热线工单（幂等）",
    description="按（来源, 热线工单号）和 Idempotency-Key 幂等：首次登记 201，重试返回同一工单 200。需要 tickets:create。",
    request=TicketInSerializer,
    parameters=[
        OpenApiParameter(
            IDEMPOTENCY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, description="如一个 UUID"
        )
    ],
    responses={201: TicketSerializer, 200: TicketSerializer},
    examples=[OpenApiExample("12345 工单", value=EXAMPLE_TICKET, request_only=True)],
)
@extend_schema(
    methods=["GET"],
    operation_id="tickets_list",
    summary="按更新时间列出工单（游标分页）",
    description="按 updated_at 升序；用返回的 next 地址继续取。需要 tickets:read。",
    parameters=[
        OpenApiParameter("updated_since", OpenApiTypes.DATETIME, description="只列出此时间之后更新过的工单"),
        OpenApiParameter("cursor", OpenApiTypes.STR, description="上一页答复中 next 地址里的游标"),
        OpenApiParameter(
            "page_size",
            {"type": "integer", "minimum": 1, "maximum": TicketCursor.max_page_size},
            description=f"每页条数，默认 {TicketCursor.page_size}",
        ),
    ],
    responses={200: TicketPage},
)
@api_view(["GET", "POST"])
@permission_classes([TicketWrite])
def ticket_list(request):
    if request.method == "POST":
        return _create(request)
    _check_list_query(request)
    queryset = tickets_for(client_of(request))
    since = _updated_since(request)
    if since is not None:
        queryset = queryset.filter(updated_at__gt=since)
    paginator = TicketCursor()
    page = paginator.paginate_queryset(_with_timeline(queryset), request)
    context = {"unmasked": client_of(request).can_see_personal_data}
    data = TicketSerializer(page, many=True, context=context).data
    response = paginator.get_paginated_response(data)
    return _answer(request, page, response.data)


def _create(request):
    client = client_of(request)
    if not (request.content_type or "").lower().startswith("application/json"):
        raise exceptions.UnsupportedMediaType(request.content_type or "（无）", detail="请求体须为 application/json。")
    key = _idempotency_key(request)
    body = request.data
    serializer = TicketInSerializer(data=body, client=client)
    serializer.is_valid(raise_exception=True)
    try:
        received = receive_ticket(client, serializer.validated_data, key=key, print_=fingerprint(body))
    except TransitionError as error:
        raise exceptions.ValidationError({"unit": [error.message]}) from error
    issue = _with_timeline(WorkerIssue.objects.filter(pk=received.issue.pk)).get()
    data = TicketSerializer(issue, context={"unmasked": client.can_see_personal_data}).data
    code = status.HTTP_201_CREATED if received.created else status.HTTP_200_OK
    return _answer(request, [issue], data, code, headers={"Location": f"/api/v1/tickets/{issue.code}"})


@extend_schema(
    operation_id="tickets_retrieve",
    summary="查询一张工单及其办理过程",
    description="需要 tickets:read；只能查看本客户端来源的工单。",
    responses={200: TicketSerializer},
)
@api_view(["GET"])
@permission_classes([CanReadStatus])
def ticket_detail(request, code):
    client = client_of(request)
    issue = _with_timeline(tickets_for(client).filter(code=code[:20])).first()
    if issue is None:
        raise exceptions.NotFound("没有这张工单，或它不属于本客户端的来源。")
    data = TicketSerializer(issue, context={"unmasked": client.can_see_personal_data}).data
    return _answer(request, [issue], data)
