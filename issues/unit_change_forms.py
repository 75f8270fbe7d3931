"""The merge and split forms (staff); what they do is ``issues.unit_changes``."""

from django import forms
from django.utils import timezone

from campaigns.models import Assignment, UnionUnit, WorkTeam
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin


def _active_units():
    return UnionUnit.objects.filter(is_active=True).order_by("sort_order", "name")


class MergeForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label="合并的原单位", queryset=UnionUnit.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="新单位由所选第一个（按列表顺序）有分工的单位所在小组负责。",
    )  # fmt: skip
    new_name = forms.CharField(label="合并后的新单位名称", max_length=60)
    on_date = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="如：区政府批复文号")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = _active_units()
        self.fields["on_date"].initial = timezone.localdate()

    def plan_args(self):
        d = self.cleaned_data
        return {"kind": "merge", "on_date": d["on_date"], "sources": list(d["sources"]), "new_names": [d["new_name"]]}


class SplitForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    source = forms.ModelChoiceField(label="拆分的原单位", queryset=UnionUnit.objects.none())
    new_names = forms.CharField(
        label="拆分后的新单位名称", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个。原单位的未办结工单、未完成计划和企业归入第一行的单位。",
    )  # fmt: skip
    on_date = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="如：区政府批复文号")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = _active_units()
        self.fields["on_date"].initial = timezone.localdate()

    def clean_new_names(self):
        names = [n.strip() for n in self.cleaned_data["new_names"].splitlines() if n.strip()]
        too_long = [n for n in names if len(n) > 60]
        if too_long:
            raise forms.ValidationError(f"单位名称不超过60个字：{too_long[0]}")
        return names

    def plan_args(self):
        d = self.cleaned_data
        return {"kind": "split", "on_date": d["on_date"], "sources": [d["source"]], "new_names": d["new_names"]}


class AssignmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.campaign.start_date:%Y}年 {obj.unit}（{obj.team.name}）"


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.campaign.start_date:%Y}年 {obj.name}"


class HandoverForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    assignment = AssignmentChoiceField(label="移交的单位（当前负责小组）", queryset=Assignment.objects.none())
    to_team = TeamChoiceField(label="接收的小组", queryset=WorkTeam.objects.none())
    on_date = forms.DateField(
        label="移交日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="接收小组自这一天起负责。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Latest campaign first; a date outside the campaign is refused by the service.
        self.fields["assignment"].queryset = (
            Assignment.objects.current()
            .select_related("campaign", "unit", "team")
            .order_by("-campaign__start_date", "unit__sort_order")
        )
        self.fields["to_team"].queryset = WorkTeam.objects.select_related("campaign").order_by(
            "-campaign__start_date", "sort_order"
        )
        self.fields["on_date"].initial = timezone.localdate()
