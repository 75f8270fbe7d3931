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
