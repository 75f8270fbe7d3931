"""Issue 12 finding 1: the duplicate checks and searches confirm nothing a user sees masked.

For each probe, a guess that matches a worker's hidden data and one that does not
must give responses that differ only by the guess itself.
"""

import re

from django.urls import reverse

from issues.models import WorkerIssue
from tests.factories import EnterpriseFactory
from tests.issues.pages import edit_data, form_data, login

from .conftest import ID_NUMBER, PHONE

MISS_PHONE = "13812340000"
MISS_ID = "110105194912310038"
CSRF = re.compile(r"[A-Za-z0-9]{64}")  # CSRF tokens (form fields and htmx headers)


def _normalised(response, guess):
    html = response.content.decode()
    return response.status_code, CSRF.sub("", html).replace(guess, "GUESS")


def _probe(client, url, data, field, hit, miss):
    responses = []
    for guess in (hit, miss):
        responses.append(_normalised(client.post(url, {**data, field: guess}), guess))
    return responses


def test_stale_edit_confirms_no_masked_phone_of_the_own_team(client, world, make_issue, other_cadre_a, enterprise_a):
    """The 10 000-guesses attack: an edit that saves nothing (stale version) must not answer "duplicate"."""
    target = make_issue(enterprise=enterprise_a)  # recorded by cadre_a: masked to other_cadre_a
    own = make_issue(created_by=other_cadre_a, worker_phone="13900001111", enterprise=enterprise_a, title="另一件")
    data = edit_data(own, enterprise=enterprise_a.pk, version=own.version + 5)
    hit, miss = _probe(login(client, other_cadre_a), reverse("issues:edit", args=[own.pk]), data, "worker_phone",
                       PHONE, MISS_PHONE)  # fmt: skip
    assert hit == miss
    assert target.code not in hit[1]


def test_stale_edit_confirms_no_masked_id_number(client, world, make_issue, other_cadre_a, enterprise_a):
    make_issue(enterprise=enterprise_a, worker_phone="")
    own = make_issue(created_by=other_cadre_a, worker_phone="", worker_id_number="", enterprise=enterprise_a)
    data = edit_data(own, enterprise=enterprise_a.pk, version=own.version + 5)
    hit, miss = _probe(login(client, other_cadre_a), reverse("issues:edit", args=[own.pk]), data, "worker_id_number",
                       ID_NUMBER, MISS_ID)  # fmt: skip
    assert hit == miss


def test_create_does_not_reveal_another_teams_open_ticket(client, world, make_issue, enterprise_a):
    """cadre_b cannot learn that a named worker has an open complaint in team A."""
    target = make_issue(enterprise=enterprise_a)
    # Filed against an enterprise of the cadre's own unit (a ticket's enterprise belongs to its unit).
    own_enterprise = EnterpriseFactory(unit=world.unit_b)
    data = form_data(world, team=world.team_b.pk, unit=world.unit_b.pk, enterprise=own_enterprise.pk)
    client = login(client, world.cadre_b)
    hit = client.post(reverse("issues:create"), {**data, "worker_phone": PHONE})
    miss = client.post(reverse("issues:create"), {**data, "worker_phone": MISS_PHONE})
    assert hit.status_code == miss.status_code == 302
    assert target.code not in client.get(hit["Location"]).content.decode()


def test_stale_edit_confirms_no_masked_name(client, world, make_issue, other_cadre_a, enterprise_a):
    make_issue(enterprise=enterprise_a, worker_phone="", worker_id_number="")
    own = make_issue(created_by=other_cadre_a, worker_name="王五", worker_phone="", worker_id_number="",
                     enterprise=enterprise_a)  # fmt: skip
    data = edit_data(own, enterprise=enterprise_a.pk, version=own.version + 5)
    hit, miss = _probe(login(client, other_cadre_a), reverse("issues:edit", args=[own.pk]), data, "worker_name",
                       "张三", "张五")  # fmt: skip
    assert hit == miss
    assert WorkerIssue.objects.get(pk=own.pk).worker_name == "王五"


def test_hotline_number_of_an_invisible_ticket_is_refused_without_naming_it(client, world, make_issue):
    target = make_issue(source="12345", hotline_number="2026080100123")
    data = form_data(world, team=world.team_b.pk, unit=world.unit_b.pk, source="12345")
    response = login(client, world.cadre_b).post(reverse("issues:create"), {**data, "hotline_number": "2026080100123"})
    html = response.content.decode()
    assert "已登记" in html
    assert target.code not in html
    assert world.team_a.name not in html
    assert WorkerIssue.objects.count() == 1


def test_hotline_number_of_a_visible_ticket_names_it(client, world, make_issue):
    target = make_issue(source="12345", hotline_number="2026080100123")
    data = form_data(world, source="12345", hotline_number="2026080100123")
    response = login(client, world.leader_a).post(reverse("issues:create"), data)
    assert target.code in response.content.decode()


def test_duplicate_warning_still_names_a_ticket_the_user_sees_in_full(client, world, make_issue, enterprise_a):
    target = make_issue(enterprise=enterprise_a)
    data = form_data(world, enterprise=enterprise_a.pk, worker_phone=PHONE)
    html = login(client, world.leader_a).post(reverse("issues:create"), data).content.decode()
    assert "可能是重复登记" in html
    assert target.code in html


def _count(client, q):
    html = client.get(reverse("issues:list"), {"q": q}).content.decode()
    return re.search(r"共 (\d+) 件诉求", html).group(1)


def test_list_search_by_phone_or_id_finds_nothing_masked(client, world, issue_a, other_cadre_a):
    client = login(client, other_cadre_a)
    assert _count(client, PHONE) == _count(client, MISS_PHONE) == "0"
    assert _count(client, ID_NUMBER) == _count(client, MISS_ID) == "0"
    assert _count(client, "张三") == "0"


def test_list_search_by_phone_or_id_for_those_who_see_it(client, world, issue_a):
    client = login(client, world.leader_a)
    assert _count(client, PHONE) == "1"
    assert _count(client, ID_NUMBER) == "1"
    assert _count(client, MISS_PHONE) == "0"
