"""A unit handed to another team mid-campaign: earlier records stay with the team that made them."""

import datetime as dt

from django.urls import reverse

from campaigns.models import Assignment
from dashboard.coverage import coverage_rows
from issues.models import IssueAction
from tests.factories.visits import PlannedVisitFactory, VisitFactory


def post(client, world, on, **extra):
    data = {"assignment": world.assignment_a.pk, "to_team": world.team_b.pk, "on_date": on, **extra}
    return client.post(reverse("unit_changes:handover"), data)


def test_handover_through_the_page_transfers_open_tickets_and_keeps_old_visits(client, world, make_issue):
    issue = make_issue()
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 3))
    plan = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 10, 20))
    client.force_login(world.office_staff)

    html = post(client, world, "2026-10-01", preview="1").content.decode()
    assert "高米店街道：第一蹲点小组负责至2026-09-30，第二蹲点小组自2026-10-01起负责" in html
    assert issue.code in html
    response = post(client, world, "2026-10-01", confirm="1")

    assert response.status_code == 302
    world.assignment_a.refresh_from_db()
    assert world.assignment_a.valid_to == dt.date(2026, 9, 30)
    new = Assignment.objects.current().get(campaign=world.campaign, unit=world.unit_a)
    assert (new.team, new.valid_from) == (world.team_b, dt.date(2026, 10, 1))
    issue.refresh_from_db()
    assert (issue.team, issue.handler, issue.assignment) == (world.team_b, world.leader_b, new)
    entry = issue.actions.latest("id")
    assert entry.kind == IssueAction.Kind.TRANSFER
    assert "单位移交：高米店街道自2026-10-01起由第一蹲点小组移交第二蹲点小组" in entry.note
    plan.refresh_from_db()
    assert plan.team == world.team_b
    rows = {(r.team.name, r.unit.name): r.visits for r in coverage_rows(world.campaign)}
    assert rows[("第一蹲点小组", "高米店街道")] == 1
    assert rows[("第二蹲点小组", "高米店街道")] == 0


def test_a_handover_outside_the_campaign_is_refused_and_writes_nothing(client, world, make_issue):
    issue = make_issue()
    client.force_login(world.office_staff)

    html = post(client, world, "2027-02-01", confirm="1").content.decode()

    assert "移交日期须在活动期间（2026-07-15 至 2026-12-31）。" in html
    assert Assignment.objects.filter(unit=world.unit_a).count() == 1
    issue.refresh_from_db()
    assert issue.team == world.team_a


def test_a_handover_to_the_same_team_is_refused(client, world):
    client.force_login(world.office_staff)

    html = post(client, world, "2026-10-01", to_team=world.team_a.pk, confirm="1").content.decode()

    assert "请选择第一蹲点小组以外的小组。" in html
