from django.contrib import admin

from .models import ExportJob, ImportRecord


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by the ledger page; files are downloaded there, never from the admin."""

    list_display = ["id", "requester", "status", "rows_done", "rows_total", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["requester__username", "description"]
    exclude = ["file"]
    readonly_fields = [
        "requester",
        "params",
        "description",
        "status",
        "attempt",
        "rows_total",
        "rows_done",
        "error",
        "created_at",
        "heartbeat_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "file_name", "user", "outcome", "created", "updated", "rejected"]
    list_filter = ["kind", "outcome"]
    search_fields = ["file_name", "user__username"]
    readonly_fields = [f.name for f in ImportRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
