from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "day", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "day"]
    search_fields = ["title", "recipient__username", "object_key"]
