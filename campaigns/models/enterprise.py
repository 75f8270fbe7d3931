"""Enterprises met in the field and their progress towards a union."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from campaigns import scoping
from campaigns.validators import normalize_credit_code, validate_credit_code

from .organisation import UnionUnit, WorkerGroup


class UnionStatus(models.TextChoices):
    """建会状态, in the order an enterprise moves through them."""

    NONE = "none", "未建会"
    CONTACTED = "contacted", "已对接"
    PROMISED = "promised", "表态建会"
    PREPARING = "preparing", "筹建中"
    ESTABLISHED = "established", "已建会"

    @classmethod
    def funnel(cls):
        return list(cls)


class EnterpriseQuerySet(scoping.ScopedQuerySet):
    def without_union(self):
        return self.exclude(union_status=UnionStatus.ESTABLISHED)


class EnterpriseManager(models.Manager.from_queryset(EnterpriseQuerySet)):
    """Enterprises that are enterprises: a record turned into a service site (``converted_at``) is left out.

    The default manager, so every list, count, funnel and ledger sheet leaves
    such a record out without each of them remembering to; foreign keys to it
    (a ticket's enterprise) still resolve through the base manager, and the
    record with its history stays in the database (``all_records``).
    """

    def get_queryset(self):
        return super().get_queryset().filter(converted_at__isnull=True)


class Enterprise(models.Model):
    name = models.CharField("企业名称", max_length=120)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text="18位，GB 32100-2015；不知道可先留空。",
    )
    unit = models.ForeignKey(
        UnionUnit, on_delete=models.PROTECT, related_name="enterprises", verbose_name="所属蹲点单位"
    )
    address = models.CharField("地址", max_length=200, blank=True)
    industry = models.CharField("行业", max_length=60, blank=True)
    contact_name = models.CharField("联系人", max_length=40, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    is_new_form = models.BooleanField("新业态企业", default=False, help_text="平台企业或新就业形态企业")
    is_eight_group = models.BooleanField("八大员企业", default=False)
    eight_group = models.ForeignKey(
        WorkerGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name="八大群体",
    )
    headcount = models.PositiveIntegerField("职工人数", default=0)
    union_members = models.PositiveIntegerField("工会会员数", default=0)
    union_status = models.CharField("建会状态", max_length=12, choices=UnionStatus.choices, default=UnionStatus.NONE)
    union_status_date = models.DateField("建会状态变更日期", null=True, blank=True)
    has_collective_bargaining = models.BooleanField("集体协商", default=False)
    has_democratic_management = models.BooleanField("民主管理/职代会", default=False)
    has_dispute_mediation = models.BooleanField("劳动争议调解", default=False)
    has_hardship_aid = models.BooleanField("帮扶救助", default=False)
    notes = models.TextField("备注", blank=True, max_length=2000)
    # 重点企业: marked by office staff (outreach.services.set_key_enterprise); the dashboard follows their first visits.
    is_key = models.BooleanField("重点企业", default=False)
    # Set once by outreach.services.convert_enterprise_to_site: the record was really a service site (驿站, 书屋 …).
    converted_at = models.DateTimeField("转为服务阵地时间", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    # Shared reference data: every signed-in user may look an enterprise up (campaigns/permissions.py).
    visibility = scoping.EveryoneSignedIn()
    objects = EnterpriseManager()
    all_records = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = "企业"
        default_manager_name = "objects"
        verbose_name_plural = "企业"
        ordering = ["unit__sort_order", "name"]
        indexes = [
            models.Index(fields=["name"], name="enterprise_name_idx"),
            models.Index(fields=["union_status", "union_status_date"], name="enterprise_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="enterprise_unique_credit_code"
            ),
            models.CheckConstraint(
                condition=Q(eight_group__isnull=True) | Q(is_eight_group=True),
                name="enterprise_eight_group_needs_flag",
            ),
            models.CheckConstraint(
                condition=Q(union_status="established")
                | Q(
                    has_collective_bargaining=False,
                    has_democratic_management=False,
                    has_dispute_mediation=False,
                    has_hardship_aid=False,
                ),
                name="enterprise_mechanisms_need_union",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = normalize_credit_code(self.credit_code)
        super().save(*args, **kwargs)

    @property
    def has_union(self):
        return self.union_status == UnionStatus.ESTABLISHED

    @property
    def union_not_started(self):
        """未建会: nobody has contacted it about a union yet."""
        return self.union_status == UnionStatus.NONE

    @property
    def mechanisms(self):
        """Names of the mechanisms an enterprise with a union runs."""
        pairs = [
            (self.has_collective_bargaining, "集体协商"),
            (self.has_democratic_management, "民主管理/职代会"),
            (self.has_dispute_mediation, "劳动争议调解"),
            (self.has_hardship_aid, "帮扶救助"),
        ]
        return [name for on, name in pairs if on]


class EnterpriseStatusChange(models.Model):
    """One dated, attributed step of an enterprise's union-building status."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="status_changes", verbose_name="企业"
    )
    from_status = models.CharField("原状态", max_length=12, choices=UnionStatus.choices)
    to_status = models.CharField("新状态", max_length=12, choices=UnionStatus.choices)
    changed_on = models.DateField("变更日期")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    # Workers who joined the union when it was founded (a step to 已建会 only).
    members_joined = models.PositiveIntegerField("建会时入会人数", default=0)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "建会状态变更"
        verbose_name_plural = "建会状态变更"
        ordering = ["-changed_on", "-created_at"]
        indexes = [models.Index(fields=["enterprise", "-changed_on"], name="statuschange_order_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(from_status=models.F("to_status")), name="statuschange_changes_status"),
            models.CheckConstraint(
                condition=Q(members_joined=0) | Q(to_status="established"), name="statuschange_members_at_founding"
            ),
        ]

    def __str__(self):
        return f"{self.enterprise}: {self.get_from_status_display()} → {self.get_to_status_display()}"
