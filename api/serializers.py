"""What goes in and out of the ticket endpoints.

In: the fields of the hotline import (``ledger.imports.tickets``), by value
rather than by Excel label, every message in Chinese, unknown fields refused.
Out: a ticket with its timeline; the worker's data masked unless the client
holds the personal-data scope (``context["unmasked"]``).
"""

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Assignment, Campaign, Enterprise, UnionUnit
from campaigns.validators import normalize_credit_code, validate_credit_code, validate_id_number, validate_phone
from issues import masking
from issues.choices import Category, Source, Urgency
from mediation.choices import CaseOutcome

from .messages import zh

HOTLINE_SOURCES = [Source.HOTLINE_12345, Source.HOTLINE_12351]
EARLIEST_RECEIVED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# A hotline server's clock may run a little ahead of ours.
CLOCK_SKEW = dt.timedelta(minutes=5)


def _choices_text(choices) -> str:
    return "、".join(f"{value}（{label}）" for value, label in choices)


def _choice(choices, label, **kwargs):
    return zh(
        serializers.ChoiceField,
        choices=choices,
        error_messages={"invalid_choice": f"“{{input}}”不是有效的{label}，应为：{_choices_text(choices)}"},
        **kwargs,
    )


class TicketInSerializer(serializers.Serializer):
    """A hotline ticket as the platform sends it."""

    source = _choice(
        [(s.value, s.label) for s in HOTLINE_SOURCES], "来源", help_text="12345 或 12351（须为本客户端代表的来源）"
    )
    hotline_number = zh(
        serializers.CharField, max_length=40, help_text="热线系统的工单编号；同一来源同一编号只登记一次"
    )
    category = _choice(Category.choices, "类别")
    urgency = _choice(Urgency.choices, "紧急程度", required=False, default=Urgency.ORDINARY)
    unit = zh(serializers.CharField, max_length=60, help_text="蹲点单位名称，须为当前活动中有小组负责的单位")
    title = zh(serializers.CharField, max_length=120, help_text="诉求摘要")
    description = zh(serializers.CharField, max_length=5000, help_text="诉求内容")
    received_at = zh(serializers.DateTimeField, help_text="热线受理时间（ISO 8601；不带时区按北京时间）")
    worker_name = zh(serializers.CharField, max_length=40, required=False, allow_blank=True, default="")
    worker_phone = zh(serializers.CharField, max_length=20, required=False, allow_blank=True, default="")
    worker_id_number = zh(serializers.CharField, max_length=18, required=False, allow_blank=True, default="")
    enterprise_credit_code = zh(
        serializers.CharField,
        max_length=18,
        required=False,
        allow_blank=True,
        default="",
        help_text="涉及企业的统一社会信用代码，须为系统中已有企业",
    )

    def __init__(self, *args, client=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["请求体应为一个 JSON 对象。"]})
        unknown = sorted(set(data) - set(self.fields))
        errors = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors.update(exc.detail)
            value = None
        for name in unknown:
            errors[str(name)[:60]] = [f"不认识的字段“{str(name)[:60]}”；可用的字段：{'、'.join(self.fields)}"]
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate_source(self, value):
        if self.client is not None and self.client.source and value != self.client.source:
            raise serializers.ValidationError(f"本客户端只能提交来源为 {self.client.source} 的工单。")
        return value

    def validate_hotline_number(self, value):
        value = value.strip()
        if not value:
            raise serializers.ValidationError("必填。")
        return value

    def validate_received_at(self, value):
        if value < EARLIEST_RECEIVED:
            raise serializers.ValidationError("受理时间不能早于 2000 年。")
        if value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError("受理时间不能晚于当前时间。")
        return value

    def validate_title(self, value):
        return self._required_text(value)

    def validate_description(self, value):
        return self._required_text(value)

    @staticmethod
    def _required_text(value):
        if not value.strip():
            raise serializers.ValidationError("必填，不能只有空格。")
        return value.strip()

    @staticmethod
    def _django_check(validator, value):
        try:
            validator(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages[0]) from exc
        return value

    def validate_worker_phone(self, value):
        value = value.strip()
        return self._django_check(validate_phone, value) if value else ""

    def validate_worker_id_number(self, value):
        value = value.strip().upper()
        return self._django_check(validate_id_number, value) if value else ""

    def validate_enterprise_credit_code(self, value):
        code = normalize_credit_code(value)
        if not code:
            return None
        self._django_check(validate_credit_code, code)
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise serializers.ValidationError(f"系统中没有统一社会信用代码为 {code} 的企业。")
        return enterprise

    def validate_unit(self, value):
        name = value.strip()
        unit = UnionUnit.objects.filter(name=name).first()
        if unit is None:
            raise serializers.ValidationError(f"系统中没有“{name}”这个单位。")
        campaign = Campaign.objects.current()
        assignment = (
            Assignment.objects.filter(campaign=campaign, unit=unit).current().select_related("team", "campaign").first()
            if campaign
            else None
        )
        if assignment is None:
            raise serializers.ValidationError(f"“{name}”在当前蹲点活动中没有负责的小组。")
        return assignment


class WorkerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="职工姓名（无个人信息权限时脱敏，如 张*）")
    phone = serializers.CharField(help_text="联系电话（无权限时如 138****5678）")
    id_number = serializers.CharField(help_text="身份证号（无权限时如 110***********4512）")


class EnterpriseOutSerializer(serializers.Serializer):
    name = serializers.CharField()
    credit_code = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="操作：create 登记、accept 受理、escalate 上报、resolve 办结……")
    kind_label = serializers.CharField(source="get_kind_display")
    at = serializers.DateTimeField(source="created_at")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    from_step = serializers.IntegerField(allow_null=True, help_text="处理层级 1–4")
    to_step = serializers.IntegerField(allow_null=True)
    escalated_to = serializers.CharField(help_text="上报至（上报时的接收单位）")
    reply_on = serializers.DateField(allow_null=True)
    follow_up_on = serializers.DateField(allow_null=True)
    note = serializers.SerializerMethodField(help_text="说明（可能含个人信息：无个人信息权限时为 null）")

    @extend_schema_field(OpenApiTypes.STR)
    def get_note(self, action):
        return action.note if self.context.get("unmasked") else None


class TicketSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="本系统工单编号，如 DX-2026-00012")
    source = serializers.CharField()
    source_label = serializers.CharField(source="get_source_display")
    hotline_number = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    urgency = serializers.CharField()
    status = serializers.CharField(help_text="new 待受理、processing 办理中、closed 已办结")
    status_label = serializers.CharField(source="get_status_display")
    escalation_step = serializers.IntegerField(help_text="处理层级：1 企业内部解决 … 4 解释说明并上报")
    escalation_step_label = serializers.CharField(source="get_escalation_step_display")
    escalated_to = serializers.CharField(help_text="最近一次上报的接收单位")
    closing_kind = serializers.CharField(help_text="办结方式：solved 解决、explained 解释说明；未办结为空")
    satisfaction = serializers.CharField(help_text="回访满意度：satisfied、basically、unsatisfied；未回访为空")
    satisfaction_at = serializers.DateTimeField(allow_null=True)
    unit = serializers.CharField(source="unit.name")
    team = serializers.CharField(source="team.name")
    title = serializers.CharField()
    description = serializers.SerializerMethodField(help_text="诉求内容（无个人信息权限时为 null）")
    worker = serializers.SerializerMethodField()
    enterprise = serializers.SerializerMethodField()
    personal_data_masked = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField()
    response_due = serializers.DateTimeField()
    resolution_due = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    reply_on = serializers.DateField(allow_null=True)
    follow_up_on = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()
    timeline = ActionSerializer(source="actions.all", many=True)

    def _unmasked(self):
        return bool(self.context.get("unmasked"))

    @extend_schema_field(OpenApiTypes.STR)
    def get_description(self, issue):
        return issue.description if self._unmasked() else None

    @extend_schema_field(WorkerSerializer)
    def get_worker(self, issue):
        if self._unmasked():
            return {"name": issue.worker_name, "phone": issue.worker_phone, "id_number": issue.worker_id_number}
        return {
            "name": masking.mask_name(issue.worker_name),
            "phone": masking.mask_phone(issue.worker_phone),
            "id_number": masking.mask_id_number(issue.worker_id_number),
        }

    @extend_schema_field(EnterpriseOutSerializer(allow_null=True))
    def get_enterprise(self, issue):
        if issue.enterprise is None:
            return None
        return {"name": issue.enterprise.name, "credit_code": issue.enterprise.credit_code or ""}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_personal_data_masked(self, issue):
        return not self._unmasked()


# --- 言和 case updates (PUT /api/v1/yanhe-cases/{case_number}) ---------------------------

EARLIEST_DAY = dt.date(2000, 1, 1)


def _day(label, **kwargs):
    return zh(serializers.DateField, help_text=f"{label}（YYYY-MM-DD）", **kwargs)


class YanheCaseInSerializer(serializers.Serializer):
    """The 言和 platform's word on one case; the case number is in the address."""

    outcome = _choice(CaseOutcome.choices, "调解结果")
    outcome_on = _day("结果日期；调解中（pending）时不填", required=False, allow_null=True, default=None)
    amount = zh(
        serializers.DecimalField,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="调解金额（元），仅调解成功（settled）时填写",
    )
    hotline_number = zh(
        serializers.CharField,
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="系统中还没有这个案件编号时：据此找到工单并登记移交言和",
    )
    handed_over_on = _day(
        "移交言和的日期；首次登记时使用，默认为结果日期或今天", required=False, allow_null=True, default=None
    )

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": ["请求体应为一个 JSON 对象。"]})
        unknown = sorted(set(data) - set(self.fields))
        errors = {}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors.update(exc.detail)
            value = None
        for name in unknown:
            errors[str(name)[:60]] = [f"不认识的字段“{str(name)[:60]}”；可用的字段：{'、'.join(self.fields)}"]
        if errors:
            raise serializers.ValidationError(errors)
        return value

    @staticmethod
    def _check_day(value, label):
        if value is None:
            return None
        if value < EARLIEST_DAY:
            raise serializers.ValidationError(f"{label}不能早于 2000 年。")
        if value > timezone.localdate():
            raise serializers.ValidationError(f"{label}不能晚于今天。")
        return value

    def validate_outcome_on(self, value):
        return self._check_day(value, "结果日期")

    def validate_handed_over_on(self, value):
        return self._check_day(value, "移交日期")

    def validate_hotline_number(self, value):
        return value.strip()


class YanheCaseSerializer(serializers.Serializer):
    """What ``apply_case_update`` did (a ``CaseUpdate``): the case as the API answers it."""

    case_number = serializers.CharField(source="case.case_number", help_text="言和案件编号")
    ticket = serializers.CharField(source="case.issue.code", help_text="工单编号")
    hotline_number = serializers.CharField(source="case.issue.hotline_number", help_text="热线工单号")
    outcome = serializers.CharField(source="case.outcome", help_text="pending / settled / arbitration / withdrawn")
    outcome_label = serializers.CharField(source="case.get_outcome_display", help_text="调解结果（中文）")
    handed_over_on = serializers.DateField(source="case.handed_over_on", help_text="移交言和的日期")
    outcome_on = serializers.DateField(source="case.outcome_on", allow_null=True, help_text="结果日期")
    amount = serializers.DecimalField(
        source="case.amount", max_digits=12, decimal_places=2, allow_null=True, help_text="调解金额（元）"
    )
    created = serializers.BooleanField(help_text="这次调用是否新登记了移交言和")
    changed = serializers.BooleanField(help_text="这次调用是否改变了案件（重复报告同样的结果为 false）")
