"""Aggregates for the district's BI agree with the dashboard leadership sees, for the same filters."""

import datetime as dt

import pytest
from django.test import Client

from issues import workflow
from issues.models import IssueAction
from tests.factories import VisitFactory

from .conftest import call

Kind = IssueAction.Kind


@pytest.fixture
def activity(world, make_tickets):
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 4), workers_reached=12)
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 20), workers_reached=5)
    VisitFactory(assignment=world.assignment_b, date=dt.date(2026, 9, 1), workers_reached=7)
    tickets = make_tickets(6)
    for t in tickets[:3]:
        t = workflow.perform(t.pk, world.office_staff, Kind.ACCEPT, version=t.version)
        workflow.perform(t.pk, world.office_staff, Kind.RESOLVE, version=t.version, note="已解决")
    return tickets


def dashboard(world, **filters):
    client = Client()
    client.force_login(world.leadership)
    response = client.get("/dashboard/", {"campaign": world.campaign.pk, **filters})
    assert response.status_code == 200
    return response.context


@pytest.mark.parametrize("filters", [{}, {"date_from": "2026-08-01", "date_to": "2026-08-31"}], ids=["all", "august"])
def test_rates_and_team_rows_agree_with_the_dashboard(world, api, bi, activity, filters):
    _, token = bi
    page = dashboard(world, **filters)

    body = api.get(
        "/api/v1/aggregates/tickets/", {"campaign": world.campaign.pk, **filters}, HTTP_AUTHORIZATION=f"Bearer {token}"
    ).json()

    rates = page["issues"]["rates"]
    assert body["rates"]["response"]["numerator"] == rates.response_numerator
    assert body["rates"]["response"]["denominator"] == rates.response_denominator
    assert body["rates"]["resolution"]["numerator"] == rates.resolution_numerator
    assert body["rates"]["resolution"]["denominator"] == rates.resolution_denominator
    assert body["rates"]["satisfaction"]["denominator"] == rates.satisfaction_denominator
    assert body["rates"]["score"] == (None if rates.score is None else float(rates.score))
    assert body["tickets"]["received"] == page["issues"]["figures"].total
    assert body["tickets"]["open"] == page["issues"]["figures"].open_total
    page_rows = {r.name: r for r in page["teams"]["rows"]}
    for row in body["teams"]:
        mine = page_rows[row["team"]]
        assert (row["visits"], row["tickets_received"], row["tickets_closed"], row["workers_reached"]) == (
            mine.visits_done,
            mine.issues_found,
            mine.issues_closed,
            mine.workers_reached,
        )


def test_coverage_agrees_with_the_dashboard_tiles(world, api, bi, activity):
    _, token = bi
    page = dashboard(world)

    body = call(api, "GET", "/api/v1/aggregates/coverage/", token).json()

    visits = {r["unit"]: r["visits"] for r in body["rows"]}
    tiles = {t["unit"].name: t for t in page["coverage"]["tiles"] if t["team"] is not None}
    assert visits == {name: tile["visits"] for name, tile in tiles.items()}
    assert visits == {world.unit_a.name: 2, world.unit_b.name: 1}
    assert sum(r["tickets_open"] + r["tickets_closed"] for r in body["rows"]) == 6


def test_aggregates_need_the_aggregates_scope(world, api, hotline):
    _, token = hotline
    assert call(api, "GET", "/api/v1/aggregates/coverage/", token).status_code == 403


def test_an_unknown_campaign_is_404(world, api, bi):
    _, token = bi
    response = api.get("/api/v1/aggregates/tickets/", {"campaign": 999999}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404


def test_a_period_ending_before_it_starts_is_400(world, api, bi):
    _, token = bi
    response = api.get(
        "/api/v1/aggregates/tickets/",
        {"date_from": "2026-09-01", "date_to": "2026-08-01"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 400
    assert "date_to" in response.json()["errors"]


def test_aggregates_take_a_fixed_number_of_queries(world, api, bi, activity, django_assert_max_num_queries):
    _, token = bi
    with django_assert_max_num_queries(20):
        assert call(api, "GET", "/api/v1/aggregates/tickets/", token).status_code == 200
    with django_assert_max_num_queries(10):
        assert call(api, "GET", "/api/v1/aggregates/coverage/", token).status_code == 200
