from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PlannedVisit, Recruitment, Visit, VisitPhoto


class PhotoInline(admin.TabularInline):
    model = VisitPhoto
    extra = 0
    readonly_fields = ["width", "height", "uploaded_by", "uploaded_at"]


class RecruitmentInline(admin.TabularInline):
    model = Recruitment
    extra = 0


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["date", "team", "unit", "kind", "workers_reached", "created_by"]
    list_filter = ["campaign", "team", "kind", "unit"]
    search_fields = ["summary", "place", "unit__name", "enterprises__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit", "enterprises", "cadres"]
    inlines = [RecruitmentInline, PhotoInline]
    list_select_related = ["team", "unit", "created_by"]


@admin.register(PlannedVisit)
class PlannedVisitAdmin(admin.ModelAdmin):
    list_display = ["date", "team", "unit", "purpose", "is_cancelled", "visit"]
    list_filter = ["campaign", "team", "is_cancelled"]
    search_fields = ["purpose", "unit__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["unit", "enterprises", "visit"]
    list_select_related = ["team", "unit", "visit"]


@admin.register(Recruitment)
class RecruitmentAdmin(admin.ModelAdmin):
    list_display = ["visit", "group", "count"]
    list_filter = ["group"]
    search_fields = ["visit__unit__name", "group__name"]
