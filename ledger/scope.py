"""Who may use the ledger, and what a ledger request covers for a given user.

One ``LedgerFilters`` travels from the form (or the command line) to the
sheets and, as JSON, into a background job; the user's scope is applied when
the ledger is built, so a job written by a worker still sees only what its
requester may see.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.models import Assignment, Campaign, UnionUnit, WorkTeam
from campaigns.roles import can_manage_master_data, led_team_ids, sees_everything

SHEET_CHOICES = [
    ("visits", "走访台账"),
    ("issues", "职工诉求台账"),
    ("enterprises", "未建会企业台账"),
    ("recruitment", "入会台账"),
    ("coverage", "覆盖情况汇总"),
    ("mediation_cases", "调解案件台账"),
    ("mediation_bodies", "调解组织台账"),
    ("sites", "服务阵地台账"),
    ("projects", "办实事项目台账"),
]
SHEET_KEYS = [key for key, _ in SHEET_CHOICES]


def can_export(user) -> bool:
    """Office staff, leadership, superusers and team leaders (their own teams)."""
    return user.is_authenticated and (sees_everything(user) or bool(led_team_ids(user)))


def can_import(user) -> bool:
    """Imports change master data and tickets: office staff and superusers only."""
    return can_manage_master_data(user)


def require_export(user) -> None:
    if not can_export(user):
        raise PermissionDenied("只有工作人员、领导和组长可以导出台账。")


def require_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied("只有工作人员可以导入数据。")


@dataclass
class LedgerFilters:
    campaign_id: int
    team_ids: list[int] = field(default_factory=list)  # empty: every team the user may see
    unit_ids: list[int] = field(default_factory=list)  # empty: every unit of those teams
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sheets: list[str] = field(default_factory=lambda: list(SHEET_KEYS))
    by_successor: bool = False  # 覆盖情况汇总: units merged or split summed under today's unit

    def to_params(self) -> dict:
        return {
            "campaign_id": self.campaign_id,
            "team_ids": sorted(self.team_ids),
            "unit_ids": sorted(self.unit_ids),
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "sheets": [s for s in SHEET_KEYS if s in self.sheets],
            "by_successor": self.by_successor,
        }

    @classmethod
    def from_params(cls, params: dict) -> "LedgerFilters":
        def day(v):
            return dt.date.fromisoformat(v) if v else None

        return cls(
            campaign_id=int(params["campaign_id"]),
            team_ids=[int(t) for t in params.get("team_ids") or []],
            unit_ids=[int(u) for u in params.get("unit_ids") or []],
            date_from=day(params.get("date_from")),
            date_to=day(params.get("date_to")),
            sheets=[s for s in SHEET_KEYS if s in (params.get("sheets") or SHEET_KEYS)],
            by_successor=bool(params.get("by_successor")),
        )


@dataclass
class LedgerScope:
    """The filters resolved against the database and the user's rights."""

    user: object
    campaign: Campaign
    teams: list  # WorkTeam, in display order
    units: list  # UnionUnit, in display order
    unit_team: dict  # unit_id -> WorkTeam (the team that covers it in the campaign)
    date_from: dt.date | None  # None: open (the whole campaign), as on the dashboard
    date_to: dt.date | None
    sheets: list[str]
    teams_filtered: bool
    units_filtered: bool
    exported_at: dt.datetime = field(default_factory=timezone.now)
    # Codes of the tickets whose workers the file shows unmasked (for the access log).
    unmasked_tickets: list = field(default_factory=list)
    by_successor: bool = False

    @property
    def team_ids(self):
        return [t.pk for t in self.teams]

    @property
    def unit_ids(self):
        return [u.pk for u in self.units]

    @property
    def starts_at(self) -> dt.datetime | None:
        """The period's start as an aware datetime (for tickets' received_at), or None."""
        if self.date_from is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date_from, dt.time.min))

    @property
    def ends_before(self) -> dt.datetime | None:
        if self.date_to is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min))

    def period_label(self) -> str:
        if self.date_from is None and self.date_to is None:
            c = self.campaign
            return f"活动全程（{c.start_date:%Y-%m-%d} 至 {c.end_date:%Y-%m-%d}）"
        start = f"{self.date_from:%Y-%m-%d}" if self.date_from else "不限"
        end = f"{self.date_to:%Y-%m-%d}" if self.date_to else "不限"
        return f"{start} 至 {end}"

    def describe(self) -> str:
        """The filters in words, for the title row of every sheet."""
        teams = "、".join(t.name for t in self.teams) if self.teams_filtered else "全部"
        units = "、".join(u.name for u in self.units) if self.units_filtered else "全部"
        if len(units) > 60:
            units = f"{units[:58]}…（共{len(self.units)}个）"
        exported = timezone.localtime(self.exported_at)
        return f"小组：{teams}　单位：{units}　期间：{self.period_label()}　导出时间：{exported:%Y-%m-%d %H:%M}"


def teams_for(user, campaign) -> list:
    """Teams of a campaign the user may export: all for staff and leadership, led teams for a leader."""
    teams = WorkTeam.objects.filter(campaign=campaign).order_by("sort_order", "name")
    if sees_everything(user):
        return list(teams)
    return list(teams.filter(pk__in=led_team_ids(user)))


def resolve(user, filters: LedgerFilters) -> LedgerScope:
    """Apply the user's rights to the filters; raises PermissionDenied when nothing is left."""
    require_export(user)
    campaign = Campaign.objects.visible_to(user).get(pk=filters.campaign_id)
    allowed = teams_for(user, campaign)
    if not allowed:
        raise PermissionDenied("您在该蹲点活动中没有可导出的小组。")
    teams = [t for t in allowed if t.pk in filters.team_ids] if filters.team_ids else allowed
    if filters.team_ids and len(teams) != len(set(filters.team_ids)):
        raise PermissionDenied("所选小组中有您无权导出的小组。")

    assignments = (
        Assignment.objects.filter(campaign=campaign, team__in=teams)
        .select_related("unit", "team__campaign")
        .order_by("unit__sort_order", "unit__name")
    )
    # A unit handed over mid-campaign has two assignments: the current team wins, the unit is listed once.
    unit_team = {}
    for a in sorted(assignments, key=lambda a: a.valid_to is None):
        unit_team[a.unit_id] = a.team
    units = list({a.unit_id: a.unit for a in assignments}.values())
    if filters.unit_ids:
        wanted = set(filters.unit_ids)
        units = [u for u in units if u.pk in wanted]
        if len(units) != len(wanted):
            # A unit outside the chosen teams: name it in the message, never export it.
            outside = UnionUnit.objects.filter(pk__in=wanted - {u.pk for u in units}).values_list("name", flat=True)
            raise PermissionDenied(f"所选单位不属于所选小组：{'、'.join(outside) or '未知单位'}。")

    return LedgerScope(
        user=user,
        campaign=campaign,
        teams=teams,
        units=units,
        unit_team=unit_team,
        date_from=filters.date_from,
        date_to=filters.date_to,
        sheets=[s for s in SHEET_KEYS if s in filters.sheets] or list(SHEET_KEYS),
        teams_filtered=bool(filters.team_ids),
        units_filtered=bool(filters.unit_ids),
        by_successor=filters.by_successor,
    )
