"""Campaigns, work teams, the units they are sent to, and who is in which team."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns import scoping


class UnionUnit(models.Model):
    """A grassroots union federation (镇/街道/产业基地总工会) or a special unit."""

    class Kind(models.TextChoices):
        TOWN = "town", "镇"
        STREET = "street", "街道"
        BASE = "base", "产业基地"
        SPECIAL = "special", "特殊单位"

    name = models.CharField("名称", max_length=60, unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("在用", default=True, help_text="合并或撤销的单位取消勾选，历史记录保留。")
    contact = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "蹲点单位"
        verbose_name_plural = "蹲点单位"
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["sort_order", "name"], name="unionunit_order_idx")]

    def __str__(self):
        return self.name

    def current_successor(self) -> "UnionUnit":
        """The unit this one's records are summed under today: itself, or where merges and splits led."""
        unit, seen = self, {self.pk}
        while True:
            change = unit.changes_out.select_related("main_successor").first()
            if change is None or change.main_successor_id in seen:
                return unit
            unit = change.main_successor
            seen.add(unit.pk)

    @property
    def display_name(self):
        """The name as written in ledgers: 西红门镇总工会, 的士职工之家."""
        return self.name if self.kind == self.Kind.SPECIAL else f"{self.name}总工会"


class WorkerGroup(models.Model):
    """A group of workers recruitment is counted by; staff keep the list.

    The eight groups (八大群体) of new-employment-form workers are flagged; others
    the article names (农民工, 出租车司机, 环卫工人) count in "全部" only.
    """

    name = models.CharField("群体", max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_eight_group = models.BooleanField("八大群体", default=False)

    class Meta:
        verbose_name = "入会群体"
        verbose_name_plural = "入会群体"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CampaignQuerySet(scoping.ScopedQuerySet):
    def current(self):
        return self.order_by("-is_active", "-start_date").first()


class Campaign(models.Model):
    """A 蹲点 campaign: a period, its goals and its work plan."""

    name = models.CharField("活动名称", max_length=100, unique=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    goals = models.TextField("工作目标", blank=True, max_length=10000)
    work_plan = models.TextField("工作方案", blank=True, max_length=20000)
    is_active = models.BooleanField("进行中", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    # Campaign headers are not secret: any signed-in user may see them.
    visibility = scoping.EveryoneSignedIn()
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "蹲点活动"
        verbose_name_plural = "蹲点活动"
        ordering = ["-start_date", "name"]
        indexes = [models.Index(fields=["-start_date", "name"], name="campaign_order_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="campaign_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def contains(self, day):
        return self.start_date <= day <= self.end_date


class WorkTeam(models.Model):
    """A work team (蹲点工作小组) of one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="teams", verbose_name="蹲点活动")
    name = models.CharField("小组名称", max_length=40)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="work_teams", verbose_name="成员"
    )

    visibility = scoping.ByTeam("pk")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "蹲点工作小组"
        verbose_name_plural = "蹲点工作小组"
        ordering = ["campaign", "sort_order", "name"]
        indexes = [models.Index(fields=["campaign", "sort_order", "name"], name="workteam_order_idx")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="workteam_unique_name_per_campaign"),
        ]

    def __str__(self):
        return self.name

    @property
    def leader(self):
        for m in self.memberships.all():
            if m.role == TeamMembership.Role.LEADER:
                return m.user
        return None


class TeamMembership(models.Model):
    """A user's place in a team: leader (组长) or member (组员)."""

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        MEMBER = "member", "组员"

    team = models.ForeignKey(WorkTeam, on_delete=models.CASCADE, related_name="memberships", verbose_name="小组")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = "小组成员"
        verbose_name_plural = "小组成员"
        ordering = ["team", "-role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_user_per_team"),
            models.UniqueConstraint(fields=["team"], condition=Q(role="leader"), name="membership_one_leader_per_team"),
        ]

    def __str__(self):
        return f"{self.team} · {self.user} · {self.get_role_display()}"


class AssignmentQuerySet(scoping.ScopedQuerySet):
    def current(self):
        """Assignments not ended: the team that covers the unit now (one per unit and campaign)."""
        return self.filter(valid_to__isnull=True)


class Assignment(models.Model):
    """分工: which team covers which unit in a campaign, from when to when.

    A unit handed to another team mid-campaign ends one assignment (``valid_to``,
    the last day) and starts another (``valid_from``); records made before stay
    with the team that made them (``issues.unit_changes.hand_over``).
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="assignments", verbose_name="蹲点活动"
    )
    team = models.ForeignKey(WorkTeam, on_delete=models.PROTECT, related_name="assignments", verbose_name="小组")
    unit = models.ForeignKey(UnionUnit, on_delete=models.PROTECT, related_name="assignments", verbose_name="蹲点单位")
    valid_from = models.DateField("起始日期", null=True, blank=True, help_text="空：自活动开始")
    valid_to = models.DateField("截止日期", null=True, blank=True, help_text="空：仍在负责")

    visibility = scoping.ByTeam("team")
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "分工"
        verbose_name_plural = "分工"
        ordering = ["campaign", "team__sort_order", "unit__sort_order", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=Q(valid_to__isnull=True),
                name="assignment_one_current_team_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.team} → {self.unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.team_id and self.campaign_id and self.team.campaign_id != self.campaign_id:
            raise ValidationError({"team": "该小组不属于所选蹲点活动。"})
