from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .loader import CalendarFileError, load_year, parse_calendar, preview
from .models import CalendarDay, CalendarYear
from .services import delete_days, save_day


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Staff keep only the exceptions: holidays on weekdays, and make-up working weekends (调休).

    Every save and delete goes through ``workdays.services`` so the open tickets
    whose deadlines the day affects are recomputed, each with a timeline entry.
    """

    list_display = ["date", "weekday", "is_workday", "name"]
    list_filter = ["is_workday"]
    list_editable = ["is_workday", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()].join(("周", ""))

    def save_model(self, request, obj, form, change):
        save_day(obj, actor=request.user)

    def delete_model(self, request, obj):
        delete_days([obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        delete_days(queryset, actor=request.user)


class CalendarFileForm(forms.Form):
    file = forms.FileField(label="日历文件（CSV）", required=False, help_text="格式见 workdays/data/2026.csv")
    text = forms.CharField(
        label="或直接粘贴内容", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        if upload:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("文件不是 UTF-8 编码的文本（CSV），请另存为 CSV UTF-8 后再上传。") from None
        if not text.strip():
            raise forms.ValidationError("请上传日历文件或粘贴其内容。")
        try:
            data["parsed"] = parse_calendar(text)
        except CalendarFileError as exc:
            raise forms.ValidationError(exc.errors) from None
        data["text"] = text
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Loaded years; a year is loaded (or reloaded) from the State Council's notice via 载入年度日历."""

    list_display = ["year", "source", "loaded_at"]
    readonly_fields = ["year", "source", "loaded_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        load = path("load/", self.admin_site.admin_view(self.load_view), name="workdays_calendaryear_load")
        return [load, *super().get_urls()]

    def load_view(self, request):
        """Upload → preview of every day that changes → confirm; bad input writes nothing."""
        if not request.user.has_perm("workdays.change_calendarday"):
            return redirect("admin:index")
        form = CalendarFileForm(request.POST or None, request.FILES or None)
        changes = parsed = None
        if request.method == "POST" and form.is_valid():
            parsed = form.cleaned_data["parsed"]
            if "confirm" in request.POST:
                done = load_year(parsed, actor=request.user)
                messages.success(
                    request, f"已载入{parsed.year}年工作日历：{len(done)} 天有变化，相关未办结工单的时限已重算。"
                )
                return redirect(reverse("admin:workdays_calendaryear_changelist"))
            changes = preview(parsed)
            form = CalendarFileForm(initial={"text": form.cleaned_data["text"]})
        context = {
            **self.admin_site.each_context(request),
            "title": "载入年度日历",
            "form": form,
            "parsed": parsed,
            "changes": changes,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/workdays/load_calendar.html", context)
