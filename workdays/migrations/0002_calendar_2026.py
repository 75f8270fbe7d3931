"""The 2026 working-day calendar: the State Council's holiday schedule (国务院办公厅通知).

Only the exceptions to Monday–Friday are stored: holidays that fall on a
weekday (not working) and make-up working days (调休) on a weekend (working).
Holiday days that fall on a weekend are already days off and are not stored.
Staff keep the calendar in admin after this seed.
"""

import datetime as dt

from django.db import migrations

# (first day off, last day off, name, [make-up working days])
HOLIDAYS_2026 = [
    ((1, 1), (1, 3), "元旦", [(1, 4)]),
    ((2, 15), (2, 23), "春节", [(2, 14), (2, 28)]),
    ((4, 4), (4, 6), "清明节", []),
    ((5, 1), (5, 5), "劳动节", [(5, 9)]),
    ((6, 19), (6, 21), "端午节", []),
    ((9, 25), (9, 27), "中秋节", []),
    ((10, 1), (10, 7), "国庆节", [(9, 20), (10, 10)]),
]


def exceptions(year=2026):
    for (m1, d1), (m2, d2), name, makeups in HOLIDAYS_2026:
        day = dt.date(year, m1, d1)
        last = dt.date(year, m2, d2)
        while day <= last:
            if day.weekday() < 5:
                yield day, False, name
            day += dt.timedelta(days=1)
        for m, d in makeups:
            yield dt.date(year, m, d), True, f"{name}调休上班"


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    for day, is_workday, name in exceptions():
        CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarDay.objects.filter(date__in=[day for day, _, _ in exceptions()]).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
