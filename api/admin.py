"""Admin for API clients and their tokens; the call log, read-only.

Staff create a client here (its account is made by ``api.services.save_client``)
and give it a token with the action “签发新令牌”: the token is shown once, on
the page that answers the action, and only its digest is kept. Issuing a new
token keeps the older ones valid for the grace period (rotation without
downtime); “吊销” ends a token at once.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone

from . import services
from .models import ApiCall, ApiClient, ApiToken


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = (
            "name",
            "active",
            "source",
            "all_sources",
            "can_create_tickets",
            "can_read_status",
            "can_read_aggregates",
            "can_see_personal_data",
            "can_update_mediation",
            "allowed_ips",
            "rate_per_minute",
        )

    def clean_allowed_ips(self):
        text = self.cleaned_data["allowed_ips"]
        bad = services.validate_allowed_ips(text)
        if bad:
            raise forms.ValidationError("不是 IP 地址或网段：" + "、".join(bad[:5]))
        return text


class TokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = (
        "name",
        "active",
        "source",
        "all_sources",
        "can_create_tickets",
        "can_read_status",
        "can_read_aggregates",
        "can_see_personal_data",
        "can_update_mediation",
    )
    list_filter = ("active", "source")
    search_fields = ("name",)
    inlines = [TokenInline]
    actions = ["issue_new_token"]

    def save_model(self, request, obj, form, change):
        services.save_client(obj)

    @admin.action(description="签发新令牌（旧令牌在宽限期内仍有效）")
    def issue_new_token(self, request, queryset):
        issued = []
        for client in queryset:
            token, plain = services.issue_token(client)
            issued.append({"client": client, "token": token, "plain": plain})
        context = {
            **self.admin_site.each_context(request),
            "title": "新令牌（只显示这一次）",
            "issued": issued,
            "grace_hours": settings.API_TOKEN_ROTATION_GRACE_HOURS,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "api/admin_token_issued.html", context)
        # The page holds a secret: no cache may keep it.
        response["Cache-Control"] = "no-store"
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("client", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at", "state")
    list_filter = ("client",)
    fields = ("client", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("client", "prefix", "created_at", "revoked_at", "last_used_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued from the client (the action shows the token once)

    @admin.display(description="状态")
    def state(self, token):
        return token.state()

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        now = timezone.now()
        count = sum(services.revoke_token(token, now=now) for token in queryset)
        self.message_user(request, f"已吊销 {count} 个令牌。", messages.SUCCESS)


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ("at", "client", "method", "endpoint", "status", "duration_ms")
    list_filter = ("client", "status", "method")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
