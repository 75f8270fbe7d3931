"""The visit form a cadre fills in on a phone, its recruitment rows, and the plan form."""

import datetime as dt
import json

from django import forms
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Enterprise, WorkerGroup, WorkTeam
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin

from .models import CareItem, PlannedVisit, Recruitment, Visit
from .photos import PixelBudget, process_photo
from .services import leaders_for, members_of_teams, units_of_teams

MAX_PHOTOS_PER_SAVE = 12
UNIT_NOT_OF_TEAM = "该单位不是本小组在本次活动中的蹲点单位。"
ENTERPRISE_NOT_OF_UNIT = "所选企业不属于该蹲点单位，请重新选择。"
CADRE_NOT_OF_TEAM = "所选干部不是本小组成员。"
SITE_NOT_OF_UNIT = "所选服务阵地不属于该蹲点单位，请重新选择。"
PROJECT_NOT_OF_TEAM = "所选办实事项目不是本小组的项目。"
CHECKBOX = {"class": "form-check-input"}


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CadreChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once; each is checked and cleaned by visits.photos."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS_PER_SAVE:
            raise forms.ValidationError(f"一次最多上传 {MAX_PHOTOS_PER_SAVE} 张照片。")
        errors, processed = [], []
        budget = PixelBudget()  # one save decodes at most PHOTO_MAX_PIXELS_PER_SAVE pixels in all
        for upload in files:
            try:
                processed.append(process_photo(upload, budget))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return processed


class TeamUnitFormMixin:
    """Team, unit, enterprise (and cadre) choices narrowed to what this user may pick.

    The chosen team and unit come from the posted data, the initial values or
    the instance, in that order, so the htmx refresh of the dependent fields
    and the final validation narrow the choices the same way.
    """

    has_cadres = False
    form_kind = "visit"

    def _refresh_attrs(self):
        """htmx: re-render the dependent fields when the team or unit changes."""
        return {
            "hx-get": reverse("visits:form_fields"),
            "hx-vals": json.dumps({"form": self.form_kind}),
            "hx-target": "#team-unit-fields",
            "hx-swap": "outerHTML",
            "hx-trigger": "change",
            "hx-include": "[name='team'], [name='unit'], [name='enterprises'], [name='sites'], [name='cadres'], "
            "[name='leader'], [name='project']",
        }

    def setup_choices(self, teams, fixed_team=None):
        self.allowed_teams = list(teams)
        team_field = self.fields["team"]
        team_field.queryset = WorkTeam.objects.filter(pk__in=[t.pk for t in self.allowed_teams])
        team_field.empty_label = "请选择小组"
        team_field.error_messages["invalid_choice"] = "只能为自己所在的蹲点小组填报。"
        if fixed_team is not None or len(self.allowed_teams) == 1:
            team = fixed_team or self.allowed_teams[0]
            self.initial["team"] = team.pk
            team_field.disabled = True
            team_field.widget = forms.HiddenInput()
            self.fixed_team = team
        else:
            self.fixed_team = None
            team_field.widget.attrs.update(self._refresh_attrs())

        team = self.chosen_team()
        teams_for_units = [team] if team else self.allowed_teams
        unit_field = self.fields["unit"]
        unit_field.queryset = units_of_teams(teams_for_units)
        unit_field.empty_label = "请选择蹲点单位"
        unit_field.error_messages["invalid_choice"] = UNIT_NOT_OF_TEAM
        unit_field.widget.attrs.update(self._refresh_attrs())
        unit_ids = list(unit_field.queryset.values_list("pk", flat=True))
        if not self.is_bound and not self.initial.get("unit") and len(unit_ids) == 1:
            self.initial["unit"] = unit_ids[0]

        unit_id = self.chosen_unit_id(unit_ids)
        enterprise_field = self.fields["enterprises"]
        enterprise_field.queryset = (
            Enterprise.objects.filter(unit_id=unit_id).order_by("name") if unit_id else Enterprise.objects.none()
        )
        enterprise_field.error_messages["invalid_choice"] = ENTERPRISE_NOT_OF_UNIT
        if "sites" in self.fields:
            # outreach.ServiceSite, read through the field: visits never imports outreach (a higher app).
            site_field = self.fields["sites"]
            sites = site_field.queryset.model.objects
            site_field.queryset = sites.filter(unit_id=unit_id).order_by("kind", "name") if unit_id else sites.none()
            site_field.error_messages["invalid_choice"] = SITE_NOT_OF_UNIT
        if "project" in self.fields:
            project_field = self.fields["project"]
            projects = project_field.queryset.model.objects
            project_field.queryset = projects.filter(team=team).order_by("-created_at") if team else projects.none()
            project_field.empty_label = "不属于办实事项目"
            project_field.error_messages["invalid_choice"] = PROJECT_NOT_OF_TEAM
        if self.has_cadres:
            cadre_field = self.fields["cadres"]
            cadre_field.queryset = members_of_teams(teams_for_units)
            if self.instance.pk:
                # Someone who has since left the team stays on the visits they went on.
                cadre_field.queryset = members_of_teams(teams_for_units, also=self.instance.cadres.all())
            cadre_field.error_messages["invalid_choice"] = CADRE_NOT_OF_TEAM
            cadre_field.error_messages["required"] = "请至少选择一名参加干部。"
            leader_field = self.fields["leader"]
            leader_field.queryset = leaders_for(teams_for_units, current=self.instance.leader_id)
            leader_field.empty_label = "无（未有领导带队）"
            leader_field.error_messages["invalid_choice"] = "所选带队领导不在可选名单中。"

    def _raw(self, name):
        if self.is_bound and not self.fields[name].disabled:
            return self.data.get(self.add_prefix(name))
        value = self.initial.get(name)
        if value is None and self.instance.pk:
            value = getattr(self.instance, f"{name}_id", None)
        return getattr(value, "pk", value)

    def chosen_team(self):
        if self.fixed_team is not None:
            return self.fixed_team
        team_id = _int_or_none(self._raw("team"))
        return next((t for t in self.allowed_teams if t.pk == team_id), None)

    def chosen_unit_id(self, unit_ids):
        unit_id = _int_or_none(self._raw("unit"))
        return unit_id if unit_id in unit_ids else None

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        if team is not None:
            # The current campaign is the team's campaign; model.clean() checks the rest.
            self.instance.campaign = team.campaign
            self.instance.team = team
        return cleaned


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class VisitForm(ChinesePromptsMixin, BoundedFieldsMixin, TeamUnitFormMixin, forms.ModelForm):
    has_cadres = True
    photos = PhotosField(
        label="照片",
        help_text="可一次选择多张，上传前会自动压缩；位置等隐私信息会被清除。",
        widget=MultipleFileInput(attrs={"accept": "image/*", "data-photo-resize": "1", "class": "visually-hidden"}),
    )
    cadres = CadreChoiceField(queryset=None, label="参加干部", widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX))
    leader = LeaderChoiceField(queryset=None, label="带队领导", required=False)

    class Meta:
        model = Visit
        fields = [
            "team",
            "unit",
            "date",
            "kind",
            "place",
            "enterprises",
            "sites",
            "cadres",
            "leader",
            "people_met",
            "workers_reached",
            "summary",
            "operations_findings",
            "mood_findings",
            "hotspot_findings",
            "project",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enterprises": forms.CheckboxSelectMultiple(attrs=CHECKBOX),
            "sites": forms.CheckboxSelectMultiple(attrs=CHECKBOX),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "operations_findings": forms.Textarea(attrs={"rows": 2}),
            "mood_findings": forms.Textarea(attrs={"rows": 2}),
            "hotspot_findings": forms.Textarea(attrs={"rows": 2}),
            "workers_reached": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        error_messages = {
            "summary": {"required": "请填写工作内容。"},
            "date": {"required": "请填写走访日期。", "invalid": "日期格式应为 年-月-日，例如 2026-08-04。"},
            "unit": {"required": "请选择蹲点单位。"},
            "team": {"required": "请选择小组。"},
            "workers_reached": {"invalid": "请填写整数。", "min_value": "覆盖职工人数不能为负数。"},
        }

    def __init__(self, *args, user, teams, initial=None, **kwargs):
        given = dict(initial or {})
        super().__init__(*args, initial=given, **kwargs)
        self.user = user
        fixed = self.instance.team if self.instance.pk else None
        if not self.is_bound and not self.instance.pk:
            self.initial["date"] = given.get("date") or timezone.localdate()
            if "cadres" not in given:
                self.initial["cadres"] = [user.pk]
        self.setup_choices(teams, fixed_team=fixed)
        self.fields["workers_reached"].required = False
        self.fields["workers_reached"].min_value = 0
        self.fields["enterprises"].required = False
        self.fields["sites"].required = False
        self.fields["project"].required = False

    def clean_workers_reached(self):
        value = self.cleaned_data.get("workers_reached")
        if value is None:
            return 0
        if value < 0:
            raise forms.ValidationError("覆盖职工人数不能为负数。")
        return value

    def clean_date(self):
        day = self.cleaned_data.get("date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("走访日期不能晚于今天；以后的安排请填在工作计划里。")
        return day


class RecruitmentForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Recruitment
        fields = ["group", "count"]
        widgets = {
            "group": forms.Select(attrs={"class": "form-select", "aria-label": "群体"}),
            "count": forms.NumberInput(
                attrs={"min": 1, "inputmode": "numeric", "class": "form-control", "aria-label": "入会人数"}
            ),
        }
        error_messages = {
            "group": {"required": "请选择群体。"},
            "count": {"required": "请填写入会人数。", "invalid": "请填写整数。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkerGroup.objects.order_by("sort_order")
        self.fields["group"].empty_label = "选择群体"
        # The model says "positive"; give our own words for 0 and negatives.
        self.fields["count"].min_value = None
        self.fields["count"].validators = []

    def clean_count(self):
        count = self.cleaned_data.get("count")
        if count is not None and count < 0:
            raise forms.ValidationError("入会人数不能为负数。")
        if count == 0:
            raise forms.ValidationError("入会人数至少为 1；没有人入会请留空这一行。")
        return count


class BaseRecruitmentFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input me-1"

    def validate_unique(self):
        # Replaced by the check in clean(), which says it in words and next to the row.
        pass

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            group = form.cleaned_data.get("group")
            if group is None:
                continue
            if group.pk in seen:
                form.add_error("group", "同一群体只填一行，请把人数合并。")
            seen.add(group.pk)


RecruitmentFormSet = forms.inlineformset_factory(
    Visit,
    Recruitment,
    form=RecruitmentForm,
    formset=BaseRecruitmentFormSet,
    extra=2,
    max_num=8,
    validate_max=True,
    can_delete=True,
)


class CareItemForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.ModelForm):
    """One row of a 慰问 visit: who received what, how many of them, and what it was worth."""

    class Meta:
        model = CareItem
        fields = ["recipients", "people", "items", "value"]
        widgets = {
            "recipients": forms.TextInput(
                attrs={"class": "form-control", "aria-label": "慰问对象", "placeholder": "慰问对象"}
            ),
            "people": forms.NumberInput(
                attrs={"min": 1, "inputmode": "numeric", "class": "form-control", "aria-label": "慰问人数"}
            ),
            "items": forms.TextInput(attrs={"class": "form-control", "aria-label": "慰问品", "placeholder": "慰问品"}),
            "value": forms.NumberInput(
                attrs={
                    "min": 0,
                    "step": "0.01",
                    "inputmode": "decimal",
                    "class": "form-control",
                    "aria-label": "价值（元）",
                }
            ),
        }
        error_messages = {
            "recipients": {"required": "请填写慰问对象。"},
            "people": {"required": "请填写慰问人数。", "invalid": "请填写整数。"},
            "items": {"required": "请填写慰问品。"},
            "value": {"invalid": "请填写金额，例如 1200 或 35.50。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model says "positive" / "not negative"; give our own words for them.
        for name in ("people", "value"):
            self.fields[name].min_value = None
            self.fields[name].validators = [v for v in self.fields[name].validators if "Min" not in type(v).__name__]
        self.fields["value"].required = False

    def clean_people(self):
        people = self.cleaned_data.get("people")
        if people is not None and people < 0:
            raise forms.ValidationError("慰问人数不能为负数。")
        if people == 0:
            raise forms.ValidationError("慰问人数至少为 1；没有慰问对象请留空这一行。")
        return people

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if value is None:
            return 0
        if value < 0:
            raise forms.ValidationError("慰问品价值不能为负数。")
        return value


class BaseCareItemFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input me-1"


def bound_care_formset(data, instance, prefix):
    """The posted care rows, or None when the post has none at all (a draft saved before care rows existed)."""
    if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
        return None
    return CareItemFormSet(data, instance=instance, prefix=prefix)


def care_rows_fit_kind(form, care_formset) -> bool:
    """Care rows (who received what) belong to a 慰问 visit only; otherwise say so on the form."""
    if care_formset is None:
        return True
    filled = [f for f in care_formset.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
    if filled and form.cleaned_data.get("kind") != Visit.Kind.CARE:
        form.add_error("kind", "填写了慰问明细的走访，形式应为“慰问”；不是慰问请删除慰问明细。")
        return False
    return True


CareItemFormSet = forms.inlineformset_factory(
    Visit,
    CareItem,
    form=CareItemForm,
    formset=BaseCareItemFormSet,
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=True,
)


class PlannedVisitForm(ChinesePromptsMixin, BoundedFieldsMixin, TeamUnitFormMixin, forms.ModelForm):
    form_kind = "plan"

    class Meta:
        model = PlannedVisit
        fields = ["team", "unit", "date", "purpose", "enterprises"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enterprises": forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        }
        error_messages = {
            "purpose": {"required": "请填写计划内容。"},
            "date": {"required": "请填写计划日期。", "invalid": "日期格式应为 年-月-日，例如 2026-08-10。"},
            "unit": {"required": "请选择蹲点单位。"},
            "team": {"required": "请选择小组。"},
        }

    def __init__(self, *args, user, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        fixed = self.instance.team if self.instance.pk else None
        if not self.is_bound and not self.instance.pk:
            self.initial["date"] = self.initial.get("date") or timezone.localdate() + dt.timedelta(days=1)
        self.setup_choices(teams, fixed_team=fixed)
        self.fields["enterprises"].required = False
