"""The people, campaigns, teams, units and enterprises generated data is attached to.

Written through the ORM (a few thousand rows at most); enterprises and their status
steps through ``benchdata.writer`` because there can be tens of thousands.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from campaigns.models import (
    Assignment,
    Campaign,
    Enterprise,
    EnterpriseStatusChange,
    TeamMembership,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)
from campaigns.roles import LEADERSHIP_GROUP, OFFICE_STAFF_GROUP

from . import names
from .writer import TableWriter, next_id

PASSWORD = "dundian-bench"  # noqa: S105 — generated benchmark accounts, printed in docs/benchmarks.md
TEAMS_PER_CAMPAIGN = 3
CADRES_PER_TEAM = 7
TEAM_NAMES = ["第一蹲点小组", "第二蹲点小组", "第三蹲点小组"]


@dataclass
class TeamPlan:
    team: WorkTeam
    leader_id: int
    member_ids: list  # the leader first, then the cadres


@dataclass
class AssignmentPlan:
    assignment: Assignment
    team: TeamPlan
    enterprise_ids: list = field(default_factory=list)


@dataclass
class CampaignPlan:
    campaign: Campaign
    last_day: dt.date  # the campaign's end, or today while it runs
    teams: list
    assignments: list


@dataclass
class World:
    leadership_id: int
    staff_id: int
    campaigns: list  # oldest first; the last is the one running today
    group_ids: list
    user_names: dict  # id → full name, for the notes services write ("承办人：…")


def build_world(rnd, *, campaigns: int, enterprises: int, now: dt.datetime) -> World:
    from django.utils import timezone

    today = timezone.localdate(now)
    User = get_user_model()
    password = make_password(PASSWORD)

    def user(username, name):
        return User(username=username, last_name=name[0], first_name=name[1:], password=password, email="")

    leadership = user("bench_leader", "林振华")
    staff = user("bench_staff", "王晓梅")
    team_users = [
        [user(f"bench_team{t + 1}", names.person_name(rnd))]
        + [user(f"bench_cadre{t + 1}_{i + 1}", names.person_name(rnd)) for i in range(CADRES_PER_TEAM)]
        for t in range(TEAMS_PER_CAMPAIGN)
    ]
    User.objects.bulk_create([leadership, staff, *(u for team in team_users for u in team)])
    by_username = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
    leadership, staff = by_username["bench_leader"], by_username["bench_staff"]
    team_users = [[by_username[u.username] for u in team] for team in team_users]
    Group.objects.get_or_create(name=LEADERSHIP_GROUP)[0].user_set.add(leadership)
    Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)[0].user_set.add(staff)

    units = list(UnionUnit.objects.filter(is_active=True).order_by("sort_order", "pk"))
    enterprise_ids_by_unit = _enterprises(rnd, units, enterprises, staff.pk, now)
    plans = []
    for k in range(campaigns):
        year = today.year - (campaigns - 1 - k)
        campaign = Campaign.objects.create(
            name=f"{year}年机关干部赴基层蹲点活动（基准数据）",
            start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 12, 31),
            goals="走遍全区蹲点单位，听取职工诉求，推动新就业形态企业建会入会。",
            is_active=year == today.year,
        )
        teams = []
        for t, members in enumerate(team_users):
            team = WorkTeam.objects.create(campaign=campaign, name=TEAM_NAMES[t], sort_order=t + 1)
            TeamMembership.objects.bulk_create(
                TeamMembership(
                    campaign=campaign,
                    team=team,
                    user=u,
                    role="leader" if i == 0 else "member",
                    valid_from=campaign.start_date,
                )
                for i, u in enumerate(members)
            )
            teams.append(TeamPlan(team, members[0].pk, [u.pk for u in members]))
        assignments = []
        for i, unit in enumerate(units):
            team = teams[i % len(teams)]
            a = Assignment.objects.create(campaign=campaign, team=team.team, unit=unit)
            assignments.append(AssignmentPlan(a, team, enterprise_ids_by_unit[unit.pk]))
        plans.append(CampaignPlan(campaign, min(campaign.end_date, today), teams, assignments))
    everyone = [leadership, staff, *(u for team in team_users for u in team)]
    return World(
        leadership_id=leadership.pk,
        staff_id=staff.pk,
        campaigns=plans,
        group_ids=list(WorkerGroup.objects.order_by("sort_order").values_list("pk", flat=True)),
        user_names={u.pk: u.get_full_name() or u.username for u in everyone},
    )


# 未建会 mostly; the others reached their state in one dated step (what create_enterprise records).
STATUS_MIX = [("none", 70), ("contacted", 12), ("promised", 8), ("preparing", 6), ("established", 4)]


def _enterprises(rnd, units, count, staff_id, now) -> dict:
    from django.utils import timezone

    today = timezone.localdate(now)
    first = next_id(Enterprise)
    first_step = next_id(EnterpriseStatusChange)
    columns = [
        "id", "name", "credit_code", "unit_id", "address", "industry", "contact_name", "contact_phone",
        "is_new_form", "is_eight_group", "eight_group_id", "headcount", "union_members", "union_status",
        "union_status_date", "has_collective_bargaining", "has_democratic_management", "has_dispute_mediation",
        "has_hardship_aid", "notes", "created_by_id", "created_at", "updated_at", "is_key",
    ]  # fmt: skip
    step_columns = [
        "id", "enterprise_id", "from_status", "to_status", "changed_on", "changed_by_id", "note",
        "members_joined", "created_at",
    ]  # fmt: skip
    statuses = [s for s, _ in STATUS_MIX]
    weights = [w for _, w in STATUS_MIX]
    rows, steps, by_unit = [], [], {u.pk: [] for u in units}
    for i in range(count):
        pk = first + i
        unit = units[i % len(units)]
        name, industry = names.enterprise_name(rnd, i + 1)
        status = rnd.choices(statuses, weights)[0]
        on = today - dt.timedelta(days=rnd.randint(10, 700)) if status != "none" else None
        established = status == "established"
        headcount = rnd.choice([8, 15, 30, 60, 120, 300, 800])
        new_form = industry in ("物流", "快递", "餐饮", "家政", "出行")
        rows.append(
            (
                pk, name, names.credit_code(pk), unit.pk, f"北京市大兴区{rnd.choice(names.PLACES)}路{rnd.randint(1, 300)}号",
                industry, names.person_name(rnd), names.mobile(rnd), new_form, False, None, headcount,
                rnd.randint(1, headcount) if established else 0, status, on, established and rnd.random() < 0.5,
                established and rnd.random() < 0.6, established and rnd.random() < 0.4, False, "",
                staff_id, now, now,
                # One in twenty marked 重点企业 (by position, so the seed's random stream is unchanged).
                i % 20 == 0,
            )
        )  # fmt: skip
        if status != "none":
            joined = rows[-1][12] if established else 0
            steps.append((first_step + len(steps), pk, "none", status, on, staff_id, "新建企业时登记", joined, now))
        by_unit[unit.pk].append(pk)
    TableWriter(Enterprise, columns).write(rows)
    TableWriter(EnterpriseStatusChange, step_columns).write(steps)
    return by_unit
