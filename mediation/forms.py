"""Forms of mediation pages: each checks the shape of the input; the services check the rules."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from campaigns.models import Campaign, Enterprise, UnionUnit, WorkTeam
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin

from .choices import BodyKind, BodyStatus, CaseOutcome, ReferralResult, ReferralService
from .models import MediationBody

# ISO in the value: a browser's date input ignores the zh-hans "2026/12/01" form.
DATE = {"type": "date"}


def _day(label, required=True, **kwargs):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"), **kwargs
    )


def _amount():
    return forms.DecimalField(
        label="调解金额（元）",
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="涉及金钱给付时填写",
        error_messages={"min_value": "调解金额不能为负数。", "invalid": "请输入金额，例如 12000.00。"},
    )


class HandOverForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    case_number = forms.CharField(label="言和案件编号", max_length=40)
    handed_over_on = _day("移交日期")
    body = forms.ModelChoiceField(
        label="参与调解的组织", queryset=MediationBody.objects.none(), required=False, empty_label="无"
    )
    note = forms.CharField(label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, issue, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("handed_over_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = MediationBody.objects.filter(unit_id=issue.unit_id).order_by("name")


class OutcomeForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="调解结果", choices=[(v, label) for v, label in CaseOutcome.choices if v != CaseOutcome.PENDING]
    )
    outcome_on = _day("结果日期", help_text="调解成功时为达成协议的日期")
    amount = _amount()


class ReferralForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    service = forms.ChoiceField(label="转介服务", choices=[("", "请选择转介服务"), *ReferralService.choices])
    referred_on = _day("转介日期")
    provider = forms.CharField(label="承接机构", required=False, max_length=100)
    note = forms.CharField(label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("referred_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReferralResultForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    result = forms.ChoiceField(
        label="结果", choices=[(v, label) for v, label in ReferralResult.choices if v != ReferralResult.PENDING]
    )
    result_on = _day("反馈日期")
    note = forms.CharField(label="结果说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class BodyForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择类型"), *BodyKind.choices])
    unit = forms.ModelChoiceField(label="所属单位", queryset=UnionUnit.objects.none())
    location = forms.CharField(label="所在园区/楼宇", required=False, max_length=120)
    enterprise = forms.ModelChoiceField(
        label="所在企业", queryset=Enterprise.objects.none(), required=False, empty_label="无（不设在企业内）"
    )
    members = forms.CharField(
        label="成员/参与方",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：工会、人社、司法、法院、企业代表、职工代表",
    )
    status = forms.ChoiceField(label="状态", choices=BodyStatus.choices)
    status_on = _day("状态日期")
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("status_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("sort_order", "name")
        self.fields["unit"].error_messages["invalid_choice"] = (
            "所选单位不是您所在小组负责的单位，不能在此登记调解组织。"
        )
        self.fields["enterprise"].queryset = Enterprise.objects.filter(unit__in=units).order_by("name")


class BodyStatusForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    to_status = forms.ChoiceField(label="新状态", choices=BodyStatus.choices)
    on = _day("变更日期")
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class TargetForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    campaign = forms.ModelChoiceField(label="蹲点活动", queryset=Campaign.objects.all())
    unit = forms.ModelChoiceField(label="单位", queryset=UnionUnit.objects.filter(is_active=True))
    kind = forms.ChoiceField(label="调解组织类型", choices=[("", "请选择类型"), *BodyKind.choices])
    count = forms.IntegerField(label="目标数量", min_value=1, max_value=99, initial=1)
    note = forms.CharField(label="说明", required=False, max_length=200)


class FilterFormMixin(BoundedFieldsMixin):
    """Bootstrap classes on every field of a list's filter form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm" if isinstance(f, forms.ChoiceField) else "form-control form-control-sm",
            )


class CaseFilterForm(FilterFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label="蹲点活动", queryset=Campaign.objects.all(), required=False)
    team = forms.ModelChoiceField(
        label="小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )
    unit = forms.ModelChoiceField(
        label="单位", queryset=UnionUnit.objects.all(), required=False, empty_label="全部单位"
    )
    outcome = forms.ChoiceField(label="结果", choices=[("", "全部结果"), *CaseOutcome.choices], required=False)
    date_from = _day("移交日期自", required=False)
    date_to = _day("至", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].empty_label = "全部活动"
        self.fields["team"].queryset = WorkTeam.objects.visible_to(user).order_by("campaign", "sort_order")


class ReferralFilterForm(FilterFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label="蹲点活动", queryset=Campaign.objects.all(), required=False)
    team = forms.ModelChoiceField(
        label="小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )
    service = forms.ChoiceField(label="服务", choices=[("", "全部服务"), *ReferralService.choices], required=False)
    result = forms.ChoiceField(label="结果", choices=[("", "全部结果"), *ReferralResult.choices], required=False)
    date_from = _day("转介日期自", required=False)
    date_to = _day("至", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].empty_label = "全部活动"
        self.fields["team"].queryset = WorkTeam.objects.visible_to(user).order_by("campaign", "sort_order")


class BodyFilterForm(FilterFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label="蹲点活动", queryset=Campaign.objects.all(), required=False)
    team = forms.ModelChoiceField(
        label="小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )
    unit = forms.ModelChoiceField(
        label="单位", queryset=UnionUnit.objects.all(), required=False, empty_label="全部单位"
    )
    kind = forms.ChoiceField(label="类型", choices=[("", "全部类型"), *BodyKind.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *BodyStatus.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].empty_label = "全部活动"
        self.fields["team"].queryset = WorkTeam.objects.visible_to(user).order_by("campaign", "sort_order")
