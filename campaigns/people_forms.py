"""Forms of the people pages (memberships and accounts), for office staff."""

from django import forms
from django.utils import timezone

from campaigns.models import Campaign, TeamMembership, WorkTeam
from dundian.bounds import BoundedFieldsMixin
from dundian.forms import ChinesePromptsMixin


class TeamChoiceField(forms.ModelChoiceField):
    """Teams of every campaign are labelled with the campaign's year (WorkTeam.__str__)."""


class MoveForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    team = TeamChoiceField(label="调入小组", queryset=WorkTeam.objects.none(), empty_label="请选择小组")
    role = forms.ChoiceField(label="在新小组中的角色", choices=TeamMembership.Role.choices, initial="member")
    on = forms.DateField(label="调动日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["on"].initial = today
        running = Campaign.objects.filter(end_date__gte=today)
        self.fields["team"].queryset = WorkTeam.objects.filter(campaign__in=running).order_by(
            "-campaign__start_date", "sort_order", "name"
        )


class LeaveForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    on = forms.DateField(label="离开日期", widget=forms.DateInput(attrs={"type": "date"}))
    confirm = forms.BooleanField(label="确认停用该账号，并把其未办结工单移交组长", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
