"""Outcomes of a campaign, counted against a hand count: only what happened inside its period."""

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import WorkerGroup
from campaigns.services import change_union_status
from dashboard.union_building import campaign_outcomes
from issues.models import Status
from tests.factories import EnterpriseFactory
from tests.factories.issues import IssueFactory
from tests.factories.visits import RecruitmentFactory, VisitFactory

D = dt.date


def steps(enterprise, user, *moves):
    for status, day, members in moves:
        change_union_status(enterprise, status, by=user, on=day, members_joined=members)


@pytest.fixture
def history(world):
    """The campaign runs 2026-07-15 – 2026-12-31 (team A: 高米店街道, team B: 兴丰街道).

    Hand count for team A: founded 1 (采育-like E2, 55 members at founding), moved forward 2
    (E2, E3), E1's union predates the campaign and its later step back is no progress;
    recruited at visits 7 (快递员 3 — eight groups — and 农民工 4); tickets opened 2, closed 1.
    Team B adds one union founded with 10 members.
    """
    user = world.office_staff
    e1 = EnterpriseFactory(unit=world.unit_a, name="早已建会公司")
    steps(e1, user, ("established", D(2026, 6, 1), 30), ("preparing", D(2026, 8, 5), 0))
    e2 = EnterpriseFactory(unit=world.unit_a, name="新建会公司")
    steps(
        e2, user, ("contacted", D(2026, 8, 1), 0), ("promised", D(2026, 8, 9), 0), ("established", D(2026, 9, 10), 55)
    )
    e3 = EnterpriseFactory(unit=world.unit_a, name="刚对接公司")
    steps(e3, user, ("contacted", D(2026, 8, 2), 0))
    e4 = EnterpriseFactory(unit=world.unit_b, name="二组建会公司")
    steps(e4, user, ("established", D(2026, 10, 8), 10))
    visit = VisitFactory(assignment=world.assignment_a, date=D(2026, 8, 3))
    RecruitmentFactory(visit=visit, group=WorkerGroup.objects.get(name="快递员"), count=3)
    RecruitmentFactory(visit=visit, group=WorkerGroup.objects.get(name="农民工"), count=4)
    IssueFactory(assignment=world.assignment_a)
    IssueFactory(
        assignment=world.assignment_a, status=Status.CLOSED, responded_at=timezone.make_aware(dt.datetime(2026, 8, 4)),
        closed_at=timezone.make_aware(dt.datetime(2026, 8, 20, 10)), closing_kind="solved",
    )  # fmt: skip
    return world


def test_outcomes_of_one_team_match_the_hand_count(history):
    out = campaign_outcomes(history.campaign, teams=[history.team_a])

    assert out["unions_founded"] == 1
    assert out["moved_forward"] == 2
    assert out["recruited_at_visits"] == 7
    assert out["recruited_at_visits_eight"] == 3
    assert out["recruited_at_founding"] == 55
    assert out["recruited_total"] == 62
    assert (out["tickets_opened"], out["tickets_closed"]) == (2, 1)


def test_outcomes_of_every_team_add_team_b(history):
    out = campaign_outcomes(history.campaign, teams=[history.team_a, history.team_b])

    assert (out["unions_founded"], out["moved_forward"], out["recruited_at_founding"]) == (2, 3, 65)


def test_a_period_narrows_the_outcomes(history):
    out = campaign_outcomes(history.campaign, teams=[history.team_a], start=D(2026, 9, 1), end=D(2026, 9, 30))

    assert (out["unions_founded"], out["moved_forward"], out["recruited_at_visits"]) == (1, 1, 0)


def test_the_dashboard_shows_the_outcomes_and_both_recruitment_totals(client, history):
    client.force_login(history.leadership)

    html = client.get("/dashboard/").content.decode()

    assert 'data-testid="out-founded">2<' in html
    assert "走访入会 7（其中八大群体 3）＋ 建会时入会 65" in html
    assert 'data-testid="recruitment-eight-total">3<' in html
    assert 'data-testid="recruitment-total">7<' in html


def test_founding_members_are_refused_on_any_other_step(world):
    from django.core.exceptions import ValidationError

    enterprise = EnterpriseFactory(unit=world.unit_a)
    with pytest.raises(ValidationError, match="只有变更为“已建会”时才能填写建会时入会人数"):
        change_union_status(enterprise, "contacted", by=world.office_staff, on=D(2026, 8, 1), members_joined=5)


def test_the_other_groups_count_in_all_but_not_in_the_eight(db):
    flags = dict(WorkerGroup.objects.values_list("name", "is_eight_group"))

    assert sum(flags.values()) == 8
    assert flags["农民工"] is False and flags["出租车司机"] is False and flags["环卫工人"] is False
