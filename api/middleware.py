"""The API's call log and its body-size limit, around every /api/v1/ request.

The log keeps the client, the route template (``api/v1/tickets/<str:code>``:
the ticket code is not kept, the worker's data never), method, status and
duration. A body over ``API_MAX_BODY_BYTES`` is refused with 413 before anyone
reads it.
"""

import time

from django.conf import settings
from django.urls import Resolver404, resolve

from .problems import plain_problem
from .services import record_call

API_PREFIX = "/api/v1/"


def _endpoint(request) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return "（不存在的地址）"
    return match.route or match.view_name


class ApiCallLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        response = self._too_large(request) or self.get_response(request)
        record_call(
            client_id=getattr(request, "api_client_id", None),
            endpoint=_endpoint(request),
            method=request.method,
            status=response.status_code,
            duration_ms=(time.monotonic() - started) * 1000,
        )
        return response

    @staticmethod
    def _too_large(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return plain_problem(400, "Content-Length 头不是数字。")
        if length > settings.API_MAX_BODY_BYTES:
            return plain_problem(413, "请求体不能超过 1 MB。")
        return None
