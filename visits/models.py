"""Planned and actual visits, their photos, and the workers recruited at them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from campaigns import scoping
from campaigns.models import Assignment, Campaign, Enterprise, UnionUnit, WorkerGroup, WorkTeam
from campaigns.roles import is_team_leader, is_team_member


def _check_team_unit(obj):
    """A visit or plan must be in its campaign, by a team of it, to a unit the team covers."""
    errors = {}
    if obj.team_id and obj.campaign_id and obj.team.campaign_id != obj.campaign_id:
        errors["team"] = "该小组不属于所选蹲点活动。"
    if (
        obj.unit_id
        and obj.team_id
        and obj.campaign_id
        and not Assignment.objects.filter(
            campaign_id=obj.campaign_id, team_id=obj.team_id, unit_id=obj.unit_id
        ).exists()
    ):
        errors["unit"] = "该单位不是本小组在本次活动中的蹲点单位。"
    if obj.date and obj.campaign_id and not obj.campaign.contains(obj.date):
        c = obj.campaign
        errors["date"] = f"日期应在蹲点活动期间（{c.start_date:%Y-%m-%d} 至 {c.end_date:%Y-%m-%d}）。"
    if errors:
        raise ValidationError(errors)


class PlannedVisit(models.Model):
    """蹲点工作计划: a visit a team plans to make."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="planned_visits", verbose_name="蹲点活动"
    )
    team = models.ForeignKey(WorkTeam, on_delete=models.PROTECT, related_name="planned_visits", verbose_name="小组")
    unit = models.ForeignKey(
        UnionUnit, on_delete=models.PROTECT, related_name="planned_visits", verbose_name="蹲点单位"
    )
    date = models.DateField("计划日期")
    purpose = models.CharField("计划内容", max_length=200)
    enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="planned_visits", verbose_name="拟走访企业"
    )
    visit = models.OneToOneField(
        "Visit", on_delete=models.SET_NULL, null=True, blank=True, related_name="plan", verbose_name="实际走访"
    )
    is_cancelled = models.BooleanField("已取消", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制定人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    visibility = scoping.ByTeam("team", author_path="created_by")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "蹲点工作计划"
        verbose_name_plural = "蹲点工作计划"
        ordering = ["date", "team__sort_order", "id"]
        indexes = [
            models.Index(fields=["date", "team"], name="plannedvisit_order_idx"),
            models.Index(fields=["team", "date"], name="plannedvisit_team_date_idx"),
            # The work plan's first part, upcoming open plans soonest first (visits.services.plans_in_display_order).
            models.Index(
                fields=["date", "team"],
                condition=Q(visit__isnull=True, is_cancelled=False),
                name="plannedvisit_upcoming_idx",
            ),
            # A team's plans and plans carried out, counted from the index alone (dashboard.team_figures.team_rows).
            models.Index(
                fields=["team", "date"],
                include=["campaign", "visit"],
                condition=Q(is_cancelled=False),
                name="plannedvisit_team_counts_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visit__isnull=True) | Q(is_cancelled=False), name="plannedvisit_done_not_cancelled"
            ),
        ]

    def __str__(self):
        return f"{self.date:%m-%d} {self.unit} {self.purpose}"

    def clean(self):
        _check_team_unit(self)

    @property
    def is_done(self):
        return self.visit_id is not None

    @property
    def status_label(self):
        if self.is_done:
            return "已完成"
        if self.is_cancelled:
            return "已取消"
        return "待走访"

    def can_edit(self, user):
        return user.is_authenticated and (
            user.is_superuser or is_team_leader(user, self.team_id) or is_team_member(user, self.team_id)
        )


class Visit(models.Model):
    """走访记录: a visit actually made."""

    class Kind(models.TextChoices):
        FORUM = "forum", "座谈会"
        SITE = "site", "实地走访"
        CARE = "care", "慰问"
        LAW = "law", "普法宣讲"
        MEDIATION = "mediation", "调解"
        RESEARCH = "research", "调研"
        OTHER = "other", "其他"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="visits", verbose_name="蹲点活动")
    team = models.ForeignKey(WorkTeam, on_delete=models.PROTECT, related_name="visits", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.PROTECT, related_name="visits", verbose_name="蹲点单位")
    date = models.DateField("走访日期")
    kind = models.CharField("形式", max_length=12, choices=Kind.choices, default=Kind.SITE)
    place = models.CharField("地点", max_length=120, blank=True)
    enterprises = models.ManyToManyField(Enterprise, blank=True, related_name="visits", verbose_name="走访企业")
    # A visit may be to a service site (驿站, 职工书屋 …) as it is to an enterprise (outreach.ServiceSite).
    sites = models.ManyToManyField(
        "outreach.ServiceSite", blank=True, related_name="visits", verbose_name="走访服务阵地"
    )
    cadres = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="visits_attended", verbose_name="参加干部")
    # 带队领导: the leader who led the visit in person (may also be one of the cadres present).
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits_led",
        verbose_name="带队领导",
    )
    project = models.ForeignKey(
        "outreach.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="办实事项目",
    )
    people_met = models.CharField("座谈/接待人员", max_length=200, blank=True, help_text="企业负责人、工会主席等")
    workers_reached = models.PositiveIntegerField("覆盖职工人数", default=0)
    summary = models.TextField("工作内容", max_length=5000)
    operations_findings = models.TextField("企业生产经营情况", blank=True, max_length=5000)
    mood_findings = models.TextField("职工思想动态", blank=True, max_length=5000)
    hotspot_findings = models.TextField("劳动关系焦点问题", blank=True, max_length=5000)
    # The id a phone gave the draft (static/js/offline.js): a draft sent twice is one visit.
    client_id = models.UUIDField("草稿编号", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_created", verbose_name="填报人"
    )
    # A default, not auto_now_add: the demo seeder passes the visit's own time.
    created_at = models.DateTimeField("填报时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    visibility = scoping.ByTeam("team", author_path="created_by")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["-date", "-id"], name="visit_order_idx"),
            models.Index(fields=["team", "-date"], name="visit_team_date_idx"),
            models.Index(fields=["unit", "-date"], name="visit_unit_date_idx"),
            models.Index(fields=["campaign", "date"], name="visit_campaign_date_idx"),
            # dashboard.coverage.coverage_rows: per (campaign, team, unit) counts and the latest date.
            models.Index(fields=["campaign", "team", "unit", "date"], name="visit_coverage_idx"),
            # A team's visits in the list's keyset order (-date, -id), for cadres and team leaders.
            models.Index(fields=["team", "-date", "-id"], name="visit_team_order_idx"),
            # The dashboard's care visits (outreach.metrics.care_figures): a team's 慰问 visits of a period,
            # read from the index alone (the visibility rule's author included).
            models.Index(
                fields=["team", "date"],
                include=["id", "campaign", "created_by"],
                condition=Q(kind="care"),
                name="visit_care_team_date_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["client_id"], name="visit_one_per_client_id"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.unit} {self.get_kind_display()}"

    def clean(self):
        _check_team_unit(self)

    @property
    def is_care(self):
        return self.kind == self.Kind.CARE

    def can_edit(self, user):
        """The author edits own visits; the team leader edits the team's."""
        if not user.is_authenticated:
            return False
        return (
            user.is_superuser
            or is_team_leader(user, self.team_id)
            or (self.created_by_id == user.id and is_team_member(user, self.team_id))
        )


def photo_upload_to(instance, filename):
    # Random names: nothing about the worker or place leaks through the path.
    return f"private/visit-photos/{instance.visit.date:%Y/%m}/{uuid.uuid4().hex}.jpg"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos", verbose_name="走访记录")
    image = models.ImageField("照片", upload_to=photo_upload_to, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    visibility = scoping.ByTeam("visit__team", author_path="visit__created_by")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "走访照片"
        verbose_name_plural = "走访照片"
        ordering = ["visit", "id"]

    def __str__(self):
        return self.caption or f"照片 {self.pk}"

    def save(self, *args, **kwargs):
        # ImageField leaves the dimension fields empty when a file is saved
        # with save=False first; read them from the stored file then.
        if self.image and (not self.width or not self.height):
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)


class Recruitment(models.Model):
    """入会: workers of one of the eight groups who joined the union at a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recruitments", verbose_name="走访记录")
    group = models.ForeignKey(WorkerGroup, on_delete=models.PROTECT, related_name="recruitments", verbose_name="群体")
    count = models.PositiveIntegerField("入会人数")

    class Meta:
        verbose_name = "入会"
        verbose_name_plural = "入会"
        ordering = ["visit", "group__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "group"], name="recruitment_one_row_per_group_per_visit"),
            models.CheckConstraint(condition=Q(count__gt=0), name="recruitment_count_positive"),
        ]

    def __str__(self):
        return f"{self.group} {self.count}人"


class CareItem(models.Model):
    """慰问: who received what at a care visit (a group of workers, how many, which items, their value)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="care_items", verbose_name="走访记录")
    recipients = models.CharField("慰问对象", max_length=40, help_text="例如 外卖骑手、快递小哥、环卫工人")
    people = models.PositiveIntegerField("慰问人数")
    items = models.CharField("慰问品", max_length=120, help_text="例如 清凉慰问包（毛巾、藿香正气水、饮用水）")
    value = models.DecimalField("价值（元）", max_digits=10, decimal_places=2, default=0)

    class Meta:
        verbose_name = "慰问明细"
        verbose_name_plural = "慰问明细"
        ordering = ["visit", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(people__gt=0), name="careitem_people_positive"),
            models.CheckConstraint(condition=Q(value__gte=0), name="careitem_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.recipients} {self.people}人 {self.items}"
