"""Read-only admin views of mediation records: every change goes through mediation.services (the pages)."""

from django.contrib import admin

from .models import MediationBody, MediationBodyStatusChange, MediationTarget, Referral, YanheCase


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = MediationBodyStatusChange
    extra = 0
    fields = ["from_status", "to_status", "changed_on", "changed_by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MediationBody)
class MediationBodyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "unit", "status", "status_on"]
    list_filter = ["kind", "status", "unit"]
    search_fields = ["name", "location"]
    inlines = [StepInline]


@admin.register(MediationTarget)
class MediationTargetAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "unit", "kind", "count", "note"]
    list_filter = ["campaign", "kind"]


@admin.register(YanheCase)
class YanheCaseAdmin(ReadOnlyAdmin):
    list_display = ["case_number", "issue", "handed_over_on", "outcome", "outcome_on", "amount"]
    list_filter = ["outcome"]
    search_fields = ["case_number", "issue__code"]
    # The worker's data stay on the ticket (masked there); the case list shows none of it.
    fields = ["case_number", "issue", "handed_over_on", "enterprise", "body", "outcome", "outcome_on", "amount"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["issue", "service", "referred_on", "provider", "result", "result_on"]
    list_filter = ["service", "result"]
