"""In-app notifications, sent once per (kind, object, recipient, day)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns import scoping


class Kind(models.TextChoices):
    """What a notice is about. Free text in the database; these are the known kinds."""

    ISSUE_DUE_SOON = "issue_due_soon", "工单即将到期"
    ISSUE_OVERDUE = "issue_overdue", "工单已超期"
    ISSUE_FOLLOW_UP = "issue_follow_up", "工单到了跟进日期"
    PLAN_TOMORROW = "plan_tomorrow", "明日走访计划"
    UNIT_UNVISITED = "unit_unvisited", "单位久未走访"
    WEEKLY_DIGEST = "weekly_digest", "每周工作简报"
    EXPORT_READY = "export_ready", "台账导出完成"
    ISSUES_HANDED_OVER = "issues_handed_over", "工单移交"


class NotificationQuerySet(scoping.ScopedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    kind = models.CharField("类型", max_length=40, choices=Kind.choices)
    # What the notice is about ("issue:42", "plan:7", "digest:2026-W48"): with
    # kind, recipient and day it makes the notice unique, so a retried task or
    # a beat that fires twice cannot send it again.
    object_key = models.CharField("对象", max_length=80)
    day = models.DateField("日期")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    # A user's own notifications; nobody sees anyone else's, not even leadership.
    visibility = scoping.OwnRows("recipient")
    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "recipient", "day"], name="notification_once_per_event_recipient_day"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None
