"""Every error of the API as an RFC 9457 problem document (``application/problem+json``).

``exception_handler`` is DRF's EXCEPTION_HANDLER: validation errors, parse
errors, authentication and permission failures, 404, 405, 413, 415 and 429
all answer with ``type``, ``title``, ``status``, ``detail`` and, for
validation errors, ``errors`` (field → Chinese messages). An exception nobody
expected while reading the input (a decoder error deep in a parser) is a bad
request, not a server error; anything else is logged and answers 500 — still
as a problem document.
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:dundian:problem:"

TITLES = {
    400: ("bad-request", "请求有误"),
    401: ("unauthorized", "未认证：缺少令牌，或令牌无效、过期、已吊销"),
    403: ("forbidden", "无权访问"),
    404: ("not-found", "没有这个资源"),
    405: ("method-not-allowed", "不支持的请求方法"),
    406: ("not-acceptable", "无法按要求的格式答复"),
    409: ("conflict", "冲突"),
    413: ("payload-too-large", "请求体过大"),
    415: ("unsupported-media-type", "不支持的内容类型"),
    422: ("idempotency-key-reused", "幂等键已用于另一个请求"),
    429: ("too-many-requests", "请求过于频繁"),
    500: ("server-error", "服务器内部错误"),
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "请求体不能超过 1 MB。"
    default_code = "payload_too_large"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "这个 Idempotency-Key 已用于内容不同的请求；新的请求请用新的键。"
    default_code = "idempotency_key_reused"


class CaseRefused(exceptions.APIException):
    """``mediation.services.MediationError`` on the API: 422 naming the field it is about."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "case_refused"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field or "non_field_errors"


class ScopeMissing(exceptions.PermissionDenied):
    default_detail = "令牌没有这个操作所需的权限范围。"


def problem(status_code: int, detail: str, *, errors=None, type_slug=None, title=None) -> dict:
    slug, default_title = TITLES.get(status_code, ("error", "错误"))
    body = {
        "type": TYPE_BASE + (type_slug or slug),
        "title": title or default_title,
        "status": status_code,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            out.extend(_messages(item))
        return out
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            out.extend(f"{key}：{m}" for m in _messages(item))
        return out
    return [str(value)]


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(field): _messages(value) for field, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _translate(exc):
    """Django's and Python's exceptions as the DRF exceptions they mean."""
    if isinstance(exc, Http404):
        return exceptions.NotFound("没有这个资源，或您的令牌无权查看。")
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, UnicodeError | RecursionError):
        # Only input decoding raises these (a body in another encoding, JSON nested too deep).
        return exceptions.ParseError(f"无法解析请求：{type(exc).__name__}")
    return exc


def _detail_text(exc) -> str:
    detail = exc.detail
    if isinstance(detail, list | dict):
        return "；".join(_messages(detail))
    return str(detail)


CHINESE_DETAIL = {
    "not_authenticated": "请在 Authorization 头中提供令牌：Authorization: Bearer dd_…",
    "authentication_failed": "令牌无效、已过期或已吊销。",
    "permission_denied": "无权执行这个操作。",
    "method_not_allowed": "这个地址不支持该请求方法。",
    "not_acceptable": "只能以 application/json 答复。",
    "unsupported_media_type": "请求体须为 application/json。",
    "parse_error": "请求体不是合法的 JSON。",
    "not_found": "没有这个资源（或游标无效）。",
}


def exception_handler(exc, context):
    exc = _translate(exc)
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API error", exc_info=exc)
        return problem_response(problem(500, "服务器出错，已记录；请稍后重试。"), 500)
    code = exc.status_code
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait) + 1)
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        fields = "、".join(errors)
        body = problem(400, f"以下字段有误：{fields}", errors=errors, type_slug="validation-error", title="输入有误")
        return problem_response(body, 400, headers)
    if isinstance(exc, CaseRefused):
        text = str(exc.detail)
        body = problem(
            code, text, errors={exc.field: [text]}, type_slug="mediation-refused", title="言和案件更新被拒绝"
        )
        return problem_response(body, code, headers)
    detail = _detail_text(exc)
    codes = exc.get_codes()
    if isinstance(codes, str) and codes in CHINESE_DETAIL and not _is_chinese(detail):
        # The REST framework's own English text (its catalog is not loaded, see settings).
        detail = CHINESE_DETAIL[codes]
    if isinstance(exc, exceptions.Throttled):
        detail = f"请求过于频繁，请 {headers.get('Retry-After', '稍后')} 秒后重试。"
    return problem_response(problem(code, detail), code, headers)


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def problem_response(body: dict, status_code: int, headers=None) -> Response:
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def plain_problem(status_code: int, detail: str) -> JsonResponse:
    """A problem document outside DRF (the middleware's early 413)."""
    return JsonResponse(
        problem(status_code, detail), status=status_code, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={}
    )
