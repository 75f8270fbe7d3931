"""The working-day calendar staff keep: exceptions to "Monday to Friday".

Only the days that differ from the weekly rule are stored: public holidays
that fall on a weekday (is_workday=False) and make-up working days (调休) that
fall on a weekend (is_workday=True).
"""

from django.db import models


class CalendarDay(models.Model):
    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="节假日不勾选；调休上班的周末勾选。")
    name = models.CharField("说明", max_length=40, help_text="如：国庆节、国庆调休")

    class Meta:
        verbose_name = "日历例外"
        verbose_name_plural = "工作日历"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}（{'上班' if self.is_workday else '休息'}）"


class CalendarYear(models.Model):
    """A year whose State Council schedule has been loaded: deadlines in it are exact.

    A deadline that falls in a year without this row is counted on Monday–Friday
    and flagged on the ticket until the year is loaded (``workdays.loader``).
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200, help_text="如：国务院办公厅关于2026年部分节假日安排的通知")
    loaded_at = models.DateTimeField("载入时间")

    class Meta:
        verbose_name = "年度日历"
        verbose_name_plural = "年度日历"
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100), name="calendaryear_sane_year"),
        ]

    def __str__(self):
        return f"{self.year}年（{self.source}）"
