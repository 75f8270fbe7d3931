"""Webhook subscriptions, the outbox of ticket status changes, and their delivery log.

- ``WebhookEndpoint``: a URL staff register in the admin for an integrating
  system, with a generated signing secret (encrypted at rest) and the ticket
  sources it wants.
- ``OutboxEvent``: one status change of one ticket, numbered per ticket,
  written by ``issues.timeline.commit`` in the transaction that saves the change
  (``webhooks.outbox.record``). The payload holds no personal data.
- ``Delivery``: one event owed to one endpoint; the periodic task
  (``webhooks.delivery.deliver_due``) takes the due rows, in order per ticket.
- ``DeliveryAttempt``: one HTTP request made (status code, duration, error).
"""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone

from privacy.fields import EncryptedTextField

# The ticket sources an endpoint may subscribe to (issues.choices.Source; this
# app imports no domain app, the values are the stored ones).
SOURCE_CHOICES = [
    ("field", "蹲点发现"),
    ("12345", "12345接诉即办"),
    ("12351", "12351职工热线"),
    ("yanhe", "言和平台"),
    ("letter", "来信来访"),
    ("other", "其他"),
]


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    name = models.CharField("名称", max_length=60, unique=True)
    url = models.URLField("推送地址", max_length=500, help_text="接收方的 http(s) 地址，以 POST 方式推送 JSON。")
    # Shown to staff on the endpoint's admin page to hand to the receiver; a dump of the database holds the token.
    secret = EncryptedTextField("签名密钥", plain_max_length=80, default=new_secret, editable=False)
    active = models.BooleanField("启用", default=True)
    # Empty: every source. Otherwise the Source values, e.g. ["12345", "12351"].
    sources = models.JSONField("工单来源", default=list, blank=True, help_text="留空表示接收所有来源的工单。")
    # An API client's subscription receives the tickets that client may read (webhooks.outbox.receives).
    client = models.ForeignKey(
        "api.ApiClient",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
        verbose_name="接入系统",
        help_text="选定后只推送该系统可查看的工单（其来源，或全部来源），“工单来源”不再适用；停用该系统即停止推送。",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "Webhook 订阅"
        verbose_name_plural = "Webhook 订阅"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="webhookendpoint_url_http_or_https",
            ),
        ]

    def __str__(self):
        return self.name

    def wants(self, source: str) -> bool:
        return not self.sources or source in self.sources


class OutboxEvent(models.Model):
    """One change of a ticket's status, escalation step, closing kind or satisfaction."""

    class Type(models.TextChoices):
        CREATED = "ticket.created", "工单登记"
        STATUS_CHANGED = "ticket.status_changed", "状态变更"
        ESCALATED = "ticket.escalated", "上报"
        CLOSED = "ticket.closed", "办结"
        REOPENED = "ticket.reopened", "重新办理"
        SATISFACTION = "ticket.satisfaction_recorded", "回访满意度"

    event_id = models.UUIDField("事件编号", default=uuid.uuid4, unique=True, editable=False)
    ticket = models.ForeignKey(
        "issues.WorkerIssue", on_delete=models.CASCADE, related_name="outbox_events", verbose_name="工单"
    )
    # 1, 2, 3 … per ticket, without gaps: a receiver can tell it missed one.
    sequence = models.PositiveIntegerField("序号")
    type = models.CharField("事件类型", max_length=40, choices=Type.choices)
    payload = models.JSONField("内容")
    created_at = models.DateTimeField("发生时间", default=timezone.now)

    class Meta:
        verbose_name = "推送事件"
        verbose_name_plural = "推送事件"
        ordering = ["ticket_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "sequence"], name="outboxevent_unique_ticket_sequence"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="outboxevent_sequence_from_1"),
        ]

    def __str__(self):
        return f"{self.payload.get('ticket', {}).get('code', self.ticket_id)} #{self.sequence} {self.type}"


class Delivery(models.Model):
    """One event owed to one endpoint, until delivered or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", "待投递"
        DELIVERED = "delivered", "已投递"
        FAILED = "failed", "投递失败"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name="订阅"
    )
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries", verbose_name="事件")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    # Due when next_attempt_at <= now. A worker claims a row by moving this forward
    # (a conditional UPDATE), so a crashed worker's row is due again after the lease.
    next_attempt_at = models.DateTimeField("下次尝试时间", default=timezone.now)
    last_error = models.CharField("最近错误", max_length=200, blank=True)
    delivered_at = models.DateTimeField("投递时间", null=True, blank=True)
    # When it was owed: the give-up clock (WEBHOOK_GIVE_UP_AFTER_HOURS) starts here.
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "投递记录"
        verbose_name_plural = "投递记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event"], name="delivery_unique_endpoint_event"),
            models.CheckConstraint(
                condition=Q(status="delivered", delivered_at__isnull=False)
                | (~Q(status="delivered") & Q(delivered_at__isnull=True)),
                name="delivery_delivered_iff_delivered_at",
            ),
        ]

    def __str__(self):
        return f"{self.endpoint} ← {self.event}"


class DeliveryAttempt(models.Model):
    """One POST made to an endpoint: what came back. The body is not kept (it is the event's payload)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="attempts", verbose_name="订阅"
    )
    # Empty for a test event sent from the admin.
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, null=True, blank=True, related_name="attempt_log", verbose_name="投递"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    status_code = models.PositiveSmallIntegerField("HTTP 状态码", null=True, blank=True)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）")
    error = models.CharField("错误", max_length=200, blank=True)
    ok = models.BooleanField("成功", default=False)

    class Meta:
        verbose_name = "投递尝试"
        verbose_name_plural = "投递尝试"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["endpoint", "-at"], name="deliveryattempt_endpoint_idx")]

    def __str__(self):
        return f"{self.endpoint} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
