"""Notifications in the admin: read-only, and each user sees only their own.

A notification is its recipient's alone (docs/security.md §1): its title names
tickets and, for a handler, workers. The reminders write them; nobody edits
them by hand. So the admin shows a superuser their own notifications (to check
what the reminders sent) and offers no add, change or delete — another user's
notification answers as if it did not exist.
"""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "day", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "day"]
    search_fields = ["title", "object_key"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
