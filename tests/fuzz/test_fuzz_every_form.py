"""Hypothesis over every form field and every filter parameter of every page, as every role.

Pages come from the URL configuration (tests/security/routes.py, like the
permission matrix), filled with team A's records; each page is opened as each
role, and every <form> on it (filters are GET forms, the rest POST) is read
from the HTML and sent back with hostile values drawn per field kind
(tests/fuzz/forms.py): extreme and malformed dates, 20-digit and non-ASCII
numbers, unknown choices, NUL and control characters, 20 000 characters.

Asserted for every request:
- no server error (a 500 raises here with its traceback);
- a POST that was not accepted (anything but a redirect) saved nothing: the
  row count of every model of the project is unchanged;
- a role that sees workers' personal data masked (a cadre of the team who is
  not the handler, a cadre of another team, a user in no team) never receives
  the worker's full name, phone or ID number in any response.

Budget: ``DUNDIAN_FUZZ_EXAMPLES`` examples per form and role (CI: 25). Each
example runs in a transaction rolled back afterwards. See docs/security.md.
"""

import os
import re

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import MembershipFactory, UserFactory
from tests.fuzz.forms import form_data, forms_of
from tests.security.conftest import make_records
from tests.security.routes import named_routes, path_for

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("DUNDIAN_FUZZ_EXAMPLES", "5"))
WORKER = {"worker_name": "欧阳秀英", "worker_phone": "13987654321", "worker_id_number": "11010519491231002X"}
ROLES = {
    "anon": None,
    "cadre": "cadre_a",  # handler of the ticket: sees it in full
    "masked_cadre": "cadre_a2",  # same team, not the handler: sees it masked
    "other": "cadre_b",
    "leader": "leader_a",
    "leadership": "leadership",
    "staff": "office_staff",
    "admin": "admin",
    "loner": "loner",
}
MASKED_ROLES = {"anon", "masked_cadre", "other", "loner"}
SKIPPED_ACTIONS = ("/accounts/logout/",)  # would sign the fuzzing user out
PROJECT_APPS = ("campaigns", "visits", "issues", "ledger", "notifications", "workdays", "dashboard", "mediation")
ROUTES = [r for r in named_routes() if r.name not in {"logout"}]
# A form shown on several pages (the same action and fields) is fuzzed once per role, on the first page
# that shows it; record ids in its action are left out of the key (each test builds its own records).
FUZZED: set = set()


def _project_tables():
    return sorted(
        model._meta.db_table
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.managed and not model._meta.proxy
    )


def _row_counts():
    """The row count of every table of the project, in one query."""
    tables = _project_tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)  # noqa: S608 -- our table names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("text/") or "json" in response.get("Content-Type", ""):
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content).decode(errors="replace")
        return response.content.decode(errors="replace")
    return ""


def _check_masked(role, response, where):
    if role not in MASKED_ROLES:
        return
    text = _text(response)
    leaked = [v for v in WORKER.values() if v in text]
    assert not leaked, f"{role} received unmasked personal data {leaked} at {where}"


@pytest.fixture
def fuzz_world(world):
    world.cadre_a2 = MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user
    records = make_records(world, issue=dict(WORKER))
    return world, records


def _fuzz_form(client, role, page, form):
    url = form.action or page
    if url.startswith("?"):
        url = page.split("?")[0] + url

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def send(data):
        payload = form_data(data.draw, form)
        with transaction.atomic():
            before = _row_counts() if form.method == "post" else None
            response = client.post(url, payload) if form.method == "post" else client.get(url, payload)
            where = f"{form.method.upper()} {url} {payload!r}"[:600]
            assert response.status_code < 500, where
            if form.method == "post" and response.status_code not in (301, 302, 303):
                assert _row_counts() == before, f"a refused form saved something: {where}"
            _check_masked(role, response, where)
            transaction.set_rollback(True)

    send()


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_form_of_the_page_as_every_role(route, fuzz_world):
    world, records = fuzz_world
    page = path_for(route, records)
    for role, attr in ROLES.items():
        client = Client()
        if attr:
            client.force_login(getattr(world, attr))
        with transaction.atomic():
            response = client.get(page)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"GET {page} as {role}"
        _check_masked(role, response, f"GET {page}")
        if route.name == "issues:detail" and role == "cadre":
            # The handler sees the worker in full: the masking check above is not vacuous.
            assert WORKER["worker_phone"] in _text(response)
        if response.status_code != 200:
            continue
        for form in forms_of(_text(response)):
            key = (role, form.method, re.sub(r"\d+", "N", form.action or route.route), tuple(sorted(form.fields)))
            if key in FUZZED or (form.action or "").startswith(SKIPPED_ACTIONS) or not form.fields:
                continue
            FUZZED.add(key)
            if os.environ.get("DUNDIAN_FUZZ_VERBOSE"):
                print(f"fuzz {role:13} {form.method.upper():4} {form.action or page} {sorted(form.fields)}")
            _fuzz_form(client, role, page, form)
