"""Forms of the issue pages: create/edit, the list filters, and the action forms."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.models import Assignment, Enterprise, TeamMembership, UnionUnit, WorkTeam
from campaigns.roles import is_office_staff, sees_everything, team_ids_of
from campaigns.validators import validate_id_number, validate_phone
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin
from visits.models import Visit

from .models import Category, EscalationStep, Satisfaction, Source, Status, WorkerIssue

User = get_user_model()

HOTLINE_SOURCES = {Source.HOTLINE_12345, Source.HOTLINE_12351, Source.YANHE}


def creatable_teams(user):
    """Teams ``user`` may create tickets for: own teams; every team for staff and superusers.

    Leadership only comments (批示) and so creates nothing.
    """
    qs = WorkTeam.objects.select_related("campaign").order_by("-campaign__start_date", "sort_order", "name")
    if user.is_superuser or is_office_staff(user):
        return qs
    return qs.filter(pk__in=team_ids_of(user))


class IssueForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.ModelForm):
    """Create and edit a ticket. Team and campaign are fixed on edit (routing is an action)."""

    confirm_duplicate = forms.BooleanField(
        label="我已核实，仍要登记（不是重复诉求）", required=False, widget=forms.CheckboxInput()
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = WorkerIssue
        fields = [
            "team",
            "unit",
            "source",
            "hotline_number",
            "category",
            "urgency",
            "enterprise",
            "visit",
            "worker_name",
            "worker_phone",
            "worker_id_number",
            "title",
            "description",
            "received_at",
            "project",
        ]
        widgets = {
            "visit": forms.HiddenInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "hotline_number": "12345、12351、言和平台等转来的工单请填写原工单号，用于查重。",
            "received_at": "热线工单填写热线派单时间；留空则为当前时间。",
            "worker_id_number": "18位，最后一位可为X。",
        }

    def __init__(self, *args, user, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.user = user
        self.duplicates = []
        self.is_edit = instance is not None and instance.pk is not None
        self.fields["received_at"].required = False
        self.fields["received_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).order_by("name")
        self.fields["enterprise"].required = False
        self.fields["visit"].required = False
        # outreach.Project, read through the field: issues never imports outreach (a higher app).
        projects = self.fields["project"].queryset.model.objects.visible_to(user)
        if self.is_edit:
            projects = projects.filter(team_id=instance.team_id)
        self.fields["project"].queryset = projects.select_related("team").order_by("-created_at")
        self.fields["project"].required = False
        self.fields["project"].empty_label = "不属于办实事项目"
        self.fields["project"].error_messages["invalid_choice"] = "所选办实事项目不存在或您无权查看。"
        if self.is_edit:
            for name in ("team", "received_at", "visit"):
                del self.fields[name]
            self.fields["unit"].queryset = UnionUnit.objects.filter(
                assignments__team_id=instance.team_id, assignments__campaign_id=instance.campaign_id
            ).order_by("sort_order", "name")
            self.fields["version"].initial = instance.version
        else:
            del self.fields["version"]
            teams = creatable_teams(user)
            self.fields["team"].queryset = teams
            self.fields["unit"].queryset = (
                UnionUnit.objects.filter(assignments__team__in=teams).distinct().order_by("sort_order", "name")
            )
            self.fields["visit"].queryset = Visit.objects.visible_to(user)
            if teams.count() == 1 and not self.is_bound:
                self.fields["team"].initial = teams.first()

    def clean_worker_phone(self):
        value = (self.cleaned_data.get("worker_phone") or "").strip()
        if value:
            validate_phone(value)
        return value

    def clean_worker_id_number(self):
        value = (self.cleaned_data.get("worker_id_number") or "").strip().upper()
        if value:
            validate_id_number(value)
        return value

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError("受理登记时间不能晚于当前时间。")
        return value

    def clean_hotline_number(self):
        return (self.cleaned_data.get("hotline_number") or "").strip()

    def clean(self):
        data = super().clean()
        team = data.get("team") if not self.is_edit else self.instance.team
        unit = data.get("unit")
        if team and unit and not Assignment.objects.filter(campaign_id=team.campaign_id, team=team, unit=unit).exists():
            self.add_error("unit", "该单位不是所选小组在本次活动中的蹲点单位。")
        enterprise = data.get("enterprise")
        if enterprise and unit and enterprise.unit_id != unit.pk:
            self.add_error("enterprise", "所选企业不属于该单位，请重新选择（只能登记本组蹲点单位的企业）。")
        project = data.get("project")
        if project and team and project.team_id != team.pk:
            self.add_error("project", "所选办实事项目不属于该小组。")
        visit = data.get("visit")
        if visit and team and visit.team_id != team.pk:
            self.add_error("visit", "该走访记录不属于所选小组。")
        source = data.get("source")
        if source in HOTLINE_SOURCES and not data.get("hotline_number"):
            self.add_error("hotline_number", "热线及平台转来的工单请填写原工单号。")
        self._check_duplicates(data, team)
        return data

    def _check_duplicates(self, data, team):
        """Hotline numbers are unique: refused, naming the ticket only to those who may see it.

        The likely-duplicate warning looks only at tickets whose worker the user
        sees unmasked (``personal_data_visible_to``), so no guess at a name, phone
        or ID number is ever confirmed to someone who sees it masked (issue 12).
        """
        others = WorkerIssue.objects.all()
        if self.is_edit:
            others = others.exclude(pk=self.instance.pk)
        number = data.get("hotline_number")
        if number and data.get("source"):
            clash = others.filter(source=data["source"], hotline_number=number)
            if clash.exists():
                seen = clash.visible_to(self.user).first()
                named = f"（{seen.code}）" if seen else ""
                self.add_error("hotline_number", f"该来源的工单号“{number}”已登记{named}，请勿重复登记。")
        # Same worker + enterprise + category with a ticket still open: a warning the user confirms.
        name, phone, id_number = data.get("worker_name"), data.get("worker_phone"), data.get("worker_id_number")
        enterprise, category = data.get("enterprise"), data.get("category")
        if (name or phone or id_number) and enterprise and category and not self.errors:
            candidates = (
                others.personal_data_visible_to(self.user).open().filter(enterprise=enterprise, category=category)
            )
            if phone:
                candidates = candidates.with_phone(phone)
            elif id_number:
                candidates = candidates.with_id_number(id_number)
            else:
                candidates = candidates.filter(worker_name=name)
            self.duplicates = list(candidates.values_list("code", flat=True))
            if self.duplicates and not data.get("confirm_duplicate"):
                self.add_error(
                    "confirm_duplicate",
                    f"该职工在同一企业已有同类未办结诉求（{'、'.join(self.duplicates)}），"
                    "可能是重复登记。核实后请勾选确认再提交。",
                )


class IssueFilterForm(BoundedFieldsMixin, forms.Form):
    VIEWS = [
        ("", "全部"),
        ("open", "未办结"),
        ("mine", "我的"),
        ("team", "本组"),
        ("due_soon", "即将到期"),
        ("overdue", "已超期"),
        ("escalated", "已上报"),
        ("closed", "已办结"),
    ]
    view = forms.ChoiceField(label="快捷视图", choices=VIEWS, required=False, widget=forms.HiddenInput)
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "工单号、热线号、职工姓名/电话/身份证号、企业"}),
    )
    source = forms.ChoiceField(label="来源", choices=[("", "全部来源"), *Source.choices], required=False)
    category = forms.ChoiceField(label="类别", choices=[("", "全部类别"), *Category.choices], required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态"), *Status.choices], required=False)
    step = forms.TypedChoiceField(
        label="层级", choices=[("", "全部层级"), *EscalationStep.choices], coerce=int, required=False, empty_value=None
    )
    team = forms.ModelChoiceField(
        label="小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )
    unit = forms.ModelChoiceField(
        label="单位", queryset=UnionUnit.objects.none(), required=False, empty_label="全部单位"
    )
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.all(), required=False, widget=forms.HiddenInput
    )
    start = forms.DateField(label="登记自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="登记至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        teams = WorkTeam.objects.visible_to(user).select_related("campaign").order_by("campaign", "sort_order")
        self.fields["team"].queryset = teams
        if sees_everything(user):
            self.fields["unit"].queryset = UnionUnit.objects.order_by("sort_order", "name")
        else:
            self.fields["unit"].queryset = (
                UnionUnit.objects.filter(assignments__team_id__in=team_ids_of(user)).distinct().order_by("sort_order")
            )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "结束日期不能早于开始日期。")
        return data


class ActionForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    """One form for every action; the workflow decides which fields matter."""

    kind = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    to_step = forms.TypedChoiceField(
        label="上报至层级", choices=EscalationStep.choices, coerce=int, required=False, empty_value=None
    )
    escalated_to = forms.CharField(label="上报至（单位或部门）", required=False, max_length=100)
    reply_on = forms.DateField(label="答复日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    follow_up_on = forms.DateField(
        label="跟进日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="到期未办结时提醒承办人和组长",
    )
    attachment = forms.FileField(
        label="书面答复（可选）", required=False, help_text="PDF、图片或 Word 文件，不超过10MB"
    )
    team = forms.ModelChoiceField(label="接收小组", queryset=WorkTeam.objects.none(), required=False)
    unit = forms.ModelChoiceField(
        label="转交后的所属单位",
        queryset=UnionUnit.objects.none(),
        required=False,
        empty_label="不变（该单位现由接收小组负责时）",
    )
    handler = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), required=False)
    satisfaction = forms.ChoiceField(label="满意度", choices=[("", "请选择"), *Satisfaction.choices], required=False)

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = User.objects.filter(
            pk__in=TeamMembership.objects.current().filter(campaign_id=issue.campaign_id).values("user_id")
        )
        self.fields["team"].queryset = WorkTeam.objects.filter(campaign_id=issue.campaign_id)
        self.fields["unit"].queryset = UnionUnit.objects.filter(assignments__campaign_id=issue.campaign_id).order_by(
            "sort_order", "name"
        )
        self.fields["to_step"].choices = [
            (value, f"第{value}级 · {label}")
            for value, label in EscalationStep.choices
            if value > issue.escalation_step
        ]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in REPLY_SUFFIXES:
            raise forms.ValidationError("书面答复请上传 PDF、JPG、PNG 或 Word 文件。")
        if upload.size > REPLY_MAX_BYTES:
            raise forms.ValidationError("书面答复文件不能超过10MB。")
        return upload


REPLY_SUFFIXES = {"pdf", "jpg", "jpeg", "png", "doc", "docx"}
REPLY_MAX_BYTES = 10 * 1024 * 1024


# Suggested bodies for each step of the ladder (the field stays free text).
ESCALATION_TARGETS = {
    EscalationStep.LOCAL_GOVERNMENT: "属地党委政府",
    EscalationStep.MULTI_PARTY: "多部门联席协调",
    EscalationStep.EXPLAIN_AND_REPORT: "相关职能部门",
}
