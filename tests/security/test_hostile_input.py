"""Hostile input: markup in free text, injection-looking and huge strings, silly ids and dates.

Every page is reached through the URL configuration (tests/security/routes.py),
so a new page is covered without being listed here.
"""

import re

import pytest
from django.urls import reverse

from issues.models import IssueAction
from tests.security.conftest import make_records
from tests.security.routes import named_routes, path_for

GET_ROUTES = [r for r in named_routes() if r.name not in {"logout"}]
HUGE_ID = "99999999999999999999"


def _payload(i: int, max_length: int | None) -> str:
    tag = f"<script>x{i:02d}</script>"
    return tag if max_length is None or max_length >= len(tag) else f"<b>{i:02d}</b>"[:max_length]


def _free_text_fields(model, skip=()):
    from django.db import models

    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name not in skip
    ]


@pytest.fixture
def hostile(world):
    """Team A's records with markup in every free-text field, and the payloads used."""
    from campaigns.models import Enterprise
    from issues.models import WorkerIssue
    from visits.models import PlannedVisit, Visit, VisitPhoto

    payloads = []
    counter = iter(range(100))

    def fill(model, skip=()):
        values = {}
        for field in _free_text_fields(model, skip):
            values[field.name] = _payload(next(counter), field.max_length)
            payloads.append(values[field.name])
        return values

    text = {
        # The credit code has a check character and the ticket code is generated: not free text.
        "enterprise": fill(Enterprise, skip={"credit_code"}),
        "visit": fill(Visit),
        "photo": fill(VisitPhoto),
        "plan": fill(PlannedVisit),
        "issue": fill(WorkerIssue, skip={"code"}),
        "notification": {"title": _payload(90, 200), "body": _payload(91, None)},
    }
    payloads += [text["notification"]["title"], text["notification"]["body"]]
    world.cadre_a.first_name = _payload(92, 150)
    world.cadre_a.save()
    payloads.append(world.cadre_a.first_name)
    records = make_records(world, **text)
    action_text = fill(IssueAction)
    IssueAction.objects.create(issue=records.issue, kind="note", actor=world.cadre_a, **action_text)
    return records, payloads


@pytest.mark.parametrize("who", ["admin", "cadre_a"])
def test_markup_in_free_text_is_shown_as_text_on_every_page(client, world, hostile, who):
    records, payloads = hostile
    client.force_login(getattr(world, who))
    escaped_seen = 0
    for route in GET_ROUTES:
        response = client.get(path_for(route, records))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        for payload in payloads:
            assert payload not in html, f"{route.name}: {payload} reached the page unescaped"
        escaped_seen += html.count("&lt;script&gt;x")
    assert escaped_seen > 0, "no escaped payload seen at all: the pages did not show the records"


@pytest.mark.parametrize(
    "name", ["visits:detail", "issues:detail", "campaigns:enterprise_detail", "visits:list", "issues:list"]
)
def test_markup_is_visible_to_the_reader_as_typed(client, world, hostile, name):
    records, _ = hostile
    client.force_login(world.admin)
    route = next(r for r in named_routes() if r.name == name)

    html = client.get(path_for(route, records)).content.decode()

    assert re.search(r"&lt;(script|b)&gt;", html), f"{name} shows none of the typed text"


# ---- search and filters ------------------------------------------------------------------------

NASTY = {
    "sql": "' OR 1=1; DROP TABLE visits_visit; --",
    "quote": '"><svg onload=alert(1)>',
    "long": "长" * 10_000,
    "nul": "abc\x00def",
    "huge_number": HUGE_ID,
    "unicode": "𠮷\u202e\ufeff",
}
LIST_ROUTES = [r for r in GET_ROUTES if not r.params]
# The dashboard treats its campaign and team as the record being looked at: a value that names no
# campaign or team the user may see answers 404, like another team's record (dashboard/scope.py).
ANSWERS_404_BY_DESIGN = {("dashboard:index", "campaign"), ("dashboard:index", "team")}
_GET_FORM = re.compile(r"<form\b(?![^>]*method=[\"']post)[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)
_FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=[\"']([^\"']+)[\"']", re.IGNORECASE)


def _get_form_fields(html: str) -> set[str]:
    names = set()
    for form in _GET_FORM.finditer(html):
        names |= set(_FIELD.findall(form.group(1)))
    return names - {"csrfmiddlewaretoken"}


@pytest.mark.parametrize("route", LIST_ROUTES, ids=[r.name for r in LIST_ROUTES])
def test_nasty_values_in_every_search_and_filter_field_give_a_normal_page(client, world, records, route):
    client.force_login(world.admin)
    page = client.get(route.path_with({}))
    if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
        pytest.skip(f"{route.name} is not a page ({page.status_code})")
    fields = _get_form_fields(page.content.decode()) | {"q", "page"}

    failures = []
    for field in sorted(fields):
        for label, value in NASTY.items():
            response = client.get(route.path_with({}), {field: value})
            expected = 404 if (route.name, field) in ANSWERS_404_BY_DESIGN else 200
            if response.status_code != expected:
                failures.append(f"{field}={label} → {response.status_code}")
    assert not failures, f"{route.name}: " + ", ".join(failures)


# ---- ids ---------------------------------------------------------------------------------------

ID_ROUTES = [r for r in GET_ROUTES if "int" in r.params.values()]


@pytest.mark.parametrize("route", ID_ROUTES, ids=[r.name for r in ID_ROUTES])
def test_silly_ids_answer_404_not_500(client, world, records, route):
    client.force_login(world.admin)

    failures = []
    for bad_id in [HUGE_ID, "abc", "-1", "0", "1.5", "%00"]:
        path = route.path_with(dict.fromkeys(route.params, bad_id))
        for method in (client.get, client.post):
            status = method(path).status_code
            if status not in (404, 405):
                failures.append(f"{method.__name__.upper()} {path} → {status}")
    assert not failures, failures


def test_a_huge_visit_id_in_the_issue_form_prefill_is_404(client, world):
    client.force_login(world.cadre_a)

    response = client.get(reverse("issues:create"), {"visit": HUGE_ID})

    assert response.status_code == 404
