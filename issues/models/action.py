"""处理记录: every action taken on a ticket, and where its reply attachment is kept."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..choices import (
    EscalationStep,
    Status,
)
from .ticket import WorkerIssue


def reply_upload_to(instance, filename):
    """Private like visit photos: served only through issues:attachment, which checks who may see the ticket."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/issue-replies/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class IssueAction(models.Model):
    """处理记录: one step taken on a ticket, who took it, when and why."""

    class Kind(models.TextChoices):
        CREATE = "create", "登记"
        EDIT = "edit", "修改登记信息"
        ACCEPT = "accept", "受理"
        ASSIGN = "assign", "指派"
        TRANSFER = "transfer", "转交小组"
        CONTACT = "contact", "联系职工"
        NOTE = "note", "备注"
        ESCALATE = "escalate", "上报"
        REPLY = "reply", "记录答复"
        RESOLVE = "resolve", "办结（解决）"
        EXPLAIN = "explain", "办结（解释说明）"
        REOPEN = "reopen", "重新办理"
        SATISFACTION = "satisfaction", "回访满意度"
        INSTRUCTION = "instruction", "领导批示"
        RECOMPUTE = "recompute", "重算时限"
        # Written by mediation.services (言和 cases, referrals), through issues.timeline.commit.
        YANHE_HANDOVER = "yanhe_handover", "移交言和调解"
        YANHE_OUTCOME = "yanhe_outcome", "言和调解结果"
        REFERRAL = "referral", "转介服务"
        REFERRAL_DONE = "referral_done", "转介结果"

    issue = models.ForeignKey(WorkerIssue, on_delete=models.CASCADE, related_name="actions", verbose_name="工单")
    kind = models.CharField("操作", max_length=14, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    # A default, not auto_now_add: the service passes ``at`` (the demo seeder its scripted time).
    created_at = models.DateTimeField("时间", default=timezone.now, editable=False)
    note = models.TextField("说明", blank=True, max_length=5000)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    from_step = models.PositiveSmallIntegerField(choices=EscalationStep.choices, null=True, blank=True)
    to_step = models.PositiveSmallIntegerField(choices=EscalationStep.choices, null=True, blank=True)
    escalated_to = models.CharField("上报至", max_length=100, blank=True)
    reply_on = models.DateField("答复日期", null=True, blank=True)
    follow_up_on = models.DateField("跟进日期", null=True, blank=True)
    attachment = models.FileField("书面答复", upload_to=reply_upload_to, blank=True, max_length=200)
    attachment_name = models.CharField("附件文件名", max_length=120, blank=True)

    class Meta:
        verbose_name = "处理记录"
        verbose_name_plural = "处理记录"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["issue", "created_at"], name="issueaction_timeline_idx")]

    def __str__(self):
        return f"{self.issue.code} {self.get_kind_display()}"

    @property
    def is_escalation(self) -> bool:
        return self.kind == self.Kind.ESCALATE

    @property
    def is_instruction(self) -> bool:
        return self.kind == self.Kind.INSTRUCTION

    @property
    def is_reply(self) -> bool:
        return self.kind == self.Kind.REPLY

    @property
    def is_closing(self) -> bool:
        """办结, solved or explained."""
        return self.kind in (self.Kind.RESOLVE, self.Kind.EXPLAIN)

    @property
    def skipped_steps(self) -> bool:
        """An escalation that went up more than one step (越级上报)."""
        return self.kind == self.Kind.ESCALATE and (self.to_step or 0) - (self.from_step or 0) > 1
