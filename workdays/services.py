"""Working-day arithmetic on the staff-kept calendar.

Deadlines and reminder times call these functions and nothing else, so the
rule "Mon–Fri, minus holidays, plus make-up days" lives in one place.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import CalendarDay, CalendarYear
from .signals import calendar_changed


class WorkCalendar:
    """A snapshot of the calendar's exceptions over a range of dates.

    Built once per computation so walking many days costs one query.
    """

    def __init__(self, start: dt.date, end: dt.date):
        self.exceptions = dict(
            CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday")
        )

    def is_workday(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5


def is_workday(day: dt.date) -> bool:
    return WorkCalendar(day, day).is_workday(day)


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    cal = WorkCalendar(start, start + dt.timedelta(days=days * 3 + 60))
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if cal.is_workday(current):
            remaining -= 1
    return current


def add_workdays_each(first: dt.date, last: dt.date, days: int) -> dict[dt.date, dt.date]:
    """``add_workdays(d, days)`` for every date d in [first, last], on one calendar query."""
    if days < 0:
        raise ValueError("days must be >= 0")
    if last < first:
        return {}
    cal = WorkCalendar(first, last + dt.timedelta(days=days * 3 + 60))
    result = {}
    day = first
    while day <= last:
        current, remaining = day, days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if cal.is_workday(current):
                remaining -= 1
        result[day] = current
        day += dt.timedelta(days=1)
    return result


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -workdays_between(end, start)
    cal = WorkCalendar(start, end)
    return sum(1 for i in range(1, (end - start).days + 1) if cal.is_workday(start + dt.timedelta(days=i)))


def deadline_after(start: dt.datetime, *, workdays: int = 0, hours: int = 0) -> dt.datetime:
    """A deadline ``workdays`` working days (end of that day) or ``hours`` after ``start``.

    Hour-based deadlines (12345 emergencies: 2 hours) run on the clock; day-based
    ones end at 23:59:59 local time of the working day they fall on.
    """
    if hours:
        return start + dt.timedelta(hours=hours)
    local = timezone.localtime(start)
    day = add_workdays(local.date(), workdays)
    end_of_day = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end_of_day)


def next_send_time(now: dt.datetime | None = None) -> dt.datetime:
    """The moment a reminder may go out: now, or the next working morning.

    Nothing is sent at night or on a non-working day (DESIGN.md §5).
    """
    now = timezone.localtime(now or timezone.now())
    start_h = settings.REMINDER_WORKDAY_START_HOUR
    end_h = settings.REMINDER_WORKDAY_END_HOUR
    cal = WorkCalendar(now.date(), now.date() + dt.timedelta(days=40))
    if cal.is_workday(now.date()) and start_h <= now.hour < end_h:
        return now
    day = now.date()
    if now.hour >= start_h or not cal.is_workday(day):
        day += dt.timedelta(days=1)
        while not cal.is_workday(day):
            day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(start_h, 0)))


def is_sending_time(now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return next_send_time(now) <= now


def uncalendared_years(first: dt.date, last: dt.date) -> list[int]:
    """Years in [first, last] whose State Council schedule has not been loaded."""
    years = set(range(first.year, last.year + 1))
    return sorted(years - set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True)))


def missing_next_year(today: dt.date | None = None) -> int | None:
    """From 1 November, next year when its calendar is not loaded yet (banner, /healthz)."""
    today = today or timezone.localdate()
    if today.month < 11:
        return None
    nxt = today.year + 1
    return None if CalendarYear.objects.filter(year=nxt).exists() else nxt


def save_day(day: CalendarDay, *, at=None, actor=None) -> None:
    """Save one calendar exception (admin) and have the deadlines it affects recomputed."""
    old = CalendarDay.objects.filter(pk=day.pk).values_list("date", flat=True).first() if day.pk else None
    day.save()
    dates = {day.date} | ({old} if old else set())
    calendar_changed.send(
        sender=CalendarDay,
        dates=sorted(dates),
        years=[],
        reason=f"工作日历修改：{day}",
        at=at or timezone.now(),
        actor=actor,
    )


def delete_days(days, *, at=None, actor=None) -> None:
    """Delete calendar exceptions (admin): those days follow Monday–Friday again."""
    days = list(days)
    for day in days:
        day.delete()
    if days:
        names = "、".join(f"{d.date:%Y-%m-%d} {d.name}" for d in days)
        calendar_changed.send(
            sender=CalendarDay,
            dates=sorted(d.date for d in days),
            years=[],
            reason=f"工作日历删除：{names}",
            at=at or timezone.now(),
            actor=actor,
        )
