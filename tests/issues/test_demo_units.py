"""seed_demo holds a unit handed over mid-campaign and a merged unit, made through the staff services."""

import io

import pytest
from django.core.management import call_command

from campaigns.demo import CAMPAIGN_NAME, shifted
from campaigns.models import Assignment, UnionUnit, UnitChange
from issues.demo_units import HANDOVER, MERGE


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_a_unit_was_handed_over_mid_campaign(seeded):
    unit, team, day = HANDOVER
    rows = Assignment.objects.filter(unit__name=unit, campaign__name=CAMPAIGN_NAME).order_by("valid_from")

    assert [(a.team.name, a.valid_to is None) for a in rows] == [("第二蹲点小组", False), (team, True)]
    assert rows.last().valid_from == shifted(day)


def test_two_units_were_merged(seeded):
    names, new_name, day = MERGE
    change = UnitChange.objects.get()

    assert change.on_date == shifted(day)
    assert sorted(u.name for u in change.sources.all()) == sorted(names)
    assert all(UnionUnit.objects.get(name=n).current_successor().name == new_name for n in names)
    assert not UnionUnit.objects.filter(name__in=names, is_active=True).exists()
