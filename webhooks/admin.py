"""Webhook subscriptions and their delivery log in the admin (staff register receivers here).

An endpoint's page shows its signing secret to hand to the receiver, the
ticket sources it receives, and its last attempts; the action 发送测试事件
sends a signed ``ping`` now. Deliveries are read-only: staff see what is
pending, delivered or given up, and may send failed ones again.
"""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from . import delivery
from .models import SOURCE_CHOICES, Delivery, DeliveryAttempt, OutboxEvent, WebhookEndpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label="推送地址",
        max_length=500,
        assume_scheme="https",
        help_text="接收方的 http(s) 地址，以 POST 方式推送 JSON。",
        error_messages={"invalid": "请输入以 http:// 或 https:// 开头的有效地址。", "required": "请填写推送地址。"},
    )
    sources = forms.MultipleChoiceField(
        label="工单来源",
        choices=SOURCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="留空表示接收所有来源的工单。",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "client", "url", "active", "sources"]
        error_messages = {
            "name": {"required": "请填写名称。", "unique": "已有同名的订阅。"},
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("client") and cleaned.get("sources"):
            self.add_error("sources", "接入系统的订阅按该系统可查看的来源推送，请不要另选工单来源。")
        return cleaned

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("推送地址只能以 http:// 或 https:// 开头。")
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["name", "client", "url", "active", "sources_label", "pending_count", "failed_count", "created_at"]
    list_filter = ["active", "client"]
    list_select_related = ["client"]
    search_fields = ["name", "url"]
    readonly_fields = ["secret", "created_at", "delivery_log"]
    actions = ["send_test_event"]

    @admin.display(description="工单来源")
    def sources_label(self, obj):
        if obj.client_id:
            return "全部（按接入系统）" if obj.client.all_sources else f"{obj.client.source or '无'}（按接入系统）"
        names = dict(SOURCE_CHOICES)
        return "、".join(names.get(s, s) for s in obj.sources) or "全部"

    @admin.display(description="待投递")
    def pending_count(self, obj):
        return obj.deliveries.filter(status=Delivery.Status.PENDING).count()

    @admin.display(description="投递失败")
    def failed_count(self, obj):
        return obj.deliveries.filter(status=Delivery.Status.FAILED).count()

    @admin.display(description="投递记录")
    def delivery_log(self, obj):
        if obj.pk is None:
            return "—"
        deliveries = reverse("admin:webhooks_delivery_changelist") + f"?endpoint__id__exact={obj.pk}"
        attempts = reverse("admin:webhooks_deliveryattempt_changelist") + f"?endpoint__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">该订阅的投递记录</a> · <a href="{}">每次请求的结果（含测试事件）</a>', deliveries, attempts
        )

    @admin.action(description="发送测试事件")
    def send_test_event(self, request, queryset):
        for endpoint in queryset:
            attempt = delivery.send_test(endpoint)
            if attempt.ok:
                self.message_user(request, f"{endpoint}：测试事件已送达（HTTP {attempt.status_code}）。")
            else:
                self.message_user(request, f"{endpoint}：测试事件未送达（{attempt.error}）。", messages.WARNING)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["at", "ok", "status_code", "duration_ms", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-at", "-id"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "next_attempt_at", "delivered_at", "last_error"]
    list_filter = ["status", "endpoint"]
    search_fields = ["event__ticket__code", "event__event_id"]
    list_select_related = ["event", "endpoint"]
    readonly_fields = [
        "endpoint",
        "event",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "delivered_at",
        "created_at",
        "payload",
    ]
    fields = readonly_fields
    inlines = [DeliveryAttemptInline]
    actions = ["send_again"]

    @admin.display(description="内容")
    def payload(self, obj):
        return format_html("<pre>{}</pre>", delivery.body_of(obj.event.payload).decode())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="重新投递（仅投递失败的）")
    def send_again(self, request, queryset):
        count = delivery.send_again(queryset)
        self.message_user(request, f"已将 {count} 条投递失败的记录重新排入投递。")


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "type", "created_at", "event_id"]
    list_filter = ["type"]
    search_fields = ["ticket__code", "event_id"]
    readonly_fields = ["event_id", "ticket", "sequence", "type", "payload", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    list_display = ["at", "endpoint", "ok", "status_code", "duration_ms", "error", "delivery"]
    list_filter = ["ok", "endpoint"]
    list_select_related = ["endpoint", "delivery__event"]
    search_fields = ["delivery__event__ticket__code", "error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
