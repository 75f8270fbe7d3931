"""The dated-membership migration carries existing data forward (issue 11).

A database at the previous migration state, with memberships in it, is
migrated: every membership is kept, belongs to its team's campaign and is
dated from the campaign's start; a user who was in two teams of one campaign
(the old schema allowed it) keeps one open membership and the other on record.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("campaigns", "0002_reference_data")]
AFTER = [("campaigns", "0005_dated_team_membership")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_memberships_are_kept_and_dated_from_their_campaigns_start():
    old = _migrate(BEFORE)
    try:
        User = old.get_model("auth", "User")
        Campaign = old.get_model("campaigns", "Campaign")
        WorkTeam = old.get_model("campaigns", "WorkTeam")
        TeamMembership = old.get_model("campaigns", "TeamMembership")
        campaign = Campaign.objects.create(
            name="2026年蹲点活动", start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 12, 31)
        )
        first = WorkTeam.objects.create(campaign=campaign, name="第一蹲点小组")
        second = WorkTeam.objects.create(campaign=campaign, name="第二蹲点小组")
        leader = User.objects.create(username="leader")
        both = User.objects.create(username="both")
        TeamMembership.objects.create(team=first, user=leader, role="leader")
        TeamMembership.objects.create(team=first, user=both, role="member")
        TeamMembership.objects.create(team=second, user=both, role="leader")
        ids = set(TeamMembership.objects.values_list("pk", flat=True))

        new = _migrate(AFTER)
        rows = new.get_model("campaigns", "TeamMembership").objects.order_by("pk")
        assert set(rows.values_list("pk", flat=True)) == ids
        assert {(m.campaign_id, m.valid_from) for m in rows} == {(campaign.pk, dt.date(2026, 3, 1))}
        both_rows = {m.team_id: m.valid_to for m in rows.filter(user_id=both.pk)}
        # The leader's membership stays open; the other is kept, closed on the campaign's first day.
        assert both_rows == {second.pk: None, first.pk: dt.date(2026, 3, 1)}
        assert rows.get(user_id=leader.pk).valid_to is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
