from django.contrib import admin

from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Staff keep only the exceptions: holidays on weekdays, and make-up working weekends (调休)."""

    list_display = ["date", "weekday", "is_workday", "name"]
    list_filter = ["is_workday"]
    list_editable = ["is_workday", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()].join(("周", ""))
