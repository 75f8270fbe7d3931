"""Dated team membership per campaign (issue 11): one writer, history kept, roles follow today's membership.

A two-campaign world (2026 running, 2027 prepared) built through the
services: memberships by ``campaigns.memberships``, tickets by
``issues.services.open_issue``. The clock is frozen with time_machine.
"""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from campaigns import memberships, permissions, roles
from campaigns.models import TeamMembership
from issues import workflow
from issues.models import IssueAction, Source, WorkerIssue
from issues.services import open_issue
from issues.tasks import remind_issues
from notifications.models import Kind, Notification
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    UnionUnitFactory,
    UserFactory,
    VisitFactory,
    WorkTeamFactory,
)
from visits.models import Visit


def local(y, m, d, h=10):
    return timezone.make_aware(dt.datetime(y, m, d, h))


@pytest.fixture
def clock():
    travellers = []

    def travel(moment):
        while travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    travel(local(2026, 12, 2))
    yield travel
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def years(db, clock):
    """2026 (running) and 2027 (prepared), two teams each, built through the membership service."""
    c26 = CampaignFactory(name="2026年蹲点活动", start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 12, 31))
    c27 = CampaignFactory(name="2027年蹲点活动", start_date=dt.date(2027, 3, 1), end_date=dt.date(2027, 12, 31))
    unit_a, unit_b = UnionUnitFactory(name="高米店街道"), UnionUnitFactory(name="兴丰街道")
    w = {"c26": c26, "c27": c27, "unit_a": unit_a, "unit_b": unit_b}
    for year, campaign in (("26", c26), ("27", c27)):
        for key, unit in (("a", unit_a), ("b", unit_b)):
            team = WorkTeamFactory(campaign=campaign, name=f"第{'一' if key == 'a' else '二'}蹲点小组")
            w[f"team_{key}{year}"] = team
            w[f"asg_{key}{year}"] = AssignmentFactory(campaign=campaign, team=team, unit=unit)
    for name in ("mover", "mate", "leader_a", "leader_b", "cadre_b"):
        w[name] = UserFactory(username=name)
    w["staff"] = UserFactory(username="staff", groups=["工作人员"])
    memberships.add_member(w["team_a26"], w["leader_a"], role="leader")
    memberships.add_member(w["team_b26"], w["leader_b"], role="leader")
    memberships.add_member(w["team_a26"], w["mover"])
    memberships.add_member(w["team_a26"], w["mate"])
    memberships.add_member(w["team_b26"], w["cadre_b"])
    return type("Years", (), w)


def _ticket(years, by, team, unit, campaign, title="拖欠工资"):
    """A ticket recorded by ``by`` and accepted by them (so they handle it), through the services."""
    ticket = open_issue(
        created_by=by,
        source=Source.FIELD,
        category="wages",
        team=team,
        unit=unit,
        campaign=campaign,
        title=title,
        description="职工反映企业拖欠工资",
        worker_name="张三",
        worker_phone="13812345678",
    )
    return workflow.perform(ticket.pk, by, IssueAction.Kind.ACCEPT, version=ticket.version)


def _fresh(user):
    roles.forget(user)
    return user


# --- the one writer and its checks --------------------------------------------------


def test_membership_dated_from_its_campaigns_start_by_default(years):
    m = TeamMembership.objects.get(user=years.mover)
    assert (m.campaign, m.valid_from, m.valid_to) == (years.c26, dt.date(2026, 3, 1), None)


def test_overlapping_dated_membership_is_refused_with_a_message_and_nothing_written(years):
    # A closed membership in the past, then a dated one overlapping it.
    memberships.add_member(years.team_a27, years.cadre_b, since=dt.date(2027, 3, 1), until=dt.date(2027, 6, 1))
    before = TeamMembership.objects.count()
    with pytest.raises(ValidationError) as error:
        memberships.add_member(years.team_b27, years.cadre_b, since=dt.date(2027, 5, 1), until=dt.date(2027, 7, 1))
    assert "时间不能重叠" in str(error.value)
    assert TeamMembership.objects.count() == before


def test_adjacent_memberships_do_not_overlap(years):
    memberships.add_member(years.team_a27, years.cadre_b, since=dt.date(2027, 3, 1), until=dt.date(2027, 6, 1))
    m = memberships.add_member(years.team_b27, years.cadre_b, since=dt.date(2027, 6, 1))
    assert m.valid_from == dt.date(2027, 6, 1)


def test_database_refuses_a_second_open_membership_in_one_campaign(years):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(team=years.team_b26, user=years.mover)


def test_database_refuses_an_end_before_the_start(years):
    m = TeamMembership.objects.get(user=years.mover)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.filter(pk=m.pk).update(valid_to=dt.date(2026, 1, 1))


def test_a_user_may_be_in_one_team_of_each_campaign(years):
    memberships.add_member(years.team_b27, years.mover)
    assert TeamMembership.objects.filter(user=years.mover).count() == 2


# --- roles follow today's membership --------------------------------------------------


def test_roles_follow_the_membership_valid_today(years, clock):
    memberships.add_member(years.team_b27, years.mover)
    assert roles.team_ids_of(_fresh(years.mover)) == [years.team_a26.pk]
    clock(local(2027, 1, 5))  # between campaigns: in no team
    assert roles.team_ids_of(_fresh(years.mover)) == []
    clock(local(2027, 4, 7))
    assert roles.team_ids_of(_fresh(years.mover)) == [years.team_b27.pk]


def test_team_unit_ids_look_only_at_the_current_campaign(years, clock):
    memberships.add_member(years.team_b27, years.mover)
    assert permissions.team_unit_ids(_fresh(years.mover)) == {years.unit_a.pk}
    clock(local(2027, 4, 7))
    assert permissions.team_unit_ids(_fresh(years.mover)) == {years.unit_b.pk}


def test_a_prepared_campaigns_team_counts_from_its_start(years, clock):
    newcomer = UserFactory(username="newcomer")
    memberships.add_member(years.team_a27, newcomer)
    assert roles.team_ids_of(newcomer) == []
    clock(local(2027, 3, 1))
    assert roles.team_ids_of(_fresh(newcomer)) == [years.team_a27.pk]


# --- moving a cadre ---------------------------------------------------------------------


def test_move_ends_one_membership_starts_the_other_and_keeps_history(years):
    memberships.move(years.mover, years.team_b26, on=dt.date(2026, 12, 2), by=years.staff)
    rows = list(TeamMembership.objects.filter(user=years.mover).order_by("valid_from", "pk"))
    assert [(m.team, m.valid_from, m.valid_to) for m in rows] == [
        (years.team_a26, dt.date(2026, 3, 1), dt.date(2026, 12, 2)),
        (years.team_b26, dt.date(2026, 12, 2), None),
    ]


def test_move_hands_open_tickets_to_the_old_teams_leader(years):
    open_ticket = _ticket(years, years.mover, years.team_a26, years.unit_a, years.c26)
    years.mover.refresh_from_db()
    memberships.move(years.mover, years.team_b26, by=years.staff)
    open_ticket.refresh_from_db()
    assert open_ticket.handler == years.leader_a
    entry = open_ticket.actions.order_by("-pk").first()
    assert entry.kind == IssueAction.Kind.ASSIGN
    assert "调至2026年第二蹲点小组" in entry.note and "移交组长办理" in entry.note
    notice = Notification.objects.get(kind=Kind.ISSUES_HANDED_OVER)
    assert notice.recipient == years.leader_a
    assert open_ticket.code in notice.body


def test_moving_the_only_leader_with_open_tickets_is_refused_and_nothing_changes(years):
    _ticket(years, years.leader_a, years.team_a26, years.unit_a, years.c26)
    with pytest.raises(ValidationError) as error:
        memberships.move(years.leader_a, years.team_b26, by=years.staff)
    assert "请先指定组长" in str(error.value)
    assert TeamMembership.objects.get(user=years.leader_a).valid_to is None


def test_moving_into_the_same_team_is_refused(years):
    with pytest.raises(ValidationError) as error:
        memberships.move(years.mover, years.team_a26, by=years.staff)
    assert "已在2026年第一蹲点小组" in str(error.value)


def test_moved_cadre_sees_the_right_records_before_and_after(years, clock):
    own = VisitFactory(assignment=years.asg_a26, created_by=years.mover, date=dt.date(2026, 11, 20))
    mates = VisitFactory(assignment=years.asg_a26, created_by=years.mate, date=dt.date(2026, 11, 21))
    new_team = VisitFactory(assignment=years.asg_b26, created_by=years.cadre_b, date=dt.date(2026, 11, 22))
    ticket = _ticket(years, years.mover, years.team_a26, years.unit_a, years.c26)

    def seen():
        return set(Visit.objects.visible_to(_fresh(years.mover)))

    assert seen() == {own, mates}
    memberships.move(years.mover, years.team_b26, on=dt.date(2026, 12, 3), by=years.staff)
    assert seen() == {own, mates}  # the move takes effect tomorrow
    clock(local(2026, 12, 3))
    assert seen() == {own, new_team}
    assert ticket in WorkerIssue.objects.visible_to(_fresh(years.mover))
    # The mate's visit is team A's alone now.
    assert mates not in seen()


def test_after_the_campaign_a_cadre_keeps_only_what_they_made(years, clock):
    own = VisitFactory(assignment=years.asg_a26, created_by=years.mover)
    mates = VisitFactory(assignment=years.asg_a26, created_by=years.mate)
    memberships.add_member(years.team_a27, years.mover)
    clock(local(2027, 4, 7))
    seen = set(Visit.objects.visible_to(_fresh(years.mover)))
    assert own in seen and mates not in seen


def test_a_ticket_handed_to_a_team_one_never_joined_is_not_kept(years):
    """Authors keep what they made in their teams, not what was transferred to a team they were never in."""
    ticket = _ticket(years, years.mover, years.team_a26, years.unit_a, years.c26)
    WorkerIssue.objects.filter(pk=ticket.pk).update(team=years.team_b26, unit=years.unit_b, assignment=years.asg_b26)
    memberships.end_all(years.mover, by=years.staff)
    assert ticket not in WorkerIssue.objects.visible_to(_fresh(years.mover))


def test_reminders_never_link_to_a_404(years, clock, client):
    stays = _ticket(years, years.mate, years.team_a26, years.unit_a, years.c26, title="社保断缴")
    moved = _ticket(years, years.mover, years.team_a26, years.unit_a, years.c26)
    for ticket in (stays, moved):
        WorkerIssue.objects.filter(pk=ticket.pk).update(
            response_due=local(2026, 12, 2, 8), resolution_due=local(2026, 12, 2, 9)
        )
    memberships.move(years.mover, years.team_b26, on=dt.date(2026, 12, 2), by=years.staff)
    clock(local(2026, 12, 3))
    assert remind_issues(timezone.now()) > 0
    notices = list(Notification.objects.exclude(kind=Kind.ISSUES_HANDED_OVER).select_related("recipient"))
    assert {n.recipient.username for n in notices} == {"mate", "leader_a"}
    for notice in Notification.objects.select_related("recipient"):
        client.force_login(notice.recipient)
        assert client.get(notice.url).status_code == 200, (notice.recipient, notice.url)
    assert not Notification.objects.filter(recipient=years.mover).exists()


# --- the staff page ----------------------------------------------------------------------


def test_staff_moves_a_cadre_on_the_page_and_sees_the_history(years, client):
    ticket = _ticket(years, years.mover, years.team_a26, years.unit_a, years.c26)
    client.force_login(years.staff)
    response = client.post(
        reverse("campaigns:person_move", args=[years.mover.pk]),
        {"team": years.team_b26.pk, "role": "member", "on": "2026-12-02"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.handler == years.leader_a
    page = client.get(reverse("campaigns:people")).content.decode()
    assert "2026年第一蹲点小组 · 组员 · 2026-03-01 — 2026-12-02" in page
    assert "2026年第二蹲点小组 · 组员 · 2026-12-02 — 至今" in page


def test_move_page_refuses_with_a_chinese_message_and_writes_nothing(years, client):
    _ticket(years, years.leader_a, years.team_a26, years.unit_a, years.c26)
    client.force_login(years.staff)
    response = client.post(
        reverse("campaigns:person_move", args=[years.leader_a.pk]),
        {"team": years.team_b26.pk, "role": "member", "on": "2026-12-02"},
    )
    assert response.status_code == 400
    assert "请先指定组长" in response.content.decode()
    assert TeamMembership.objects.filter(user=years.leader_a).count() == 1


def test_team_choices_name_the_campaign_year(years, client):
    client.force_login(years.staff)
    page = client.get(reverse("campaigns:person_move", args=[years.mover.pk])).content.decode()
    assert "2026年第一蹲点小组" in page and "2027年第一蹲点小组" in page
