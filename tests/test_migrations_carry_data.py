"""A database seeded by the previous version migrates and keeps its records, now dated and flagged."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("campaigns", "0002_reference_data"), ("workdays", "0002_calendar_2026")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_assignments_are_dated_from_the_campaign_start_and_groups_flagged():
    old = migrate(BEFORE)
    Campaign, WorkTeam = old.get_model("campaigns", "Campaign"), old.get_model("campaigns", "WorkTeam")
    UnionUnit, Assignment = old.get_model("campaigns", "UnionUnit"), old.get_model("campaigns", "Assignment")
    campaign = Campaign.objects.create(name="旧活动", start_date=dt.date(2026, 7, 15), end_date=dt.date(2026, 12, 31))
    team = WorkTeam.objects.create(campaign=campaign, name="第一蹲点小组")
    Assignment.objects.create(campaign=campaign, team=team, unit=UnionUnit.objects.get(name="采育镇"))

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps

    assignment = new.get_model("campaigns", "Assignment").objects.get(unit__name="采育镇")
    assert (assignment.valid_from, assignment.valid_to) == (dt.date(2026, 7, 15), None)
    groups = new.get_model("campaigns", "WorkerGroup").objects
    assert groups.filter(is_eight_group=True).count() == 8
    assert set(groups.filter(is_eight_group=False).values_list("name", flat=True)) == {
        "农民工",
        "出租车司机",
        "环卫工人",
    }
    assert new.get_model("workdays", "CalendarYear").objects.filter(year=2026).exists()
