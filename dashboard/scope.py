"""What a dashboard request may show: campaign, teams and period, decided from role and filters.

Leadership, office staff and superusers choose among every team of a
campaign; anyone else (team leader or cadre) sees only the teams they belong
to. A team parameter naming a team the user may not see answers 404, as every
other-team record does (DESIGN.md §9). A user in no team at all gets 403 with
an explanation: there is nothing of theirs to show.
"""

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from campaigns.models import Campaign, WorkTeam
from campaigns.roles import sees_everything, team_ids_of
from dundian.bounds import BoundedFieldsMixin, bounded_id
from dundian.forms import ChinesePromptsMixin, ShortListModelChoiceField

NO_TEAM_MESSAGE = "您还没有加入任何蹲点工作小组，看板只显示本组的数据。请联系工作人员把您加入小组。"


class DashboardFilterForm(ChinesePromptsMixin, BoundedFieldsMixin, forms.Form):
    campaign = ShortListModelChoiceField(queryset=Campaign.objects.none(), label="蹲点活动", required=False)
    team = ShortListModelChoiceField(queryset=WorkTeam.objects.none(), label="小组", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, campaigns, teams, all_teams_label, **kwargs):
        """``teams``: the teams the user may choose, already read for the scope (a list)."""
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].empty_label = None
        self.fields["team"].queryset = WorkTeam.objects.filter(pk__in=[t.pk for t in teams])
        self.fields["team"].use_rows(teams)
        self.fields["team"].empty_label = all_teams_label
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f, forms.ModelChoiceField) else "form-control"
            )
        self.fields["date_from"].error_messages["invalid"] = "请输入正确的日期，例如 2026-08-01。"
        self.fields["date_to"].error_messages["invalid"] = "请输入正确的日期，例如 2026-08-31。"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "截止日期不能早于起始日期。")
            data["date_to"] = None
        return data


@dataclass
class Scope:
    """The resolved filters of one dashboard request."""

    user: object
    campaign: Campaign | None
    teams: list  # WorkTeam instances shown (all allowed ones, or the one chosen)
    team: WorkTeam | None  # the chosen team, None for "all teams"
    start: dt.date | None
    end: dt.date | None
    now: dt.datetime
    sees_all_teams: bool
    form: DashboardFilterForm = field(repr=False)

    @property
    def today(self):
        return timezone.localdate(self.now)

    @property
    def reference_day(self):
        """The day "days since last visit" counts to: today, or the period's end if that is earlier."""
        days = [self.today]
        if self.end:
            days.append(self.end)
        if self.campaign:
            days.append(self.campaign.end_date)
        return min(days)

    @property
    def team_ids(self):
        return [t.pk for t in self.teams]

    @property
    def is_empty(self):
        return self.campaign is None or not self.teams


def _campaign_id(value):
    if not value:
        return None
    campaign_id = bounded_id(value)
    if campaign_id is None:
        raise Http404("没有这个蹲点活动。")
    return campaign_id


def resolve_scope(request, *, now=None) -> Scope:
    """Read the campaign, team and period filters of ``request`` within what its user may see."""
    user = request.user
    now = now or timezone.now()
    everything = sees_everything(user)
    my_team_ids = [] if everything else team_ids_of(user)
    if not everything and not my_team_ids:
        raise PermissionDenied(NO_TEAM_MESSAGE)

    campaigns = Campaign.objects.visible_to(user)
    if not everything:
        campaigns = campaigns.filter(teams__in=my_team_ids).distinct()

    wanted = _campaign_id(request.GET.get("campaign"))
    if wanted is None:
        campaign = campaigns.current()
    else:
        campaign = campaigns.filter(pk=wanted).first()
        if campaign is None:
            raise Http404("没有这个蹲点活动，或您不在它的任何小组中。")

    teams_qs = WorkTeam.objects.none()
    if campaign is not None:
        teams_qs = WorkTeam.objects.visible_to(user).filter(campaign=campaign).order_by("sort_order", "name")
    allowed = list(teams_qs)

    raw_team = request.GET.get("team") or ""
    if raw_team and raw_team not in {str(t.pk) for t in allowed}:
        # Another team's dashboard, or a forged value: the same answer as another team's record.
        raise Http404("没有这个小组，或您无权查看它。")

    data = request.GET.copy()
    if campaign is not None:
        data["campaign"] = str(campaign.pk)
    form = DashboardFilterForm(
        data,
        campaigns=campaigns.order_by("-is_active", "-start_date"),
        teams=allowed,
        all_teams_label="全部小组" if everything or len(allowed) > 1 else None,
    )
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    team = next((t for t in allowed if str(t.pk) == raw_team), None)
    if team is None and not everything and len(allowed) == 1:
        team = allowed[0]
    return Scope(
        user=user,
        campaign=campaign,
        teams=[team] if team else allowed,
        team=team,
        start=cleaned.get("date_from"),
        end=cleaned.get("date_to"),
        now=now,
        sees_all_teams=everything,
        form=form,
    )


def team_scope_for_home(request, *, now=None) -> Scope:
    """The home page's scope: the user's own teams in the current campaign, whole period."""
    user = request.user
    now = now or timezone.now()
    my_team_ids = team_ids_of(user)
    if not my_team_ids:
        raise PermissionDenied(NO_TEAM_MESSAGE)
    campaign = Campaign.objects.filter(teams__in=my_team_ids).distinct().current()
    teams = list(WorkTeam.objects.filter(pk__in=my_team_ids, campaign=campaign).order_by("sort_order", "name"))
    return Scope(
        user=user,
        campaign=campaign,
        teams=teams,
        team=teams[0] if len(teams) == 1 else None,
        start=None,
        end=None,
        now=now,
        sees_all_teams=False,
        form=None,
    )
