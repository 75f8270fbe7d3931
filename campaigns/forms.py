"""Forms for enterprises: create/edit, union-status change, and the list filter."""

from django import forms
from django.utils import timezone

from campaigns import permissions
from campaigns.models import Assignment, Enterprise, UnionStatus, UnionUnit, WorkerGroup, WorkTeam
from campaigns.services import MECHANISM_FIELDS, create_enterprise, find_likely_duplicates
from campaigns.validators import normalize_credit_code, validate_phone
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.ModelForm):
    """Create or edit an enterprise.

    On create the starting union status (and its date) is asked too; later
    changes go through the status form so each step is dated and attributed.
    A likely duplicate by name must be confirmed with "仍要保存"; a credit code
    that already exists is an error.
    """

    union_status = forms.ChoiceField(label="建会状态", choices=UnionStatus.choices, initial=UnionStatus.NONE)
    union_status_date = forms.DateField(
        label="状态日期", required=False, widget=DATE_INPUT, help_text="建会状态为“未建会”以外时填写，默认今天。"
    )
    confirm_duplicate = forms.BooleanField(label="仍要保存", required=False, help_text="确认这不是已有企业的重复登记。")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "unit",
            "address",
            "industry",
            "contact_name",
            "contact_phone",
            "is_new_form",
            "is_eight_group",
            "eight_group",
            "headcount",
            "union_members",
            *MECHANISM_FIELDS,
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.is_new = self.instance.pk is None
        self.duplicates = None
        units = permissions.units_for_new_enterprise(user) if self.is_new else UnionUnit.objects.filter(is_active=True)
        if not self.is_new:
            units = UnionUnit.objects.filter(pk__in=units.values("pk")) | UnionUnit.objects.filter(
                pk=self.instance.unit_id
            )
            # The status has its own dated form; mechanisms follow it.
            del self.fields["union_status"]
            del self.fields["union_status_date"]
            if not self.instance.has_union:
                # Mechanisms belong to an enterprise with a union: not offered before.
                for name in MECHANISM_FIELDS:
                    del self.fields[name]
        self.fields["unit"].queryset = units.order_by("sort_order", "name")
        self.fields["unit"].empty_label = "请选择"
        self.fields["eight_group"].queryset = WorkerGroup.objects.filter(is_eight_group=True)
        self.fields["eight_group"].empty_label = "（不属于八大群体）"
        self.fields["credit_code"].widget.attrs.update({"autocapitalize": "characters", "spellcheck": "false"})
        self.fields["headcount"].widget.attrs["min"] = 0
        self.fields["union_members"].widget.attrs["min"] = 0
        self.fields["union_members"].help_text = "可大于职工人数（会员含离退休等），保存后会提示核对。"
        for name in MECHANISM_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = "仅已建会企业可勾选"

    @property
    def needs_duplicate_confirmation(self):
        return bool(self.duplicates and self.duplicates.similar_names)

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data.get("credit_code", ""))

    def clean_contact_phone(self):
        phone = (self.cleaned_data.get("contact_phone") or "").strip()
        if phone:
            validate_phone(phone)
        return phone

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit and self.is_new and not permissions.units_for_new_enterprise(self.user).filter(pk=unit.pk).exists():
            raise forms.ValidationError("只能在本组负责的蹲点单位下新建企业。")
        return unit

    def clean(self):
        cleaned = super().clean()
        self._check_eight_group(cleaned)
        self._check_mechanisms(cleaned)
        self._check_duplicates(cleaned)
        return cleaned

    def _check_eight_group(self, cleaned):
        flagged, group = cleaned.get("is_eight_group"), cleaned.get("eight_group")
        if group and not flagged:
            self.add_error("eight_group", "选择八大群体前，请先勾选“八大员企业”。")
        elif flagged and not group and "eight_group" not in self.errors:
            self.add_error("eight_group", "勾选了“八大员企业”，请选择所属的八大群体。")

    def _check_mechanisms(self, cleaned):
        status = cleaned.get("union_status") if self.is_new else self.instance.union_status
        if status == UnionStatus.ESTABLISHED:
            return
        for name in MECHANISM_FIELDS:
            if cleaned.get(name):
                self.add_error(name, "尚未建会的企业不能勾选工会工作机制，请先将建会状态改为“已建会”。")

    def _check_duplicates(self, cleaned):
        name, code = cleaned.get("name"), cleaned.get("credit_code")
        if not name and not code:
            return
        self.duplicates = find_likely_duplicates(name or "", code or "", exclude_pk=self.instance.pk)
        same = self.duplicates.same_code
        if same and "credit_code" not in self.errors:
            self.add_error("credit_code", f"该统一社会信用代码已存在：{same.name}（{same.unit}），请勿重复登记。")
        if self.duplicates.similar_names and not cleaned.get("confirm_duplicate"):
            names = "、".join(f"{e.name}（{e.unit}）" for e in self.duplicates.similar_names)
            self.add_error("name", f"可能与已有企业重复：{names}。如确认不是同一家企业，请勾选下方“仍要保存”后再提交。")

    def save_new(self, *, by):
        """Save a new enterprise with its starting status (a dated step if not 未建会)."""
        enterprise = self.save(commit=False)
        return create_enterprise(
            enterprise,
            by=by,
            status=self.cleaned_data["union_status"],
            status_on=self.cleaned_data.get("union_status_date"),
        )

    @property
    def members_exceed_headcount(self):
        data = getattr(self, "cleaned_data", {})
        return (data.get("union_members") or 0) > (data.get("headcount") or 0)

    def clean_union_status_date(self):
        day = self.cleaned_data.get("union_status_date")
        if day and day > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return day


class StatusChangeForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    to_status = forms.ChoiceField(label="新的建会状态", choices=UnionStatus.choices)
    changed_on = forms.DateField(label="变更日期", widget=DATE_INPUT)
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="例如：8月9日沟通会后表态建会")
    members_joined = forms.IntegerField(
        label="建会时入会人数",
        min_value=0,
        required=False,
        help_text="变更为“已建会”时填写：建会时加入工会的职工人数。",
    )

    def __init__(self, *args, enterprise, **kwargs):
        kwargs.setdefault("initial", {"changed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["to_status"].choices = [
            (value, label) for value, label in UnionStatus.choices if value != enterprise.union_status
        ]
        # Offer the next step of the funnel first.
        funnel = UnionStatus.values
        current = funnel.index(enterprise.union_status)
        if current + 1 < len(funnel):
            self.initial.setdefault("to_status", funnel[current + 1])


YES_NO = [("", "全部"), ("1", "是"), ("0", "否")]


class EnterpriseFilterForm(BoundedFieldsMixin, forms.Form):
    q = forms.CharField(
        label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "企业名称或信用代码"})
    )
    unit = forms.ModelChoiceField(
        label="蹲点单位", queryset=UnionUnit.objects.none(), required=False, empty_label="全部单位"
    )
    team = forms.ModelChoiceField(
        label="蹲点小组", queryset=WorkTeam.objects.none(), required=False, empty_label="全部小组"
    )
    status = forms.ChoiceField(label="建会状态", choices=[("", "全部状态"), *UnionStatus.choices], required=False)
    new_form = forms.ChoiceField(label="新业态", choices=YES_NO, required=False)
    eight_group = forms.ChoiceField(label="八大员", choices=YES_NO, required=False)
    group = forms.ModelChoiceField(
        label="八大群体", queryset=WorkerGroup.objects.none(), required=False, empty_label="全部群体"
    )
    key = forms.ChoiceField(label="重点企业", choices=YES_NO, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnionUnit.objects.order_by("sort_order", "name")
        # Who covers which unit is no secret (the unit list shows it); the latest campaign's teams first.
        self.fields["team"].queryset = WorkTeam.objects.select_related("campaign").order_by(
            "-campaign__start_date", "sort_order", "name"
        )
        self.fields["team"].label_from_instance = lambda team: f"{team.campaign.name} · {team.name}"
        self.fields["group"].queryset = WorkerGroup.objects.filter(is_eight_group=True).order_by("sort_order", "name")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if q := data.get("q", "").strip():
            from django.db.models import Q

            queryset = queryset.filter(Q(name__icontains=q) | Q(credit_code__icontains=normalize_credit_code(q)))
        if data.get("unit"):
            queryset = queryset.filter(unit=data["unit"])
        if data.get("team"):
            # A subquery, not a join: an enterprise stays one row whatever the assignments.
            units = Assignment.objects.filter(team=data["team"]).values("unit_id")
            queryset = queryset.filter(unit__in=units)
        if data.get("status"):
            queryset = queryset.filter(union_status=data["status"])
        if data.get("new_form"):
            queryset = queryset.filter(is_new_form=data["new_form"] == "1")
        if data.get("eight_group"):
            queryset = queryset.filter(is_eight_group=data["eight_group"] == "1")
        if data.get("group"):
            queryset = queryset.filter(eight_group=data["group"])
        if data.get("key"):
            queryset = queryset.filter(is_key=data["key"] == "1")
        return queryset
