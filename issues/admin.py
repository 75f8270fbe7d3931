"""Admin for tickets, deadline rules and score weights.

Personal data: superusers, office staff and leadership see the worker's name,
phone and ID number in full (DESIGN.md §3). Any other staff user with admin
access sees them masked in the list and on the change page, cannot edit them,
and cannot open the change history (which holds old values in full).

The admin does not go around the ticket service layer: tickets are opened on
the site (no "add" here), the workflow fields (status, team, unit, handler,
steps, dates) are read-only, and a change of registration data is saved
through ``issues.services.edit_issue`` (row lock, version, one timeline entry).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from campaigns.roles import is_leadership, is_office_staff
from privacy.models import PersonalDataAccess

from . import masking
from .access import log_page
from .models import DeadlineRule, IssueAction, RateWeights, WorkerIssue
from .services import EDITABLE, edit_issue
from .workflow import TransitionError

PERSONAL_FIELDS = ("worker_name", "worker_phone", "worker_id_number")

# Changed only by issues.workflow (actions, transfers) and issues.services (open, import).
WORKFLOW_FIELDS = (
    "campaign",
    "team",
    "unit",
    "handler",
    "visit",
    "status",
    "escalation_step",
    "received_at",
    "response_due",
    "resolution_due",
    "responded_at",
    "closed_at",
    "closing_kind",
    "satisfaction",
    "satisfaction_at",
    "escalated_to",
    "reply",
    "reply_on",
    "follow_up_on",
)


def sees_all_personal_data(user) -> bool:
    return user.is_superuser or is_office_staff(user) or is_leadership(user)


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

    def has_add_permission(self, request, obj=None):
        # Actions are written by the workflow only, so the timeline stays true.
        return False


@admin.register(WorkerIssue)
class WorkerIssueAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "worker",
        "source",
        "category",
        "team",
        "status",
        "escalation_step",
        "resolution_due",
    ]
    list_filter = ["status", "source", "category", "escalation_step", "team"]
    search_fields = ["code", "hotline_number", "title", "enterprise__name"]
    date_hierarchy = "received_at"
    autocomplete_fields = ["enterprise"]
    inlines = [ActionInline]
    list_select_related = ["team"]
    readonly_fields = ["code", "created_by", "version", *WORKFLOW_FIELDS]

    def has_add_permission(self, request):
        return False  # opened on the site (issues.services.open_issue): code, deadlines, first entry

    def save_model(self, request, obj, form, change):
        """Registration data through the service layer; the workflow fields are read-only above."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE}
        try:
            edit_issue(obj.pk, request.user, changes, version=None)
        except TransitionError as error:
            messages.error(request, error.message)

    def get_queryset(self, request):
        self._request_user = request.user
        return super().get_queryset(request)

    @admin.display(description="职工")
    def worker(self, obj):
        user = getattr(self, "_request_user", None)
        if user is not None and sees_all_personal_data(user):
            return obj.worker_name or "—"
        return masking.mask_name(obj.worker_name) or "—"

    @admin.display(description="职工姓名")
    def masked_worker_name(self, obj):
        return masking.mask_name(obj.worker_name) or "—"

    @admin.display(description="联系电话")
    def masked_worker_phone(self, obj):
        return masking.mask_phone(obj.worker_phone) or "—"

    @admin.display(description="身份证号")
    def masked_worker_id_number(self, obj):
        return masking.mask_id_number(obj.worker_id_number) or "—"

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if sees_all_personal_data(request.user):
            return fields
        masked = {f: f"masked_{f}" for f in PERSONAL_FIELDS}
        return [masked.get(f, f) for f in fields if f not in masked.values()]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not sees_all_personal_data(request.user):
            readonly += [f"masked_{f}" for f in PERSONAL_FIELDS]
        return readonly

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if sees_all_personal_data(request.user):
            fields += ["worker_name"]
        return fields

    def get_search_results(self, request, queryset, search_term):
        """Phones and ID numbers are encrypted: found whole, by their keyed hash (full viewers only)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and sees_all_personal_data(request.user):
            results = results | queryset.with_phone(term) | queryset.with_id_number(term)
        return results, may_have_duplicates

    def history_view(self, request, object_id, extra_context=None):
        if not sees_all_personal_data(request.user):
            raise PermissionDenied
        response = super().history_view(request, object_id, extra_context)
        self._log(request, WorkerIssue.objects.filter(pk=object_id) if str(object_id).isdigit() else [])
        return response

    # The access log (个人信息保护): pages of the admin that show workers unmasked.
    def _log(self, request, issues):
        if sees_all_personal_data(request.user):
            log_page(request, issues, kind=PersonalDataAccess.Kind.ADMIN)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and str(object_id).isdigit():
            self._log(request, WorkerIssue.objects.filter(pk=object_id))
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._log(request, changelist.result_list)
        return response


@admin.register(IssueAction)
class IssueActionAdmin(admin.ModelAdmin):
    list_display = ["issue", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["issue__code", "note"]
    list_select_related = ["issue", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "source",
        "category",
        "urgency",
        "response_hours",
        "response_workdays",
        "resolution_hours",
        "resolution_workdays",
        "note",
    ]
    list_filter = ["source", "urgency"]
    list_editable = ["response_hours", "response_workdays", "resolution_hours", "resolution_workdays"]


@admin.register(RateWeights)
class RateWeightsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return not RateWeights.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
