"""Service sites (服务阵地) and 我为职工办实事 projects: the field work beyond visits and tickets.

Visits link to both (``Visit.sites``, ``Visit.project``) and tickets to a
project (``WorkerIssue.project``); those fields live in their own apps.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from campaigns import scoping
from campaigns.models import Campaign, Enterprise, UnionUnit, WorkTeam


class ServiceSite(models.Model):
    """服务阵地: a place that serves workers (a rest station, a bookshop, a workers' home …)."""

    class Kind(models.TextChoices):
        STATION = "station", "驿站（户外劳动者服务站）"
        BOOKSHOP = "bookshop", "职工书屋"
        HOME = "home", "职工之家"
        CARE_STATION = "care_station", "爱心驿站"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PLANNED = "planned", "筹建中"
        OPEN = "open", "运营中"
        PAUSED = "paused", "暂停服务"
        CLOSED = "closed", "已关闭"

    class Service(models.TextChoices):
        CHARGING = "charging", "手机/电瓶充电"
        WATER = "water", "饮水"
        REST = "rest", "休息"
        READING = "reading", "阅读"
        LOCKERS = "lockers", "恒温取餐柜"
        WIFI = "wifi", "无线网络"
        MEALS = "meals", "热饭"
        TOILET = "toilet", "如厕"
        MEDICINE = "medicine", "常用药品"
        WARMTH = "warmth", "取暖纳凉"

    name = models.CharField("阵地名称", max_length=120)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        UnionUnit, on_delete=models.PROTECT, related_name="service_sites", verbose_name="所属蹲点单位"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    operator = models.CharField("运营方", max_length=120, blank=True, help_text="谁在运营，例如街道总工会、商场、企业")
    services = models.JSONField("服务项目", default=list, blank=True)
    opening_hours = models.CharField("开放时间", max_length=60, blank=True, help_text="例如 24小时 或 8:00–20:00")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    notes = models.TextField("备注", blank=True, max_length=2000)
    # The enterprise record this site was turned from (its visits moved here); kept for the audit trail.
    converted_from = models.OneToOneField(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="converted_to_site",
        verbose_name="原企业记录",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="登记人"
    )
    # A default, not auto_now_add: the demo seeder passes the record's own time.
    created_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    visibility = scoping.ByUnit("unit")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务阵地"
        verbose_name_plural = "服务阵地"
        ordering = ["unit__sort_order", "kind", "name", "id"]
        indexes = [models.Index(fields=["unit", "kind"], name="servicesite_unit_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="servicesite_unique_name_per_unit"),
            models.CheckConstraint(
                condition=Q(kind__in=["station", "bookshop", "home", "care_station", "other"]),
                name="servicesite_kind_known",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def service_labels(self):
        labels = dict(self.Service.choices)
        return [labels.get(key, key) for key in self.services or []]


class Project(models.Model):
    """我为职工办实事: a practical thing a team does for the workers of a unit."""

    class Status(models.TextChoices):
        PLANNED = "planned", "计划中"
        ACTIVE = "active", "推进中"
        DONE = "done", "已办结"
        DROPPED = "dropped", "已终止"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="projects", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.PROTECT, related_name="projects", verbose_name="负责小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.PROTECT, related_name="projects", verbose_name="蹲点单位")
    title = models.CharField("实事名称", max_length=120)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_responsible",
        verbose_name="责任干部",
    )
    beneficiaries = models.CharField("服务对象", max_length=120, help_text="例如 外卖骑手、快递小哥")
    description = models.TextField("主要内容", blank=True, max_length=2000)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField("办结日期", null=True, blank=True)
    result = models.CharField("成效", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="登记人"
    )
    # A default, not auto_now_add: the demo seeder passes the record's own time.
    created_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    visibility = scoping.ByTeam("team", author_path="created_by")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办实事项目"
        verbose_name_plural = "办实事项目"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "team", "status"], name="project_campaign_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="project_completed_on_iff_done",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE
