"""Forms of the ledger pages: what to export, what to import."""

from django import forms
from django.conf import settings

from campaigns.models import Assignment, Campaign, UnionUnit, WorkTeam
from campaigns.roles import led_team_ids, sees_everything
from dundian.bounds import BoundedFieldsMixin, bounded_id
from dundian.forms import ChinesePromptsMixin

from .scope import SHEET_CHOICES, SHEET_KEYS, LedgerFilters


def _exportable_teams(user):
    teams = WorkTeam.objects.select_related("campaign").order_by("campaign", "sort_order", "name")
    return teams if sees_everything(user) else teams.filter(pk__in=led_team_ids(user))


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ExportForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none(), label="蹲点活动", empty_label=None)
    teams = TeamChoiceField(
        queryset=WorkTeam.objects.none(),
        label="小组",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="不选即为全部（组长只能导出本组）。",
    )
    units = UnitChoiceField(
        queryset=UnionUnit.objects.none(),
        label="蹲点单位",
        required=False,
        # Check boxes, not a multi-select: Ctrl-click does not exist on a phone.
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="不选即为所选小组负责的全部单位。",
    )
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sheets = forms.MultipleChoiceField(
        label="导出的表",
        choices=SHEET_CHOICES,
        initial=SHEET_KEYS,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "请至少选择一张表。"},
    )

    by_successor = forms.BooleanField(
        label="覆盖情况按现单位汇总",
        required=False,
        help_text="已合并或拆分的单位，其记录计入现在的承继单位（原记录仍记在原单位名下）。",
    )

    def __init__(self, *args, user, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = _exportable_teams(user)
        campaigns = Campaign.objects.filter(teams__in=teams).distinct().order_by("-is_active", "-start_date")
        self.fields["campaign"].queryset = campaigns
        # Teams and units of the chosen campaign only (the page reloads the form when it changes).
        wanted = self.data.get("campaign") if self.is_bound else campaign
        wanted_id = bounded_id(wanted if not hasattr(wanted, "pk") else wanted.pk) if wanted else None
        chosen = campaigns.filter(pk=wanted_id).first() if wanted_id else None
        chosen = chosen or campaigns.current()  # the campaign running today (issue 11)
        if chosen is not None:
            teams = teams.filter(campaign=chosen)
            self.initial.setdefault("campaign", chosen)
        self.fields["teams"].queryset = teams
        unit_ids = Assignment.objects.filter(team__in=teams).values("unit_id")
        self.fields["units"].queryset = UnionUnit.objects.filter(pk__in=unit_ids).order_by("sort_order", "name")
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = "请输入正确的日期，例如 2026-08-01。"
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["campaign"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        campaign, teams, units = data.get("campaign"), data.get("teams") or [], data.get("units") or []
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        if campaign:
            other = [t.name for t in teams if t.campaign_id != campaign.pk]
            if other:
                self.add_error("teams", f"这些小组不属于所选蹲点活动：{'、'.join(other)}。")
            if units:
                covering = Assignment.objects.filter(campaign=campaign, unit__in=units)
                if teams:
                    covering = covering.filter(team__in=teams)
                covered = set(covering.values_list("unit_id", flat=True))
                outside = [u.name for u in units if u.pk not in covered]
                if outside:
                    self.add_error("units", f"这些单位不由所选小组负责：{'、'.join(outside)}。")
        return data

    def filters(self) -> LedgerFilters:
        data = self.cleaned_data
        return LedgerFilters(
            campaign_id=data["campaign"].pk,
            team_ids=[t.pk for t in data["teams"]],
            unit_ids=[u.pk for u in data["units"]],
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sheets=list(data["sheets"]),
            by_successor=bool(data.get("by_successor")),
        )


class ImportForm(BoundedFieldsMixin, forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        help_text="请使用下载的模板填写，表头在第1行。",
        error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "class": "form-control",
            }
        ),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"文件过大（上限 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB），请分批导入。"
            )
        return f


class TicketImportForm(ImportForm):
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.order_by("-is_active", "-start_date"),
        label="归入蹲点活动",
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="工单按所属单位分给该活动中负责该单位的小组。",
    )

    field_order = ["campaign", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("campaign", Campaign.objects.current())
