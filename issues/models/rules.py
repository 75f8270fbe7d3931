"""What staff keep for tickets: deadline rules per source and the weights of the combined score."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..choices import (
    Category,
    Source,
    Urgency,
)


class DeadlineRule(models.Model):
    """Response and resolution deadlines for a source (and optionally a category / urgency).

    Blank category or urgency means "any". The most specific matching rule wins
    (see ``issues.services.deadline_rule_for``). Each deadline is either hours on
    the clock or working days on the calendar (end of that working day).
    """

    source = models.CharField("来源", max_length=10, choices=Source.choices)
    category = models.CharField(
        "类别", max_length=14, choices=Category.choices, blank=True, help_text="留空表示所有类别"
    )
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, blank=True, help_text="留空表示所有")
    response_hours = models.PositiveSmallIntegerField("响应时限（小时）", default=0)
    response_workdays = models.PositiveSmallIntegerField("响应时限（工作日）", default=0)
    resolution_hours = models.PositiveSmallIntegerField("办结时限（小时）", default=0)
    resolution_workdays = models.PositiveSmallIntegerField("办结时限（工作日）", default=0)
    note = models.CharField("说明", max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "办理时限规则"
        verbose_name_plural = "办理时限规则"
        ordering = ["source", "category", "urgency"]
        constraints = [
            models.UniqueConstraint(fields=["source", "category", "urgency"], name="deadlinerule_unique_scope"),
            models.CheckConstraint(
                condition=(Q(response_hours=0) & Q(response_workdays__gt=0))
                | (Q(response_hours__gt=0) & Q(response_workdays=0)),
                name="deadlinerule_response_hours_xor_days",
            ),
            models.CheckConstraint(
                condition=(Q(resolution_hours=0) & Q(resolution_workdays__gt=0))
                | (Q(resolution_hours__gt=0) & Q(resolution_workdays=0)),
                name="deadlinerule_resolution_hours_xor_days",
            ),
        ]

    def __str__(self):
        scope = " · ".join(
            x for x in (self.get_source_display(), self.get_category_display(), self.get_urgency_display()) if x
        )
        return f"{scope}：响应{self.response_label}，办结{self.resolution_label}"

    @property
    def response_label(self):
        return f"{self.response_hours}小时" if self.response_hours else f"{self.response_workdays}个工作日"

    @property
    def resolution_label(self):
        return f"{self.resolution_hours}小时" if self.resolution_hours else f"{self.resolution_workdays}个工作日"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if bool(self.response_hours) == bool(self.response_workdays):
            errors["response_hours"] = "响应时限请填写小时或工作日其中一项（另一项填0）。"
        if bool(self.resolution_hours) == bool(self.resolution_workdays):
            errors["resolution_hours"] = "办结时限请填写小时或工作日其中一项（另一项填0）。"
        if errors:
            raise ValidationError(errors)


class RateWeights(models.Model):
    """The weights of the combined score (综合得分), kept by staff. One row (pk=1)."""

    response_weight = models.PositiveSmallIntegerField("响应率权重", default=30)
    resolution_weight = models.PositiveSmallIntegerField("解决率权重", default=35)
    satisfaction_weight = models.PositiveSmallIntegerField("满意率权重", default=35)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "考核权重"
        verbose_name_plural = "考核权重"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="rateweights_singleton"),
            models.CheckConstraint(
                condition=Q(response_weight__gt=0) | Q(resolution_weight__gt=0) | Q(satisfaction_weight__gt=0),
                name="rateweights_not_all_zero",
            ),
        ]

    def __str__(self):
        return f"响应率{self.response_weight} / 解决率{self.resolution_weight} / 满意率{self.satisfaction_weight}"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        if not (self.response_weight or self.resolution_weight or self.satisfaction_weight):
            raise ValidationError("三项权重不能都为0。")

    @classmethod
    def current(cls) -> "RateWeights":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
