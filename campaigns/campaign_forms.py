"""Forms of the campaign pages: the copy preview (editable) and the comparison picker."""

from django import forms
from django.contrib.auth import get_user_model

from campaigns.copying import TeamPlan
from campaigns.models import Campaign, UnionUnit
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CopyForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    """The new campaign's header and, per team of the source, its name, leader, members and units."""

    name = forms.CharField(label="活动名称", max_length=100)
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    goals = forms.CharField(label="工作目标", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    work_plan = forms.CharField(label="工作方案", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, plans: list[TeamPlan], header: dict, **kwargs):
        super().__init__(*args, initial=header, **kwargs)
        people = get_user_model().objects.filter(is_active=True, is_superuser=False).order_by("username")
        units = UnionUnit.objects.filter(is_active=True)
        self.team_keys = []
        for i, plan in enumerate(plans):
            key = f"team{i}"
            self.team_keys.append(key)
            self.fields[f"{key}_name"] = forms.CharField(label="小组名称", max_length=40, initial=plan.name)
            self.fields[f"{key}_leader"] = LeaderChoice(
                label="组长", queryset=people, required=False, initial=plan.leader.pk if plan.leader else None
            )
            self.fields[f"{key}_members"] = PersonChoice(
                label="组员",
                queryset=people,
                required=False,
                initial=[u.pk for u in plan.members],
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"{key}_units"] = forms.ModelMultipleChoiceField(
                label="蹲点单位",
                queryset=units,
                required=False,
                initial=[u.pk for u in plan.units],
                widget=forms.CheckboxSelectMultiple,
            )
        self.sort_orders = [plan.sort_order for plan in plans]

    def team_fields(self):
        return [
            [self[f"{key}_name"], self[f"{key}_leader"], self[f"{key}_members"], self[f"{key}_units"]]
            for key in self.team_keys
        ]

    def header(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "start_date", "end_date", "goals", "work_plan")}

    def plans(self) -> list[TeamPlan]:
        out = []
        for key, order in zip(self.team_keys, self.sort_orders, strict=True):
            leader = self.cleaned_data[f"{key}_leader"]
            members = [u for u in self.cleaned_data[f"{key}_members"] if leader is None or u.pk != leader.pk]
            out.append(
                TeamPlan(
                    name=self.cleaned_data[f"{key}_name"].strip(),
                    sort_order=order,
                    leader=leader,
                    members=members,
                    units=list(self.cleaned_data[f"{key}_units"]),
                )
            )
        return out


class CompareForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    campaigns = forms.ModelMultipleChoiceField(
        label="比较的活动", queryset=Campaign.objects.order_by("-start_date"), widget=forms.CheckboxSelectMultiple
    )
