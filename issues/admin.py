from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IssueAction, WorkerIssue


class ActionInline(admin.TabularInline):
    model = IssueAction
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "actor",
        "created_at",
        "note",
        "from_status",
        "to_status",
        "from_step",
        "to_step",
        "escalated_to",
    ]


@admin.register(WorkerIssue)
class WorkerIssueAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "source", "category", "team", "status", "escalation_step", "resolution_due"]
    list_filter = ["status", "source", "category", "escalation_step", "team"]
    search_fields = ["code", "hotline_number", "title", "enterprise__name"]
    date_hierarchy = "received_at"
    autocomplete_fields = ["enterprise", "unit", "handler", "visit"]
    inlines = [ActionInline]
    list_select_related = ["team"]


@admin.register(IssueAction)
class IssueActionAdmin(admin.ModelAdmin):
    list_display = ["issue", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["issue__code", "note"]
