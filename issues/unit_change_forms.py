"""The merge and split forms (staff); what they do is ``issues.unit_changes``."""

from django import forms
from django.utils import timezone

from campaigns.models import UnionUnit


def _active_units():
    return UnionUnit.objects.filter(is_active=True).order_by("sort_order", "name")


class MergeForm(forms.Form):
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


class SplitForm(forms.Form):
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
