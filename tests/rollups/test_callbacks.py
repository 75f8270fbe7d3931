"""The callback figures follow the callback window, and the window follows the working-day calendar (issue 15)."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from issues import workflow
from issues.models import IssueAction, WorkerIssue
from issues.rates import rates_by_team as raw_rates_by_team
from issues.services import open_issue
from rollups import rates as summarized
from rollups import services as rollups
from rollups.apps import fill_if_empty
from rollups.models import DayRollup
from workdays.models import CalendarDay
from workdays.services import save_day

pytestmark = [pytest.mark.django_db, pytest.mark.writers_only]

Kind = IssueAction.Kind
MONDAY = dt.date(2026, 11, 2)  # a plain working week: the window of a Monday closing ends on Thursday


def _at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _closed_monday_called_back_friday(world):
    staff = world.office_staff
    with time_machine.travel(_at(MONDAY), tick=False):
        issue = open_issue(
            created_by=staff, source="field", category="wages", team=world.team_a, unit=world.unit_a,
            campaign=world.campaign, title="拖欠工资", description="职工反映",
        )  # fmt: skip
        for kind in (Kind.ACCEPT, Kind.RESOLVE):
            workflow.perform(issue.pk, staff, kind, version=WorkerIssue.objects.get(pk=issue.pk).version, note="已解决")
    with time_machine.travel(_at(MONDAY + dt.timedelta(days=4)), tick=False):
        version = WorkerIssue.objects.get(pk=issue.pk).version
        workflow.perform(issue.pk, staff, Kind.SATISFACTION, version=version, satisfaction="satisfied")
    return issue


def _monday_row():
    return DayRollup.objects.get(day=MONDAY)


def test_an_answer_after_the_window_is_not_counted(world):
    _closed_monday_called_back_friday(world)
    row = _monday_row()
    assert (row.tickets_closed, row.callbacks_in_window, row.satisfied_in_window) == (1, 0, 0)


def test_a_holiday_inside_the_window_lets_the_friday_answer_count(world):
    _closed_monday_called_back_friday(world)
    save_day(CalendarDay(date=MONDAY + dt.timedelta(days=2), is_workday=False, name="临时调整"))
    row = _monday_row()
    assert (row.callbacks_in_window, row.satisfied_in_window) == (1, 1)
    assert rollups.differences() == []


def test_the_rates_from_the_summaries_match_the_tickets_after_the_calendar_change(world):
    _closed_monday_called_back_friday(world)
    save_day(CalendarDay(date=MONDAY + dt.timedelta(days=2), is_workday=False, name="临时调整"))
    with time_machine.travel(_at(MONDAY + dt.timedelta(days=20)), tick=False):
        tickets = WorkerIssue.objects.filter(campaign=world.campaign)
        start, end = MONDAY - dt.timedelta(days=7), MONDAY + dt.timedelta(days=20)
        got = summarized.rates_by_team(DayRollup.objects.all(), tickets, start, end)
        assert got == raw_rates_by_team(tickets, start, end)
        assert (got[world.team_a.pk].satisfaction_numerator, got[world.team_a.pk].satisfaction_denominator) == (1, 1)


def test_migrating_to_a_new_definition_recomputes_existing_rows(world):
    _closed_monday_called_back_friday(world)
    save_day(CalendarDay(date=MONDAY + dt.timedelta(days=2), is_workday=False, name="临时调整"))
    DayRollup.objects.update(callbacks_in_window=0, satisfied_in_window=0, resolution_open=0)  # as before 0002
    migration = SimpleNamespace(app_label="rollups", name="0002_rates_figures")
    fill_if_empty(sender=None, plan=[(migration, False)])
    assert rollups.differences() == []
