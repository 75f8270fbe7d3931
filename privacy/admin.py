"""The access log is read on its own page (/privacy/access-log/); the admin only lists it, read-only."""

from django.contrib import admin

from .models import PersonalDataAccess, can_read_access_log


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "actor", "kind", "where", "ticket_count"]
    list_filter = ["kind"]
    search_fields = ["actor", "where"]

    def has_module_permission(self, request):
        return can_read_access_log(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_access_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
