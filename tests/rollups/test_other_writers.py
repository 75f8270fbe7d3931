"""Visit writers besides the form page keep the rollup current: the admin and the demo seeder (issue 15)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory

from rollups import services as rollups
from rollups.models import DayRollup
from tests.factories import RecruitmentFactory, VisitFactory
from visits.models import Recruitment, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.writers_only]


def _request(world):
    request = RequestFactory().post("/")
    request.user = world.admin
    return request


def test_a_visit_deleted_in_the_admin_leaves_its_day(world):
    visit = VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 4))
    RecruitmentFactory(visit=visit)
    rollups.rebuild()
    admin.site._registry[Visit].delete_model(_request(world), visit)
    assert not DayRollup.objects.exists()
    assert rollups.differences() == []


def test_a_recruitment_row_changed_in_the_admin_is_counted(world):
    visit = VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 4))
    row = RecruitmentFactory(visit=visit, count=2)
    rollups.rebuild()
    row.count = 7
    model_admin = admin.site._registry[Recruitment]
    form = model_admin.get_form(_request(world), row)(instance=row, initial={"visit": visit.pk})
    model_admin.save_model(_request(world), row, form, change=True)
    assert DayRollup.objects.get().recruited == 7
    assert rollups.differences() == []


def test_the_demo_seeder_leaves_the_rollup_equal_to_its_rows(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    assert DayRollup.objects.exists()
    assert rollups.differences() == []
