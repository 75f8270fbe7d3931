"""The dashboard's query count is bounded and does not grow with the data (0 → ~2 000 → ~6 000 records).

The rows are bulk-written (no writer runs), then the rollups rebuilt from them,
as ``generate_data`` does: the pages read summaries of every size.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Enterprise, EnterpriseStatusChange, UnionStatus
from issues.models import WorkerIssue
from rollups.services import rebuild
from tests.factories import valid_credit_code, worker_group
from visits.models import PlannedVisit, Recruitment, Visit

# Issue 15: at most 25 statements a page. Measured: 24 for leadership, 25 for office staff (the
# calendar banner's check for next year), 23 for a team; the 基层服务 sections follow the page from
# their own addresses (dashboard.sections), 12–13 statements each. The test transaction adds a
# SAVEPOINT and its RELEASE to every request, counted by django_assert_max_num_queries.
PAGE_BUDGET = 25
MAX_QUERIES = PAGE_BUDGET + 2


def _count(client, params=None, name="dashboard:index"):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(world, n_visits=800, n_issues=600, n_enterprises=300, *, batch=0):
    """About 2 000 rows across visits, plans, recruitment, tickets and enterprises, written in bulk.

    ``batch`` tells the codes and names of a second fill apart. The rollups are rebuilt at the end.
    """
    pairs = [(world.team_a, world.unit_a, world.cadre_a), (world.team_b, world.unit_b, world.cadre_b)]
    start = world.campaign.start_date
    visits = Visit.objects.bulk_create(
        Visit(
            campaign=world.campaign,
            team=pairs[i % 2][0],
            unit=pairs[i % 2][1],
            created_by=pairs[i % 2][2],
            date=start + dt.timedelta(days=i % 120),
            summary="批量走访",
            workers_reached=i % 7,
        )
        for i in range(n_visits)
    )
    PlannedVisit.objects.bulk_create(
        PlannedVisit(
            campaign=world.campaign,
            team=pairs[i % 2][0],
            unit=pairs[i % 2][1],
            created_by=pairs[i % 2][2],
            date=start + dt.timedelta(days=i % 120),
            purpose="计划",
            visit=visits[i] if i % 3 else None,
        )
        for i in range(200)
    )
    Recruitment.objects.bulk_create(
        Recruitment(visit=visits[i], group=worker_group("快递员"), count=1 + i % 3) for i in range(100)
    )
    received = timezone.make_aware(dt.datetime.combine(start, dt.time(9)))
    WorkerIssue.objects.bulk_create(
        WorkerIssue(
            code=f"BULK{batch}-{i:05d}",
            campaign=world.campaign,
            team=pairs[i % 2][0],
            unit=pairs[i % 2][1],
            created_by=pairs[i % 2][2],
            category="wages",
            title="批量诉求",
            description="批量",
            received_at=received + dt.timedelta(hours=i),
            response_due=received + dt.timedelta(hours=i + 24),
            resolution_due=received + dt.timedelta(hours=i + 240),
            status="closed" if i % 2 else "new",
            closed_at=received + dt.timedelta(hours=i + 48) if i % 2 else None,
            closing_kind="solved" if i % 2 else "",
        )
        for i in range(n_issues)
    )
    statuses = UnionStatus.funnel()
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            name=f"批量企业{batch}-{i}",
            credit_code=valid_credit_code(),
            unit=pairs[i % 2][1],
            union_status=statuses[i % len(statuses)],
            is_new_form=bool(i % 2),
        )
        for i in range(n_enterprises)
    )
    EnterpriseStatusChange.objects.bulk_create(
        EnterpriseStatusChange(
            enterprise=e, from_status="contacted", to_status="promised", changed_on=start, changed_by=world.office_staff
        )
        for e in enterprises
        if e.union_status == UnionStatus.PROMISED
    )
    Visit.enterprises.through.objects.bulk_create(
        Visit.enterprises.through(visit_id=visits[i].pk, enterprise_id=enterprises[i % n_enterprises].pk)
        for i in range(0, n_visits, 2)
    )
    rebuild()


@pytest.mark.parametrize("role", ["leadership", "office_staff", "leader_a"])
def test_dashboard_queries_bounded_and_flat(client, world, role, django_assert_max_num_queries):
    client.force_login(getattr(world, role))
    _count(client)  # first request creates the rate-weights row
    with django_assert_max_num_queries(MAX_QUERIES):
        empty = _count(client)
    _fill(world)
    assert Visit.objects.count() + WorkerIssue.objects.count() + Enterprise.objects.count() >= 1_700
    with django_assert_max_num_queries(MAX_QUERIES):
        full = _count(client)
    _fill(world, n_visits=1600, n_issues=1200, n_enterprises=600, batch=1)  # three times as many rows
    assert Visit.objects.count() + WorkerIssue.objects.count() + Enterprise.objects.count() >= 5_100
    with django_assert_max_num_queries(MAX_QUERIES):
        larger = _count(client)
    assert empty == full == larger


def test_team_filter_and_period_do_not_add_queries(client, world):
    client.force_login(world.leadership)
    _fill(world, n_visits=200, n_issues=100, n_enterprises=50)
    _count(client)
    plain = _count(client)
    filtered = _count(client, {"team": world.team_a.pk, "date_from": "2026-08-01", "date_to": "2026-09-30"})
    assert filtered <= plain + 1  # the team's units for the funnel


def test_today_page_queries_flat(client, world):
    client.force_login(world.cadre_a)
    empty = _count(client, name="dashboard:home")
    _fill(world)
    full = _count(client, name="dashboard:home")
    _fill(world, n_visits=1600, n_issues=1200, n_enterprises=600, batch=1)
    assert empty == full == _count(client, name="dashboard:home")
    assert empty <= MAX_QUERIES


@pytest.mark.parametrize("section", ["dashboard:mediation_section", "dashboard:outreach_section"])
@pytest.mark.parametrize("role", ["leadership", "cadre_a"])
def test_the_sections_loaded_after_the_page_are_bounded_and_flat(client, world, role, section):
    client.force_login(getattr(world, role))
    _count(client, name=section)
    empty = _count(client, name=section)
    _fill(world)
    assert empty == _count(client, name=section) <= MAX_QUERIES


def _last_year(world):
    """A finished 2025 campaign with the same people in the same teams and records of its own (issue 11)."""
    from campaigns import memberships
    from tests.factories import AssignmentFactory, CampaignFactory, VisitFactory, WorkTeamFactory

    old = CampaignFactory(name="2025年蹲点活动", start_date=dt.date(2025, 7, 15), end_date=dt.date(2025, 12, 31))
    for name, unit, leader, cadre in (
        ("第一蹲点小组", world.unit_a, world.leader_a, world.cadre_a),
        ("第二蹲点小组", world.unit_b, world.leader_b, world.cadre_b),
    ):
        team = WorkTeamFactory(campaign=old, name=name)
        assignment = AssignmentFactory(campaign=old, team=team, unit=unit)
        memberships.add_member(team, leader, role="leader")
        memberships.add_member(team, cadre)
        for day in range(1, 30):
            VisitFactory(assignment=assignment, created_by=cadre, date=dt.date(2025, 8, day))


@pytest.mark.parametrize("role", ["leadership", "leader_a", "cadre_a"])
def test_a_second_campaign_of_data_adds_no_queries(client, world, role):
    client.force_login(getattr(world, role))
    name = "dashboard:home" if role == "cadre_a" else "dashboard:index"
    _count(client, name=name)
    before = _count(client, name=name)
    _last_year(world)
    assert _count(client, name=name) == before
