"""The OpenAPI document: bearer auth, a problem document for every error, links from a create to its read.

``add_problem_responses`` (a drf-spectacular post-processing hook) documents
the errors every operation can answer — as ``application/problem+json`` — so
that schemathesis (and clients) find each status the API may give in the
schema; ``add_links`` adds the OpenAPI link from a created ticket to
``GET /api/v1/tickets/{code}`` for stateful testing.
"""

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem document",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "字段 → 错误说明（中文）",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail"],
}

ERRORS = {
    "400": "输入有误（problem document，errors 中逐字段说明）",
    "401": "缺少令牌，或令牌无效、过期、已吊销",
    "403": "令牌缺少所需权限范围，或请求来自允许的地址之外",
    "404": "没有这个资源，或不属于本客户端",
    "405": "不支持的请求方法",
    "406": "无法按要求的格式答复",
    "413": "请求体超过 1 MB",
    "415": "请求体不是 application/json",
    "422": "幂等键已用于内容不同的请求；或言和平台的案件更新被拒绝（errors 中逐字段说明）",
    "429": "请求过于频繁（见 Retry-After）",
}


def add_problem_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(
                    code, {"description": text, "content": {"application/problem+json": {"schema": ref}}}
                )
    return result


def close_request_bodies(result, generator, request, public):
    """Unknown fields are refused (400), so the request schemas say so."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    return result


def add_links(result, generator, request, public):
    create = result.get("paths", {}).get("/api/v1/tickets/", {}).get("post")
    if create:
        link = {
            "GetTicketByCode": {
                "operationId": "tickets_retrieve",
                "parameters": {"code": "$response.body#/code"},
                "description": "刚提交的工单",
            }
        }
        for code in ("200", "201"):
            if code in create["responses"]:
                create["responses"][code]["links"] = link
    return result
