"""The OpenAPI schema and its reference page: generated, complete, and working offline."""

import re

import yaml
from django.contrib.staticfiles import finders
from django.test import Client

OPERATIONS = {
    ("post", "/api/v1/tickets/"),
    ("get", "/api/v1/tickets/"),
    ("get", "/api/v1/tickets/{code}"),
    ("get", "/api/v1/aggregates/coverage/"),
    ("get", "/api/v1/aggregates/tickets/"),
    ("put", "/api/v1/yanhe-cases/{case_number}"),
}


def schema():
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_has_every_operation_with_bearer_auth_and_problem_answers(db):
    doc = schema()
    found = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert found == OPERATIONS
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, ops in doc["paths"].items():
        for op in ops.values():
            assert "application/problem+json" in op["responses"]["400"]["content"], path


def test_the_ticket_body_refuses_unknown_fields_in_the_schema(db):
    assert schema()["components"]["schemas"]["TicketInRequest"]["additionalProperties"] is False


def test_a_created_ticket_links_to_its_status(db):
    post = schema()["paths"]["/api/v1/tickets/"]["post"]
    assert post["responses"]["201"]["links"]["GetTicketByCode"]["operationId"] == "tickets_retrieve"


def test_the_reference_page_loads_only_files_the_app_serves(db):
    html = Client().get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
