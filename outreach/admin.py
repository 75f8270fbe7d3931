"""Service sites and projects in the Django admin: saved through outreach.services like every page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Project, ServiceSite
from .services import save_project, save_site


@admin.register(ServiceSite)
class ServiceSiteAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "unit", "status", "opening_hours")
    list_filter = ("kind", "status", "unit")
    search_fields = ("name", "address", "operator")
    readonly_fields = ("converted_from", "created_by", "created_at")

    def save_model(self, request, obj, form, change):
        save_site(obj, by=request.user)


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("title", "team", "unit", "status", "completed_on")
    list_filter = ("status", "team__campaign")
    search_fields = ("title", "beneficiaries")
    # Status moves only through the project page (outreach.services.set_project_status).
    readonly_fields = ("status", "completed_on", "result", "created_by", "created_at")

    def save_model(self, request, obj, form, change):
        save_project(obj, by=request.user)
