"""The demo is dated relative to the day it is seeded, and nothing in it has happened after that moment."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from campaigns.demo import SCRIPT_DAY, demo_shift
from campaigns.models import EnterpriseStatusChange
from issues.models import IssueAction, WorkerIssue
from mediation.models import Referral, YanheCase
from visits.models import Visit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("days", range(0, 15))
def test_the_script_day_moves_by_whole_weeks_to_the_week_before_today(days):
    today = SCRIPT_DAY + dt.timedelta(days=days)
    moved = SCRIPT_DAY + demo_shift(today)
    assert moved.weekday() == SCRIPT_DAY.weekday()
    assert today - dt.timedelta(days=7) <= moved < today


def _latest():
    """({event: latest date}, {event: latest moment}) of the kinds of events the demo writes."""
    dates = {
        "visit": Visit.objects.aggregate(m=Max("date"))["m"],
        "union status": EnterpriseStatusChange.objects.aggregate(m=Max("changed_on"))["m"],
        "言和 handover": YanheCase.objects.aggregate(m=Max("handed_over_on"))["m"],
        "言和 outcome": YanheCase.objects.aggregate(m=Max("outcome_on"))["m"],
        "referral result": Referral.objects.aggregate(m=Max("result_on"))["m"],
    }
    moments = {
        f"ticket {field}": WorkerIssue.objects.aggregate(m=Max(field))["m"]
        for field in ("received_at", "responded_at", "closed_at", "satisfaction_at")
    }
    moments["timeline entry"] = IssueAction.objects.aggregate(m=Max("created_at"))["m"]
    return dates, moments


# A Wednesday night in Beijing: the nearest whole week would put the script's Saturday three days ahead.
@pytest.mark.parametrize("seeded_at", [dt.datetime(2026, 12, 2, 2, 5), dt.datetime(2026, 12, 5, 23, 0)])
def test_nothing_in_the_demo_happens_after_it_was_seeded(seeded_at):
    now = timezone.make_aware(seeded_at)
    with time_machine.travel(now, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
    dates, moments = _latest()
    assert {name: day for name, day in dates.items() if day and day > timezone.localdate(now)} == {}
    assert {name: moment for name, moment in moments.items() if moment and moment > now} == {}
