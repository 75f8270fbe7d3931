"""Schemathesis against the generated OpenAPI schema: 0 server errors, 0 answers that contradict it.

Every operation of /api/v1/, positive and negative cases (generation mode "all"), every
default check except ``positive_data_acceptance`` (a body valid by the schema may still
name a unit or enterprise that does not exist: 400 is right there), and a stateful run
along the schema's links (a created ticket → GET it by its code).

So that positive cases also get past the domain rules and create tickets, a positive
ticket body gets a unit team A covers and a received time in the past before it is
sent (still valid by the schema); negative cases are sent as generated.

Budget: ``DUNDIAN_SCHEMATHESIS_EXAMPLES`` examples per operation (default 15), about a
minute on the CI box. Part of the normal suite: in-process WSGI, no server.
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from api.models import ApiClient, ApiToken
from api.services import save_client, token_digest
from dundian.wsgi import application

EXAMPLES = int(os.environ.get("DUNDIAN_SCHEMATHESIS_EXAMPLES", "15"))
# A fixed token (its digest is stored by the fixture): the examples are built before any test runs.
TOKEN = "dd_schemathesis-fixed-token-of-the-fuzz-client"

CONFIG = SchemathesisConfig.from_dict(
    {
        # Our token is added to every call; schemathesis still probes each operation without it
        # and with a forged one (check "ignored_auth") and expects 401.
        "generation": {"mode": "all", "max-examples": EXAMPLES, "with-security-parameters": False},
        "checks": {"positive_data_acceptance": {"enabled": False}},
    }
)
STATUSES = {}  # operation → the status codes the fuzzing got (checked by the last test)

# Loading the schema touches no database: it is built from the code.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@schema.auth()
class FuzzToken:
    def get(self, case, ctx):
        return TOKEN

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI app, whose request signals would close the test's connection
    (on PostgreSQL, ending its transaction); Django's test client unhooks them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_client(world):
    """A client with every scope, every source and no practical rate limit, holding TOKEN."""
    client = save_client(
        ApiClient(
            name="模糊测试",
            source="12345",
            all_sources=True,
            can_create_tickets=True,
            can_read_status=True,
            can_read_aggregates=True,
            can_see_personal_data=True,
            can_update_mediation=True,
            rate_per_minute=30000,
        )
    )
    ApiToken.objects.create(client=client, prefix=TOKEN[:10], digest=token_digest(TOKEN))
    return client


def make_reachable(case):
    """A positive ticket body pointed at a unit that has a team, received in the past."""
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    if case.method == "POST" and isinstance(case.body, dict):
        case.body.update(
            unit="高米店街道",
            received_at="2026-08-03T09:30:00+08:00",
            source="12345",
            worker_phone="",
            worker_id_number="",
            enterprise_credit_code="",
        )


@schema.parametrize()
@hypothesis.settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
def test_every_operation_answers_as_its_schema_says(case, fuzz_client):
    make_reachable(case)
    response = case.call_and_validate()
    STATUSES.setdefault(case.operation.label, set()).add(response.status_code)


def test_the_links_hold_from_a_created_ticket_to_its_status(fuzz_client, hotline_ticket):
    """Stateful: calls chained along the links (declared: a created ticket → GET it by its code;
    inferred by schemathesis: the list → each listed ticket), with one 12345 ticket to start from."""

    class Workflow(schema.as_state_machine()):
        def before_call(self, case):
            make_reachable(case)
            super().before_call(case)

        def after_call(self, response, case):
            super().after_call(response, case)
            STATUSES.setdefault("stateful " + case.operation.label, set()).add(response.status_code)

    Workflow.run(
        settings=hypothesis.settings(
            max_examples=max(EXAMPLES // 2, 5),
            stateful_step_count=4,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
        )
    )


def test_the_fuzzing_got_past_the_token_on_every_operation():
    """Not only 401s: every operation answered 2xx to some generated call and 4xx to others."""
    if not STATUSES:
        pytest.skip("the fuzzing tests above were not run")
    for operation, statuses in STATUSES.items():
        if operation.startswith("stateful"):
            continue
        assert any(200 <= s < 300 for s in statuses), (operation, statuses)
        assert any(400 <= s < 500 for s in statuses), (operation, statuses)
    followed = STATUSES.get("stateful GET /api/v1/tickets/{code}", set())
    assert 200 in followed, STATUSES  # a code taken from an answer, read back
