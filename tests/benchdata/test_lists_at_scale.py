"""Lists that do not count a million rows (issue 15), on generated data at two sizes.

Query counts that do not grow with the data, "约 N" for an unfiltered list too long to
count (PostgreSQL) and an exact count once filtered, keyset pages with no duplicate or
skipped row, and the search box finding a ticket by code, hotline number and worker.
"""

import datetime as dt
import random
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchdata.generate import generate
from dundian import paging
from issues.models import WorkerIssue
from visits.models import Visit

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 15, 30))
LIST_PAGES = [
    "/issues/",
    "/issues/?view=open",
    "/issues/?page=3",
    "/visits/",
    "/visits/?page=3",
    "/plans/",
    "/enterprises/",
]


def _generate(size, seed=5):
    generate(random.Random(seed), visits=size, tickets=size, campaigns=2, enterprises=40, now=NOW, log=lambda m: None)


def _user(username):
    return get_user_model().objects.get(username=username)


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    # The access log's one INSERT is written when a page shows unmasked personal data: it depends on
    # which rows the page holds, not on how many rows there are.
    return sum(1 for q in ctx.captured_queries if "privacy_personaldataaccess" not in q["sql"])


def _counts(client):
    counts = {}
    for username in ("bench_leader", "bench_cadre1_1"):
        client.force_login(_user(username))
        ticket = WorkerIssue.objects.visible_to(_user(username)).order_by("-received_at").first()
        visit = Visit.objects.visible_to(_user(username)).order_by("-date").first()
        for path in [*LIST_PAGES, f"/issues/{ticket.pk}/", f"/visits/{visit.pk}/"]:
            counts[(username, re.sub(r"/\d+/$", "/<id>/", path))] = _queries(client, path)
    return counts


def test_list_and_detail_pages_run_as_many_queries_at_two_sizes(client):
    with transaction.atomic():
        _generate(250)
        small = _counts(client)
        transaction.set_rollback(True)
    _generate(1500)  # six times the rows, the same campaigns, teams and people
    large = _counts(client)
    lists = [key for key in small if not key[1].endswith("<id>/")]
    assert {key: large[key] for key in lists} == {key: small[key] for key in lists}
    # A detail page's queries depend on what the record holds (a source visit, a plan), never on the table's size.
    assert max(small.values()) <= 25 and max(large.values()) <= 25


def _walk(client, path, key):
    """Every row of a list, following the 下一页 cursors; and back again with 上一页."""
    seen, pages, response = [], [], client.get(path)
    while True:
        page = response.context["page"]
        pages.append([key(row) for row in page])
        seen += pages[-1]
        if not page.has_next():
            break
        response = client.get(path, {"page": page.next_page_number(), "after": page.next_cursor})
    back = client.get(path, {"page": page.previous_page_number(), "before": page.previous_cursor})
    assert [key(row) for row in back.context["page"]] == pages[-2]
    return seen


def test_keyset_pages_show_every_ticket_once_in_order(client):
    _generate(200)
    leader = _user("bench_leader")
    client.force_login(leader)
    seen = _walk(client, "/issues/", lambda issue: issue.pk)
    expected = list(WorkerIssue.objects.visible_to(leader).order_by("-received_at", "-id").values_list("pk", flat=True))
    assert seen == expected


def test_keyset_pages_show_every_visit_of_a_cadre_once_in_order(client):
    _generate(200)
    cadre = _user("bench_cadre1_1")
    client.force_login(cadre)
    seen = _walk(client, "/visits/", lambda visit: visit.pk)
    assert seen == list(Visit.objects.visible_to(cadre).order_by("-date", "-id").values_list("pk", flat=True))


def test_a_hand_edited_cursor_starts_over_instead_of_failing(client):
    _generate(60)
    client.force_login(_user("bench_leader"))
    response = client.get("/issues/", {"page": 2, "after": '["not a date", "x"]'})
    assert response.status_code == 200 and response.context["page"].number == 2


def test_a_deep_page_number_is_bounded(client, monkeypatch):
    monkeypatch.setattr(paging, "MAX_OFFSET_PAGE", 2)
    _generate(200)
    client.force_login(_user("bench_leader"))
    assert client.get("/issues/?page=9").context["page"].number == 2


def test_filtered_lists_show_the_exact_count(client, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 50)
    _generate(200)
    client.force_login(_user("bench_leader"))
    yanhe = WorkerIssue.objects.filter(source="yanhe").count()
    assert 0 < yanhe <= 50 < WorkerIssue.objects.count()
    body = client.get("/issues/", {"source": "yanhe"}).content.decode()
    assert f"共 {yanhe} 件诉求" in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_an_unfiltered_long_list_shows_an_estimate(client, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 50)
    _generate(300)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE issues_workerissue")
        cursor.execute("ANALYZE visits_visit")
    client.force_login(_user("bench_leader"))
    body = client.get("/issues/").content.decode()
    assert re.search(r"约 [\d,]+ 件诉求", body)
    body = client.get("/visits/").content.decode()
    assert re.search(r"约 [\d,]+ 条", body)


@pytest.mark.parametrize("how", ["code", "code_prefix", "hotline_prefix", "worker"])
def test_search_finds_the_ticket(client, how):
    _generate(200)
    client.force_login(_user("bench_leader"))
    ticket = WorkerIssue.objects.exclude(hotline_number="").order_by("-id").first()
    q = {
        "code": ticket.code,
        "code_prefix": ticket.code[:-1],
        "hotline_prefix": ticket.hotline_number[:-2],
        "worker": ticket.worker_name,
    }[how]
    shown = []
    response = client.get("/issues/", {"q": q})
    while True:
        page = response.context["page"]
        shown += [issue.pk for issue in page]
        if not page.has_next():
            break
        response = client.get("/issues/", {"q": q, "page": page.next_page_number(), "after": page.next_cursor})
    assert ticket.pk in shown


def test_the_next_link_carries_the_cursor_and_keeps_the_filters(client):
    _generate(200)
    client.force_login(_user("bench_leader"))
    body = client.get("/issues/", {"source": "12345"}).content.decode()
    href = re.search(r'href="([^"]*)">下一页', body).group(1).replace("&amp;", "&")
    assert "after=" in href and "source=12345" in href and "page=2" in href
    page = client.get("/issues/" + href).context["page"]
    assert page.number == 2 and all(issue.source == "12345" for issue in page)
