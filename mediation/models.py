"""言和 mediation cases, mediation bodies (调解组织) and their targets, referrals from tickets.

Every row here is written by ``mediation.services`` only (tests/test_one_writer.py);
the timeline entries these changes leave on a ticket go through
``issues.timeline.commit``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from campaigns import roles, scoping
from campaigns.models import Assignment, Campaign, Enterprise, UnionUnit
from issues.models import WorkerIssue

from .choices import BodyKind, BodyStatus, CaseOutcome, ReferralResult, ReferralService


class ByCoveredUnit(scoping.Rule):
    """Rows of a unit: leadership and staff see all, anyone else the units their current teams cover (any campaign)."""

    def __init__(self, unit_path: str):
        self.unit_path = unit_path

    def restrict(self, queryset, user):
        if roles.sees_everything(user):
            return queryset
        units = Assignment.objects.filter(team_id__in=roles.team_ids_of(user)).values("unit_id")
        return queryset.filter(**{f"{self.unit_path}__in": units})

    def __repr__(self):
        return f"ByCoveredUnit({self.unit_path!r})"


class MediationBody(models.Model):
    """调解组织: a 六方工作站, an industry / park / building mediation organisation, an enterprise committee."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=12, choices=BodyKind.choices)
    unit = models.ForeignKey(
        UnionUnit, on_delete=models.PROTECT, related_name="mediation_bodies", verbose_name="所属单位"
    )
    location = models.CharField("所在园区/楼宇", max_length=120, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediation_bodies",
        verbose_name="所在企业",
    )
    members = models.TextField("成员/参与方", max_length=2000, blank=True)
    status = models.CharField("状态", max_length=12, choices=BodyStatus.choices, default=BodyStatus.PLANNED)
    status_on = models.DateField("状态日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    visibility = ByCoveredUnit("unit")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "调解组织"
        verbose_name_plural = "调解组织"
        ordering = ["unit__sort_order", "kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="mediationbody_unique_name_per_unit"),
        ]

    def __str__(self):
        return self.name


class MediationBodyStatusChange(models.Model):
    """One dated, attributed step of a mediation body (the first one is its registration: from_status blank)."""

    body = models.ForeignKey(MediationBody, on_delete=models.CASCADE, related_name="steps", verbose_name="调解组织")
    from_status = models.CharField("原状态", max_length=12, choices=BodyStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=BodyStatus.choices)
    changed_on = models.DateField("变更日期")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    visibility = ByCoveredUnit("body__unit")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "调解组织状态变更"
        verbose_name_plural = "调解组织状态变更"
        ordering = ["changed_on", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_status=F("to_status")), name="bodystep_changes_status"),
        ]

    def __str__(self):
        return f"{self.body}: {self.get_from_status_display() or '登记'} → {self.get_to_status_display()}"


class MediationTarget(models.Model):
    """A campaign's target, entered by staff: e.g. one 六方工作站 at 新媒体产业基地."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="mediation_targets", verbose_name="蹲点活动"
    )
    unit = models.ForeignKey(UnionUnit, on_delete=models.PROTECT, related_name="mediation_targets", verbose_name="单位")
    kind = models.CharField("调解组织类型", max_length=12, choices=BodyKind.choices)
    count = models.PositiveSmallIntegerField("目标数量", default=1)
    note = models.CharField("说明", max_length=200, blank=True)

    visibility = scoping.EveryoneSignedIn()
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "调解组织建设目标"
        verbose_name_plural = "调解组织建设目标"
        ordering = ["campaign", "unit__sort_order", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "kind"], name="mediationtarget_unique_per_unit_kind"),
            models.CheckConstraint(condition=Q(count__gte=1), name="mediationtarget_count_positive"),
        ]

    def __str__(self):
        return f"{self.unit} {self.get_kind_display()} ×{self.count}"


class YanheCase(models.Model):
    """A dispute ticket handed to the 言和 online mediation platform, and what came of it."""

    case_number = models.CharField("言和案件编号", max_length=40)
    issue = models.OneToOneField(WorkerIssue, on_delete=models.PROTECT, related_name="yanhe_case", verbose_name="工单")
    handed_over_on = models.DateField("移交日期")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="yanhe_cases", verbose_name="涉事企业"
    )
    body = models.ForeignKey(
        MediationBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="参与调解的组织",
    )
    outcome = models.CharField("调解结果", max_length=12, choices=CaseOutcome.choices, default=CaseOutcome.PENDING)
    outcome_on = models.DateField("结果日期", null=True, blank=True)
    amount = models.DecimalField("调解金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="移交人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    visibility = scoping.ByTeam("issue__team", author_path="created_by")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "言和调解案件"
        verbose_name_plural = "言和调解案件"
        ordering = ["-handed_over_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_number"], name="yanhecase_unique_case_number"),
            models.CheckConstraint(
                condition=(Q(outcome="pending") & Q(outcome_on__isnull=True))
                | (~Q(outcome="pending") & Q(outcome_on__isnull=False)),
                name="yanhecase_outcome_dated_iff_concluded",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("handed_over_on")),
                name="yanhecase_outcome_not_before_handover",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | (Q(amount__gte=0) & Q(outcome="settled")),
                name="yanhecase_amount_settled_not_negative",
            ),
        ]

    def __str__(self):
        return f"言和 {self.case_number}"

    @property
    def days_to_settle(self) -> int | None:
        if self.outcome != CaseOutcome.SETTLED or self.outcome_on is None:
            return None
        return (self.outcome_on - self.handed_over_on).days


class Referral(models.Model):
    """A ticket's worker referred to 法律援助, 心理疏导 or 困难帮扶, and the result."""

    issue = models.ForeignKey(WorkerIssue, on_delete=models.PROTECT, related_name="referrals", verbose_name="工单")
    service = models.CharField("转介服务", max_length=12, choices=ReferralService.choices)
    referred_on = models.DateField("转介日期")
    provider = models.CharField("承接机构", max_length=100, blank=True)
    result = models.CharField("结果", max_length=10, choices=ReferralResult.choices, default=ReferralResult.PENDING)
    result_on = models.DateField("反馈日期", null=True, blank=True)
    result_note = models.CharField("结果说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="转介人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    visibility = scoping.ByTeam("issue__team", author_path="created_by")
    objects = scoping.ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "转介服务"
        verbose_name_plural = "转介服务"
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "service"], name="referral_one_per_service_per_issue"),
            models.CheckConstraint(
                condition=(Q(result="pending") & Q(result_on__isnull=True))
                | (~Q(result="pending") & Q(result_on__isnull=False)),
                name="referral_result_dated_iff_given",
            ),
            models.CheckConstraint(
                condition=Q(result_on__isnull=True) | Q(result_on__gte=F("referred_on")),
                name="referral_result_not_before_referral",
            ),
        ]

    def __str__(self):
        return f"{self.issue.code} {self.get_service_display()}"
