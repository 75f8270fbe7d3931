"""Background ledger exports and the history of imports."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from campaigns import scoping


def export_upload_to(instance, filename):
    # Private, never under a public URL: served only by a view that checks the requester.
    return f"private/exports/{timezone.localdate():%Y/%m}/{filename}"


class ExportJobQuerySet(scoping.ScopedQuerySet):
    def stale(self, now=None):
        """Jobs whose worker stopped reporting: killed, lost or never picked up."""
        now = now or timezone.now()
        limit = now - dt.timedelta(minutes=settings.EXPORT_STALE_MINUTES)
        return self.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING], heartbeat_at__lt=limit)


class ExportJob(models.Model):
    """A ledger export too big for a request, written by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_exports", verbose_name="申请人"
    )
    params = models.JSONField("导出条件", default=dict)
    description = models.CharField("说明", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Each start of the job gets a new attempt number; a redelivered task of an
    # older attempt finds its number gone and does nothing.
    attempt = models.PositiveIntegerField("第几次", default=1)
    rows_total = models.PositiveIntegerField("总行数", default=0)
    rows_done = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to=export_upload_to, max_length=300, blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    heartbeat_at = models.DateTimeField("最近进展", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    # The requester sees own jobs; office staff (and superusers) see all of them.
    visibility = scoping.OwnRows("requester", staff_see_all=True)
    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "台账导出任务"
        verbose_name_plural = "台账导出任务"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requester", "-created_at"], name="exportjob_requester_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="exportjob_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rows_done__lte=models.F("rows_total")), name="exportjob_done_le_total"),
            models.CheckConstraint(condition=~Q(status="done") | ~Q(file=""), name="exportjob_done_has_file"),
        ]

    def __str__(self):
        return f"台账导出 #{self.pk} {self.get_status_display()}"

    @property
    def progress(self) -> int:
        """Percent written, 0–100."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def filename(self) -> str:
        return f"工作台账-{timezone.localtime(self.created_at):%Y%m%d-%H%M}.xlsx"


class ImportRecord(models.Model):
    """One upload of an enterprise or hotline-ticket workbook, and what came of it."""

    class Kind(models.TextChoices):
        ENTERPRISES = "enterprises", "企业名录"
        TICKETS = "tickets", "12345/12351热线工单"
        CADRES = "cadres", "干部账号"
        YANHE = "yanhe", "言和调解案件"

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "已导入"
        PARTIAL = "partial", "仅导入无误行"
        REJECTED = "rejected", "未导入"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_imports", verbose_name="操作人"
    )
    file_name = models.CharField("文件名", max_length=200)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    rejected = models.PositiveIntegerField("未通过", default=0)
    # [{"row": 5, "column": "统一社会信用代码", "message": "…"}, …]; row 0 = the file itself.
    errors = models.JSONField("错误清单", default=list, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at"], name="importrecord_order_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name} {self.get_outcome_display()}"
