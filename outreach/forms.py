"""Forms of the service sites, the projects, the conversion of an enterprise and the key mark."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from campaigns import roles
from campaigns.models import Campaign, TeamMembership, UnionUnit, WorkTeam
from campaigns.permissions import team_unit_ids
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin

from .models import Project, ServiceSite

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOX = {"class": "form-check-input"}


def units_for_sites(user):
    units = UnionUnit.objects.filter(is_active=True).order_by("sort_order", "name")
    if roles.can_manage_master_data(user):
        return units
    return units.filter(pk__in=team_unit_ids(user))


class ServiceSiteForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.ModelForm):
    services = forms.MultipleChoiceField(
        label="服务项目",
        choices=ServiceSite.Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )

    class Meta:
        model = ServiceSite
        fields = [
            "name",
            "kind",
            "unit",
            "address",
            "operator",
            "services",
            "opening_hours",
            "status",
            "contact_name",
            "contact_phone",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "请填写阵地名称。"},
            "kind": {"required": "请选择阵地类型。"},
            "unit": {"required": "请选择服务阵地所属的蹲点单位。"},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = units_for_sites(user)
        if self.instance.pk:
            units = units | UnionUnit.objects.filter(pk=self.instance.unit_id)
        self.fields["unit"].queryset = units.distinct()
        self.fields["unit"].error_messages["invalid_choice"] = "该单位不是您所在小组的蹲点单位，不能在此登记服务阵地。"
        self.fields["services"].error_messages["invalid_choice"] = "未知的服务项目。"

    def clean_services(self):
        # Kept in the order of the choices, whatever order the browser sent.
        chosen = set(self.cleaned_data.get("services") or [])
        return [value for value in ServiceSite.Service.values if value in chosen]

    def clean(self):
        cleaned = super().clean()
        name, unit = cleaned.get("name"), cleaned.get("unit")
        if name and unit:
            same = ServiceSite.objects.filter(unit=unit, name=name).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("name", "该单位已有同名的服务阵地。")
        return cleaned

    def validate_unique(self):
        pass  # said in words in clean(); the database constraint backs it


class SiteFilterForm(BoundedFieldsMixin, forms.Form):
    q = forms.CharField(
        label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "名称、地址或运营方"})
    )
    unit = forms.ModelChoiceField(
        label="蹲点单位", queryset=UnionUnit.objects.none(), required=False, empty_label="全部单位"
    )
    kind = forms.ChoiceField(label="类型", choices=[("", "全部类型"), *ServiceSite.Kind.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *ServiceSite.Status.choices], required=False)
    service = forms.ChoiceField(
        label="服务项目", choices=[("", "全部服务"), *ServiceSite.Service.choices], required=False
    )
    team = forms.ModelChoiceField(
        label="蹲点小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )

    def __init__(self, *args, units, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["team"].queryset = teams

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        from django.db.models import Q

        data = self.cleaned_data
        if q := (data.get("q") or "").strip():
            queryset = queryset.filter(Q(name__icontains=q) | Q(address__icontains=q) | Q(operator__icontains=q))
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("team"):
            # The units the team covers in its campaign (the dashboard opens the list by team).
            from campaigns.models import Assignment

            queryset = queryset.filter(unit__in=Assignment.objects.filter(team=data["team"]).values("unit_id"))
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("service"):
            # JSON lists: compared in Python (a unit has a handful of sites), the same on SQLite and PostgreSQL.
            wanted = data["service"]
            ids = [pk for pk, services in queryset.values_list("pk", "services") if wanted in (services or [])]
            queryset = queryset.filter(pk__in=ids)
        return queryset


class ConvertEnterpriseForm(ChinesePromptsMixin, forms.Form):
    kind = forms.ChoiceField(label="服务阵地类型", choices=ServiceSite.Kind.choices)
    name = forms.CharField(label="阵地名称", max_length=120, required=False, help_text="留空则沿用企业记录的名称。")
    confirm = forms.BooleanField(
        label="确认：这条记录不是企业，而是服务阵地",
        error_messages={"required": "请勾选确认：转换后它不再计入企业和建会统计。"},
    )


class KeyEnterpriseForm(forms.Form):
    is_key = forms.BooleanField(label="重点企业", required=False)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ProjectForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.ModelForm):
    responsible = UserChoiceField(queryset=None, label="责任干部", required=False)

    class Meta:
        model = Project
        fields = ["team", "unit", "title", "responsible", "beneficiaries", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "请填写实事名称。"},
            "team": {"required": "请选择负责小组。"},
            "unit": {"required": "请选择蹲点单位。"},
            "beneficiaries": {"required": "请填写服务对象（哪些职工受益）。"},
        }

    def __init__(self, *args, user, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        team_ids = [t.pk for t in teams]
        if self.instance.pk:
            team_ids = [self.instance.team_id]
        self.fields["team"].queryset = WorkTeam.objects.filter(pk__in=team_ids).select_related("campaign")
        self.fields["team"].error_messages["invalid_choice"] = "只能为自己所在的蹲点小组登记办实事项目。"
        if len(team_ids) == 1:
            # One team (a cadre's own, or the project's on edit): chosen silently, never from the post.
            self.initial["team"] = team_ids[0]
            self.fields["team"].disabled = True
            self.fields["team"].widget = forms.HiddenInput()
        from campaigns.models import Assignment

        self.fields["unit"].queryset = UnionUnit.objects.filter(
            pk__in=Assignment.objects.filter(team_id__in=team_ids).values("unit_id")
        ).order_by("sort_order", "name")
        self.fields["unit"].error_messages["invalid_choice"] = "该单位不是负责小组的蹲点单位。"
        members = TeamMembership.objects.current().filter(team_id__in=team_ids).values("user_id")
        people = get_user_model().objects.filter(pk__in=members, is_active=True)
        if self.instance.responsible_id:
            people = people | get_user_model().objects.filter(pk=self.instance.responsible_id)
        self.fields["responsible"].queryset = people.distinct().order_by("first_name", "username")
        self.fields["responsible"].error_messages["invalid_choice"] = "责任干部应是负责小组的成员。"

    def clean(self):
        cleaned = super().clean()
        team, unit = cleaned.get("team"), cleaned.get("unit")
        if team and unit:
            from .services import check_project

            probe = Project(team=team, unit=unit)
            try:
                check_project(probe)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field, messages)
        return cleaned


class ProjectStatusForm(BoundedFieldsMixin, forms.Form):
    status = forms.ChoiceField(label="新状态", choices=Project.Status.choices)
    completed_on = forms.DateField(
        label="办结日期", required=False, widget=DATE_INPUT, help_text="办结时填写，默认今天。"
    )
    result = forms.CharField(label="成效", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].error_messages["invalid"] = "日期格式应为 年-月-日，例如 2026-09-30。"


class ProjectFilterForm(BoundedFieldsMixin, forms.Form):
    campaign = forms.ModelChoiceField(
        label="蹲点活动", queryset=Campaign.objects.none(), required=False, empty_label="全部活动"
    )
    team = forms.ModelChoiceField(
        label="小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )
    unit = forms.ModelChoiceField(
        label="蹲点单位", queryset=UnionUnit.objects.none(), required=False, empty_label="全部单位"
    )
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *Project.Status.choices], required=False)

    def __init__(self, *args, teams, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = Campaign.objects.order_by("-start_date")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        for name in ("campaign", "team", "unit", "status"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        return queryset
