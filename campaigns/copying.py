"""「以此为模板新建活动」: a new campaign with the teams, members and units of a previous one.

``template_of(source)`` reads what would be copied (the teams, the members
whose membership was still open, the leader, the units); the page shows it as
an editable preview; ``copy_campaign`` writes it all in one transaction, the
memberships through ``campaigns.memberships`` (the one writer), dated from the
new campaign's start. Refused with a Chinese message and nothing written: dates
overlapping another campaign that covers any of the same units, a person in two
teams, a unit in two teams, a name already used.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from campaigns import memberships
from campaigns.models import Assignment, Campaign, TeamMembership, WorkTeam


@dataclass
class TeamPlan:
    name: str
    sort_order: int
    leader: object | None = None
    members: list = field(default_factory=list)  # users, not the leader
    units: list = field(default_factory=list)


def _next_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def suggested_header(source: Campaign) -> dict:
    """Name and dates one year on: 2026年… → 2027年…."""
    year, next_year = str(source.start_date.year), str(source.start_date.year + 1)
    name = source.name.replace(year, next_year) if year in source.name else f"{next_year}年{source.name}"
    return {
        "name": name,
        "start_date": _next_year(source.start_date),
        "end_date": _next_year(source.end_date),
        "goals": source.goals,
        "work_plan": source.work_plan,
    }


def template_of(source: Campaign) -> list[TeamPlan]:
    """The source's teams with the people still in them at its end and the units they covered."""
    plans = []
    rows = (
        TeamMembership.objects.filter(campaign=source, valid_to__isnull=True)
        .select_related("user")
        .order_by("user__username")
    )
    people = {}
    for m in rows:
        people.setdefault(m.team_id, []).append(m)
    units = {}
    for a in Assignment.objects.filter(campaign=source).select_related("unit").order_by("unit__sort_order"):
        units.setdefault(a.team_id, []).append(a.unit)
    for team in WorkTeam.objects.filter(campaign=source).order_by("sort_order", "name"):
        plan = TeamPlan(name=team.name, sort_order=team.sort_order, units=units.get(team.pk, []))
        for m in people.get(team.pk, []):
            if m.role == TeamMembership.Role.LEADER and plan.leader is None:
                plan.leader = m.user
            elif m.user.is_active:
                plan.members.append(m.user)
        plans.append(plan)
    return plans


def check(header: dict, plans: list[TeamPlan]) -> None:
    """Every refusal, as one ValidationError of Chinese messages (field → messages)."""
    errors = {}
    start, end = header["start_date"], header["end_date"]
    if end < start:
        errors.setdefault("end_date", []).append("结束日期不能早于开始日期。")
    if Campaign.objects.filter(name=header["name"]).exists():
        errors.setdefault("name", []).append("已有同名的蹲点活动，请换一个名称。")
    seen_people, seen_units, names = {}, {}, set()
    for plan in plans:
        if plan.name in names:
            errors.setdefault("__all__", []).append(f"小组名称“{plan.name}”重复。")
        names.add(plan.name)
        for user in [plan.leader, *plan.members] if plan.leader else plan.members:
            if user.pk in seen_people and seen_people[user.pk] != plan.name:
                errors.setdefault("__all__", []).append(
                    f"{user.get_full_name() or user.username}同时在{seen_people[user.pk]}和{plan.name}，"
                    "同一活动中每人只能在一个小组。"
                )
            seen_people[user.pk] = plan.name
        for unit in plan.units:
            if unit.pk in seen_units:
                errors.setdefault("__all__", []).append(f"{unit}同时分给了{seen_units[unit.pk]}和{plan.name}。")
            seen_units[unit.pk] = plan.name
    if end >= start and seen_units:
        clash = (
            Campaign.objects.filter(start_date__lte=end, end_date__gte=start, assignments__unit_id__in=seen_units)
            .distinct()
            .first()
        )
        if clash is not None:
            errors.setdefault("start_date", []).append(
                f"日期与“{clash.name}”（{clash.start_date:%Y-%m-%d}至{clash.end_date:%Y-%m-%d}）重叠，"
                "且两次活动有相同的蹲点单位。"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def copy_campaign(header: dict, plans: list[TeamPlan]) -> Campaign:
    """Create the new campaign, its teams, memberships and assignments; all or nothing."""
    check(header, plans)
    campaign = Campaign.objects.create(
        name=header["name"],
        start_date=header["start_date"],
        end_date=header["end_date"],
        goals=header.get("goals", ""),
        work_plan=header.get("work_plan", ""),
    )
    for plan in plans:
        team = WorkTeam.objects.create(campaign=campaign, name=plan.name, sort_order=plan.sort_order)
        if plan.leader is not None:
            memberships.add_member(team, plan.leader, role=TeamMembership.Role.LEADER)
        for user in plan.members:
            memberships.add_member(team, user)
        for unit in plan.units:
            Assignment.objects.create(campaign=campaign, team=team, unit=unit)
    return campaign
