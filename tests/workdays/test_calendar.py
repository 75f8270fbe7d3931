"""The 2026 calendar seed and working-day deadlines across holidays and 调休."""

import datetime as dt

from django.utils import timezone

from workdays.models import CalendarDay
from workdays.services import add_workdays, deadline_after, is_workday


def test_national_day_weekdays_are_off(db):
    assert not is_workday(dt.date(2026, 10, 1))
    assert not is_workday(dt.date(2026, 10, 7))


def test_make_up_saturday_is_a_working_day(db):
    assert is_workday(dt.date(2026, 10, 10))
    assert is_workday(dt.date(2026, 2, 14))


def test_make_up_sunday_is_a_working_day(db):
    assert is_workday(dt.date(2026, 1, 4))
    assert is_workday(dt.date(2026, 9, 20))


def test_ordinary_weekend_stays_off(db):
    assert not is_workday(dt.date(2026, 10, 11))


def test_only_exceptions_are_stored(db):
    # Holiday days on a weekend are off anyway and are not stored.
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 3)).exists()
    assert CalendarDay.objects.filter(date__year=2026, is_workday=True).count() == 6


def test_spring_festival(db):
    # Fri 13 Feb + 1 working day = Sat 14 Feb (调休); + 2 = Tue 24 Feb (15–23 off).
    assert add_workdays(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    assert add_workdays(dt.date(2026, 2, 13), 2) == dt.date(2026, 2, 24)


def test_deadline_across_national_day_and_make_up_weekends(db):
    # From Fri 18 Sep: Sun 20 Sep (调休) counts, 25 Sep (中秋) and 1–7 Oct do not, Sat 10 Oct does.
    start = timezone.make_aware(dt.datetime(2026, 9, 18, 10, 0))
    due = deadline_after(start, workdays=7)
    # 20, 21, 22, 23, 24, 28, 29 Sep
    assert timezone.localtime(due).date() == dt.date(2026, 9, 29)
    due = deadline_after(start, workdays=12)
    # ... 30 Sep, 8, 9, 10 (Sat, 调休), 12 Oct
    assert timezone.localtime(due).date() == dt.date(2026, 10, 12)


def test_staff_edit_wins(db):
    CalendarDay.objects.create(date=dt.date(2026, 11, 30), is_workday=False, name="临时休息")
    assert add_workdays(dt.date(2026, 11, 27), 1) == dt.date(2026, 12, 1)
