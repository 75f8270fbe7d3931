"""Campaigns, work teams, the units they are sent to, and who is in which team."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When

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
    def current(self, day: dt.date | None = None):
        """The campaign running on ``day`` (default today), else the latest begun, else the next to come.

        Among those running (or begun) an active one first, then the latest to
        begin; among those to come the first. One query whichever case holds,
        so a page costs the same between campaigns as during one.
        """
        from django.utils import timezone

        day = day or timezone.localdate()
        begun = Q(start_date__lte=day)
        return (
            self.annotate(
                _case=Case(When(begun & Q(end_date__gte=day), then=Value(0)), When(begun, then=Value(1)), default=2),
                _inactive=Case(When(begun & Q(is_active=True), then=Value(0)), default=1),
                _begun_on=Case(When(begun, then=F("start_date")), default=None, output_field=models.DateField()),
            )
            .order_by("_case", "_inactive", F("_begun_on").desc(nulls_last=True), "start_date", "pk")
            .first()
        )


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

    @property
    def year_label(self) -> str:
        """「2026年」: what tells two campaigns' teams of the same name apart."""
        return f"{self.start_date.year}年"


class WorkTeamManager(models.Manager.from_queryset(scoping.ScopedQuerySet)):
    # A team is shown with its campaign's year (__str__): fetch the campaign with it.
    def get_queryset(self):
        return super().get_queryset().select_related("campaign")


class WorkTeam(models.Model):
    """A work team (蹲点工作小组) of one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="teams", verbose_name="蹲点活动")
    name = models.CharField("小组名称", max_length=40)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMembership", related_name="work_teams", verbose_name="成员"
    )

    visibility = scoping.ByTeam("pk")
    objects = WorkTeamManager()

    class Meta:
        verbose_name = "蹲点工作小组"
        verbose_name_plural = "蹲点工作小组"
        ordering = ["campaign", "sort_order", "name"]
        indexes = [models.Index(fields=["campaign", "sort_order", "name"], name="workteam_order_idx")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="workteam_unique_name_per_campaign"),
        ]

    def __str__(self):
        # Team names repeat every year: the campaign's year makes them unambiguous.
        return f"{self.campaign.year_label}{self.name}"

    @property
    def leader(self):
        """The leader whose membership has not ended (prefetched memberships are used as they are)."""
        from django.utils import timezone

        today = timezone.localdate()
        for m in self.memberships.all():
            if m.role == TeamMembership.Role.LEADER and (m.valid_to is None or m.valid_to > today):
                return m.user
        return None


class TeamMembershipQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date):
        """Memberships in force on ``day``: begun, not ended, and their campaign not over."""
        return self.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day, campaign__end_date__gte=day
        )

    def current(self):
        from django.utils import timezone

        return self.valid_on(timezone.localdate())


class TeamMembership(models.Model):
    """A user's place in a team of one campaign, leader (组长) or member (组员), from a day until a day.

    Kept for history: a cadre who moves or leaves gets ``valid_to`` (the first
    day no longer in the team), never a deletion. One open membership per user
    and campaign (a DB constraint); overlaps of dated ones are refused by
    ``campaigns.memberships`` (the one writer).
    """

    class Role(models.TextChoices):
        LEADER = "leader", "组长"
        MEMBER = "member", "组员"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="memberships", verbose_name="蹲点活动", editable=False
    )
    team = models.ForeignKey(WorkTeam, on_delete=models.PROTECT, related_name="memberships", verbose_name="小组")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.MEMBER)
    valid_from = models.DateField("起始日期", blank=True, help_text="空则为活动开始日期。")
    valid_to = models.DateField(
        "截止日期", null=True, blank=True, help_text="离组之日（当日起不再属于该组）；空表示至今。"
    )

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "小组成员"
        verbose_name_plural = "小组成员"
        ordering = ["team", "-role", "user__username", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"], condition=Q(valid_to__isnull=True), name="membership_one_open_per_campaign"
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role="leader", valid_to__isnull=True),
                name="membership_one_open_leader_per_team",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.team} · {self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        # The campaign is the team's; the start defaults to the campaign's.
        if self.team_id:
            self.campaign_id = self.team.campaign_id
            if self.valid_from is None:
                self.valid_from = self.team.campaign.start_date
        super().save(*args, **kwargs)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)

    @property
    def period_label(self) -> str:
        end = f"{self.valid_to:%Y-%m-%d}" if self.valid_to else "至今"
        return f"{self.valid_from:%Y-%m-%d} — {end}"


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
