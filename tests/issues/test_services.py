"""open_issue: codes, deadlines from the rules and the calendar, the CREATE action."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from issues.models import DeadlineRule, IssueAction, Source, Status, Urgency
from issues.services import compute_deadlines, deadline_rule_for, open_issue
from tests.factories import IssueFactory


def aware(*args):
    return timezone.make_aware(dt.datetime(*args))


def _open(world, **kw):
    params = {
        "created_by": world.cadre_a,
        "source": Source.FIELD,
        "category": "wages",
        "team": world.team_a,
        "unit": world.unit_a,
        "campaign": world.campaign,
        "title": "拖欠工资",
        "description": "职工反映拖欠工资",
        "received_at": aware(2026, 8, 3, 10),
    }
    params.update(kw)
    return open_issue(**params)


def test_code_is_year_and_sequence(world):
    first = _open(world)
    second = _open(world)
    assert first.code == "DX-2026-00001"
    assert second.code == "DX-2026-00002"


def test_code_skips_numbers_already_taken(world):
    IssueFactory(assignment=world.assignment_a, code="DX-2026-00001")
    assert _open(world).code == "DX-2026-00002"


def test_code_restarts_each_year(world):
    _open(world)
    assert _open(world, received_at=aware(2027, 1, 5, 10)).code == "DX-2027-00001"


def test_create_action_written(world):
    issue = _open(world)
    action = issue.actions.get()
    assert action.kind == IssueAction.Kind.CREATE
    assert action.actor == world.cadre_a
    assert action.to_status == Status.NEW
    assert issue.status == Status.NEW


def test_12345_emergency_is_two_hours(world):
    issue = _open(world, source=Source.HOTLINE_12345, urgency=Urgency.EMERGENCY, hotline_number="A1")
    assert issue.response_due == aware(2026, 8, 3, 12)
    assert issue.resolution_due == aware(2026, 8, 3, 12)


def test_12345_ordinary_is_seven_working_days(world):
    # Mon 3 Aug 2026 + 7 working days = Wed 12 Aug, end of day; response: Tue 4 Aug.
    issue = _open(world, source=Source.HOTLINE_12345, hotline_number="A2")
    assert issue.response_due == aware(2026, 8, 4, 23, 59, 59)
    assert issue.resolution_due == aware(2026, 8, 12, 23, 59, 59)


def test_12345_complex_is_fifteen_working_days(world):
    issue = _open(world, source=Source.HOTLINE_12345, urgency=Urgency.COMPLEX, hotline_number="A3")
    assert issue.resolution_due == aware(2026, 8, 24, 23, 59, 59)


def test_deadline_across_national_day_and_make_up_saturday(db):
    # Tue 29 Sep + 7 working days: 30 Sep, (1–7 Oct off), 8, 9 Oct, Sat 10 Oct (调休), 12, 13, 14 Oct.
    d = compute_deadlines(Source.HOTLINE_12345, "wages", Urgency.ORDINARY, aware(2026, 9, 29, 9))
    assert d.resolution_due == aware(2026, 10, 14, 23, 59, 59)


def test_category_rule_beats_source_rule(db):
    DeadlineRule.objects.create(
        source=Source.FIELD, category="wages", urgency="", response_hours=4, resolution_workdays=3
    )
    rule = deadline_rule_for(Source.FIELD, "wages", Urgency.ORDINARY)
    assert rule.category == "wages"
    d = compute_deadlines(Source.FIELD, "wages", Urgency.ORDINARY, aware(2026, 8, 3, 10))
    assert d.response_due == aware(2026, 8, 3, 14)
    assert d.resolution_due == aware(2026, 8, 6, 23, 59, 59)


def test_no_rule_falls_back_to_one_and_seven_working_days(db):
    DeadlineRule.objects.all().delete()
    d = compute_deadlines(Source.OTHER, "wages", Urgency.ORDINARY, aware(2026, 8, 3, 10))
    assert d.rule is None
    assert d.response_due == aware(2026, 8, 4, 23, 59, 59)
    assert d.resolution_due == aware(2026, 8, 12, 23, 59, 59)


def test_duplicate_hotline_number_per_source_is_refused(world):
    _open(world, source=Source.HOTLINE_12345, hotline_number="H-1")
    with pytest.raises(IntegrityError):
        _open(world, source=Source.HOTLINE_12345, hotline_number="H-1")


def test_same_hotline_number_on_another_source_is_fine(world):
    _open(world, source=Source.HOTLINE_12345, hotline_number="H-1")
    assert _open(world, source=Source.HOTLINE_12351, hotline_number="H-1").pk
