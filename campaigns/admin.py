from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from dundian.bounds import BoundedFieldsMixin

from .models import (
    Assignment,
    Campaign,
    Enterprise,
    EnterpriseStatusChange,
    TeamMembership,
    UnionStatus,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)
from .services import MECHANISM_FIELDS


@admin.register(UnionUnit)
class UnionUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sort_order", "is_active", "contact", "phone"]
    list_filter = ["kind", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "contact"]


@admin.register(WorkerGroup)
class WorkerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]


class MembershipInline(admin.TabularInline):
    """Read-only: memberships are dated history, written by campaigns.memberships (人员 page)."""

    model = TeamMembership
    extra = 0
    fields = ["user", "role", "valid_from", "valid_to"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


@admin.register(WorkTeam)
class WorkTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "sort_order"]
    list_filter = ["campaign"]
    search_fields = ["name", "memberships__user__username", "memberships__user__first_name"]
    inlines = [MembershipInline, AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["campaign", "team", "unit"]
    list_filter = ["campaign", "team"]
    search_fields = ["unit__name", "team__name"]
    autocomplete_fields = ["unit", "team"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    """Read-only history; moves, joins and leavers go through the 人员 page (campaigns.memberships)."""

    list_display = ["team", "user", "role", "valid_from", "valid_to"]
    list_filter = ["team__campaign", "team", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "team__name"]
    list_select_related = ["team__campaign", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = EnterpriseStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_on", "changed_by", "note", "created_at"]
    can_delete = False


class EnterpriseAdminForm(BoundedFieldsMixin, forms.ModelForm):
    """The admin's form keeps the rules of the enterprise pages' form.

    The union status is read-only here: a change goes through the enterprise
    page (campaigns.services.change_union_status) so it is dated and attributed.
    """

    class Meta:
        model = Enterprise
        fields = "__all__"  # noqa: DJ007 - the admin shows every editable field

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("eight_group") and not cleaned.get("is_eight_group"):
            self.add_error("eight_group", "选择八大群体前，请先勾选“八大员企业”。")
        if self.instance.union_status != UnionStatus.ESTABLISHED:
            for name in MECHANISM_FIELDS:
                if cleaned.get(name):
                    self.add_error(name, "尚未建会的企业不能勾选工会工作机制，请先在企业页面将建会状态改为“已建会”。")
        return cleaned


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    form = EnterpriseAdminForm
    list_display = ["name", "credit_code", "unit", "union_status", "is_new_form", "is_eight_group", "headcount"]
    list_filter = ["union_status", "is_new_form", "is_eight_group", "unit"]
    search_fields = ["name", "credit_code", "contact_name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["union_status", "union_status_date"]
    inlines = [StatusChangeInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EnterpriseStatusChange)
class EnterpriseStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "from_status", "to_status", "changed_on", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["enterprise__name", "note"]
    date_hierarchy = "changed_on"
