"""rebuild_rollups and check_rollups, and the figures a few writes leave (issue 15)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from rollups import services as rollups
from rollups.models import DayRollup, GroupRollup
from tests.factories import EnterpriseFactory, IssueFactory, RecruitmentFactory, VisitFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 8, 4)


def _row(world, day=DAY, team=None, unit=None):
    return DayRollup.objects.get(campaign=world.campaign, team=team or world.team_a, unit=unit or world.unit_a, day=day)


def test_a_visit_counts_on_its_day(world):
    visit = VisitFactory(assignment=world.assignment_a, date=DAY, workers_reached=12)
    RecruitmentFactory(visit=visit, count=4)
    row = _row(world)
    assert (row.visits, row.workers_reached, row.recruited) == (1, 12, 4)
    assert GroupRollup.objects.get().recruited == 4


def test_an_enterprise_counts_as_met_on_its_first_visit_only(world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    later = VisitFactory(assignment=world.assignment_a, date=DAY + dt.timedelta(days=7))
    later.enterprises.add(enterprise)
    assert _row(world, later.date).enterprises_first_met == 1
    earlier = VisitFactory(assignment=world.assignment_a, date=DAY)
    earlier.enterprises.add(enterprise)
    assert _row(world, DAY).enterprises_first_met == 1
    assert _row(world, later.date).enterprises_first_met == 0  # the later day was recomputed too


def test_a_ticket_counts_on_its_received_and_deadline_days(world):
    IssueFactory(assignment=world.assignment_a)  # received 8-03, response due 8-04, resolution due 8-12
    assert _row(world, dt.date(2026, 8, 3)).tickets_opened == 1
    assert _row(world, dt.date(2026, 8, 4)).response_due == 1
    assert _row(world, dt.date(2026, 8, 12)).resolution_missed == 1


def test_rebuild_recreates_what_was_lost(world):
    VisitFactory(assignment=world.assignment_a, date=DAY)
    IssueFactory(assignment=world.assignment_b)
    before = sorted(DayRollup.objects.values_list("team", "unit", "day", "visits", "tickets_opened"))
    DayRollup.objects.all().delete()
    call_command("rebuild_rollups")
    assert sorted(DayRollup.objects.values_list("team", "unit", "day", "visits", "tickets_opened")) == before


def test_rebuild_of_one_campaign_leaves_the_others(world, capsys):
    VisitFactory(assignment=world.assignment_a, date=DAY)
    other = VisitFactory(date=DAY)  # a visit of another campaign
    DayRollup.objects.filter(campaign=other.campaign).delete()
    call_command("rebuild_rollups", campaign=world.campaign.pk)
    assert not DayRollup.objects.filter(campaign=other.campaign).exists()
    assert "每日汇总已重算：1 行" in capsys.readouterr().out


def test_check_passes_when_equal(world, capsys):
    VisitFactory(assignment=world.assignment_a, date=DAY)
    call_command("check_rollups")
    assert "一致" in capsys.readouterr().out


def test_check_names_a_tampered_row_and_fails(world, capsys):
    VisitFactory(assignment=world.assignment_a, date=DAY, workers_reached=12)
    DayRollup.objects.filter(day=DAY).update(workers_reached=13)
    with pytest.raises(CommandError, match="不一致：1 处"):
        call_command("check_rollups")
    out = capsys.readouterr().out
    assert str(DAY.isoformat()) in out or "2026, 8, 4" in out
    assert "'workers_reached': 1" in out


def test_check_finds_a_missing_and_an_extra_row(world):
    VisitFactory(assignment=world.assignment_a, date=DAY)
    DayRollup.objects.all().delete()
    DayRollup.objects.create(campaign=world.campaign, team=world.team_b, unit=world.unit_b, day=DAY, visits=2)
    assert len(rollups.differences()) == 2


def test_counts_cannot_go_negative(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DayRollup.objects.create(campaign=world.campaign, team=world.team_a, unit=world.unit_a, day=DAY, visits=-1)
