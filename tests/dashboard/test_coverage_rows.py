"""coverage_rows: one row per assigned (unit, team), every figure counted by hand."""

import datetime as dt

import pytest
from django.utils import timezone

from dashboard.coverage import coverage_rows
from tests.factories import (
    AssignmentFactory,
    EnterpriseFactory,
    IssueFactory,
    RecruitmentFactory,
    UnionUnitFactory,
    VisitFactory,
    worker_group,
)


def _at(d, h=10):
    return timezone.make_aware(dt.datetime(d.year, d.month, d.day, h))


@pytest.fixture
def covered(world):
    """Team A visits unit A three times (two in August, one in September); B never visits."""
    a = world.assignment_a
    e1, e2 = EnterpriseFactory(unit=world.unit_a), EnterpriseFactory(unit=world.unit_a)
    v1 = VisitFactory(assignment=a, date=dt.date(2026, 8, 3), workers_reached=10, created_by=world.cadre_a)
    v2 = VisitFactory(assignment=a, date=dt.date(2026, 8, 20), workers_reached=5, created_by=world.cadre_a)
    v3 = VisitFactory(assignment=a, date=dt.date(2026, 9, 2), workers_reached=7, created_by=world.cadre_a)
    v1.enterprises.add(e1, e2)
    v2.enterprises.add(e1)  # met again: still two distinct
    v3.enterprises.add(e2)
    RecruitmentFactory(visit=v1, group=worker_group("快递员"), count=4)
    RecruitmentFactory(visit=v1, group=worker_group("保安员"), count=2)
    RecruitmentFactory(visit=v3, count=3)
    IssueFactory(assignment=a, received_at=_at(dt.date(2026, 8, 5)), created_by=world.cadre_a)
    IssueFactory(
        assignment=a,
        received_at=_at(dt.date(2026, 8, 6)),
        status="closed",
        closed_at=_at(dt.date(2026, 8, 9)),
        closing_kind="solved",
        created_by=world.cadre_a,
    )
    IssueFactory(assignment=a, received_at=_at(dt.date(2026, 9, 3)), created_by=world.cadre_a)
    return world


def _by_unit(rows):
    return {r.unit.name: r for r in rows}


def test_whole_campaign_counts(covered):
    rows = _by_unit(coverage_rows(covered.campaign))
    a = rows["高米店街道"]
    assert (a.team, a.visits, a.last_visit_date) == (covered.team_a, 3, dt.date(2026, 9, 2))
    assert (a.enterprises_met, a.workers_reached, a.recruited) == (2, 22, 9)
    assert (a.issues_open, a.issues_closed) == (2, 1)


def test_unvisited_unit_has_zeros_and_no_date(covered):
    b = _by_unit(coverage_rows(covered.campaign))["兴丰街道"]
    assert (b.team, b.visits, b.last_visit_date, b.enterprises_met) == (covered.team_b, 0, None, 0)
    assert (b.workers_reached, b.recruited, b.issues_open, b.issues_closed) == (0, 0, 0, 0)


def test_period_restricts_visits_and_issues(covered):
    a = _by_unit(coverage_rows(covered.campaign, start=dt.date(2026, 8, 1), end=dt.date(2026, 8, 31)))["高米店街道"]
    assert (a.visits, a.last_visit_date, a.enterprises_met, a.workers_reached, a.recruited) == (
        2,
        dt.date(2026, 8, 20),
        2,
        15,
        6,
    )
    assert (a.issues_open, a.issues_closed) == (1, 1)


def test_team_and_unit_filters(covered):
    assert [r.unit.name for r in coverage_rows(covered.campaign, teams=[covered.team_b])] == ["兴丰街道"]
    assert [r.unit.name for r in coverage_rows(covered.campaign, units=[covered.unit_a.pk])] == ["高米店街道"]


def test_other_campaign_ignored(covered):
    other = AssignmentFactory(unit=UnionUnitFactory(name="旧宫镇"))
    VisitFactory(assignment=other)
    assert {r.unit.name for r in coverage_rows(covered.campaign)} == {"高米店街道", "兴丰街道"}
    assert [r.visits for r in coverage_rows(other.campaign)] == [1]


def test_one_query(covered, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(coverage_rows(covered.campaign))
