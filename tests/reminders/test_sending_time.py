"""When a reminder may go out: working days, 08:00–20:00, on the staff-kept calendar."""

import datetime as dt

import pytest

from workdays.models import CalendarDay
from workdays.services import is_sending_time, next_send_time

from .conftest import local

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(2026, 12, 2, 10), local(2026, 12, 2, 10)),  # Wednesday morning: now
        (local(2026, 12, 2, 6, 30), local(2026, 12, 2, 8)),  # before work: this morning
        (local(2026, 12, 2, 20), local(2026, 12, 3, 8)),  # evening: tomorrow morning
        (local(2026, 12, 4, 21), local(2026, 12, 7, 8)),  # Friday night: Monday
        (local(2026, 12, 5, 10), local(2026, 12, 7, 8)),  # Saturday: Monday
        (local(2026, 12, 6, 7), local(2026, 12, 7, 8)),  # Sunday early: Monday
    ],
)
def test_next_send_time(now, expected):
    assert next_send_time(now) == expected


def test_holiday_moves_to_the_next_working_morning():
    CalendarDay.objects.create(date=dt.date(2026, 12, 7), is_workday=False, name="测试假日")
    assert next_send_time(local(2026, 12, 4, 21)) == local(2026, 12, 8, 8)


def test_make_up_saturday_is_sending_time():
    CalendarDay.objects.create(date=dt.date(2026, 12, 5), is_workday=True, name="调休上班")
    assert is_sending_time(local(2026, 12, 5, 9))


def test_edges_of_the_window(settings):
    settings.REMINDER_WORKDAY_START_HOUR = 8
    settings.REMINDER_WORKDAY_END_HOUR = 20
    assert is_sending_time(local(2026, 12, 2, 8, 0))
    assert is_sending_time(local(2026, 12, 2, 19, 59))
    assert not is_sending_time(local(2026, 12, 2, 20, 0))
    assert not is_sending_time(local(2026, 12, 2, 7, 59))
