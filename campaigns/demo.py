"""Demo data for campaigns: users, the campaign, its three teams, the units split
across them, and ~30 fictional enterprises with their union-building steps.

Idempotent: everything is found by a natural key (username, campaign name,
team name, unit, credit code) and only created when missing; passwords are set
only on creation, and an existing enterprise is left as it is (with its steps).
All people and enterprises are fictional; the campaign text follows the
article in the project's seeds.

Higher apps' seeders (visits, issues) may import the constants below.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from campaigns import memberships, reference
from campaigns.models import (
    Assignment,
    Campaign,
    Enterprise,
    TeamMembership,
    UnionStatus,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)
from campaigns.roles import LEADERSHIP_GROUP, OFFICE_STAFF_GROUP
from campaigns.services import change_union_status, create_enterprise
from campaigns.validators import credit_code_check_char

DEMO_PASSWORD = "dundian-demo"  # noqa: S105 - published demo password, README lists it
CAMPAIGN_NAME = "2026年机关干部赴基层蹲点活动"
CAMPAIGN_START = dt.date(2026, 7, 15)
CAMPAIGN_END = dt.date(2026, 12, 31)

# Every date of the demo script (here, in visits.demo and issues.demo_tickets)
# is written as seen on SCRIPT_DAY. seed_demo moves them all by the whole
# weeks that bring it to within the week before the day it runs (weekdays stay weekdays), so the
# campaign always spans the months around today: some units visited last
# week, some not for a month, a few tickets overdue.
SCRIPT_DAY = dt.date(2026, 11, 28)


def demo_shift(today: dt.date | None = None) -> dt.timedelta:
    """The whole weeks that move the script's day to the last one before ``today`` (default: today).

    Never later: rounding to the nearest week put the script's last days (and
    their visits, closings and callbacks) up to three days in the future.
    """
    today = today or timezone.localdate()
    return dt.timedelta(weeks=((today - SCRIPT_DAY).days - 1) // 7)


def shifted(value):
    """A date or datetime of the script, moved to the campaign around today."""
    return value + demo_shift()


TEAM_NAMES = ["第一蹲点小组", "第二蹲点小组", "第三蹲点小组"]

CAMPAIGN_GOALS = (
    "切实把情况摸透、把问题找准、把措施做实，凝聚职工力量，推动工会工作创新发展。\n"
    "重点围绕构建和谐劳动关系、工会工作短板和未建工会的企业开展工作；把推动新业态就业群体入会和平台企业建会"
    "纳入蹲点活动范围，着力做好货车司机、快递员、网约送餐员等八大群体入会和服务工作。\n"
    "推动基层工会建起来、转起来、活起来，消除基层工会建设的盲区和空白点。"
)
CAMPAIGN_WORK_PLAN = (
    "一、工作对象：全区22个镇、街道、产业基地总工会及的士职工之家。\n"
    "二、组织方式：主要领导亲自带队、亲自部署，班子成员、中层科长全员参加，分成3个蹲点工作小组，"
    "有计划、有重点地开展蹲点工作，建立工作台账。\n"
    "三、工作任务：聚焦困难救助、转岗就业、工资、社保、职业健康、劳动争议调解等职工切身利益问题，"
    "加大12345接诉即办、12351职工诉求热线的解决力度。企业难以解决的，积极争取属地党委、政府妥善解决；"
    "问题比较复杂的，协调有关方面多渠道推动解决；一时难以解决的，耐心向职工做好解释工作，提出解决思路，"
    "向有关部门反映，综合协调后逐步解决。\n"
    "四、扩大工会覆盖：对未建工会的重点企业，主动做好宣传和服务工作，引导职工入会，推动企业建会；"
    "对已建工会的企业，帮助完善集体协商、民主管理、劳动争议调解、帮扶救助等制度机制。\n"
    "五、工作方式：沟通座谈、实地走访、参与工作，以服务先行、灵活施策、试点推进的方式织密覆盖职工的“组织网”。"
)

# username: (surname, given name, role, extra)
USERS = {
    "leader": ("林", "振华", "leadership", {}),
    "staff": ("王", "晓梅", "staff", {}),
    "team1": ("赵", "建国", ("leader", 0), {}),
    "team2": ("钱", "立新", ("leader", 1), {}),
    "team3": ("孙", "海涛", ("leader", 2), {}),
    "cadre1": ("李", "文静", ("member", 0), {"email": "cadre1@example.org"}),
    "cadre2": ("周", "明", ("member", 1), {}),
    "cadre3": ("吴", "婷", ("member", 2), {}),
    # Moved from team 1 to team 2 in the middle of the campaign (MOVED_ON): see _moved_cadre.
    "cadre4": ("冯", "晓东", ("member", 0), {}),
    "admin": ("郑", "磊", "admin", {}),
}

# Units by team (index into TEAM_NAMES); all 23 units, each in exactly one team.
UNITS_BY_TEAM = [
    ["西红门镇", "旧宫镇", "亦庄镇", "黄村镇", "瀛海镇", "高米店街道", "林校路街道", "新媒体产业基地"],
    ["兴丰街道", "观音寺街道", "清源街道", "天宫院街道", "庞各庄镇", "北臧村镇", "生物医药产业基地", "的士职工之家"],
    ["魏善庄镇", "青云店镇", "长子营镇", "安定镇", "礼贤镇", "榆垡镇", "采育镇"],
]

ALL_MECHANISMS = ("collective", "democratic", "mediation", "aid")
_MECHANISM_FIELD = {
    "collective": "has_collective_bargaining",
    "democratic": "has_democratic_management",
    "mediation": "has_dispute_mediation",
    "aid": "has_hardship_aid",
}

N, C, P, R, E = (
    UnionStatus.NONE,
    UnionStatus.CONTACTED,
    UnionStatus.PROMISED,
    UnionStatus.PREPARING,
    UnionStatus.ESTABLISHED,
)
FORUM_DAY = dt.date(2026, 8, 9)

# (serial, name, unit, industry, new_form, eight_group, headcount, members, steps, mechanisms)
# steps: [(date, status, username, note)], applied in order through the status service.
ENTERPRISES = [
    # 高米店街道: the courier company and the delivery platform station of the 8月4日 care visit.
    (1, "京南迅捷快递服务有限公司", "高米店街道", "快递", True, "快递员", 86, 0,
     [(dt.date(2026, 8, 4), C, "team1", "慰问快递小哥时与站点负责人对接")], ()),
    # (2: the delivery rest station is a service site, not an enterprise: outreach.demo registers it.)
    (3, "书香里文化发展有限公司", "高米店街道", "文化", False, None, 35, 30,
     [(dt.date(2024, 5, 10), E, "staff", "历史建会")], ("democratic", "aid")),
    (4, "红门通达物流有限公司", "西红门镇", "道路货运", False, "货车司机", 160, 120,
     [(dt.date(2023, 3, 1), E, "staff", "历史建会")], ALL_MECHANISMS),
    (5, "宏盛商业管理有限公司", "西红门镇", "商业综合体", False, "商场信息员", 210, 180,
     [(dt.date(2022, 9, 15), E, "staff", "历史建会")], ("collective", "democratic")),
    (6, "旧宫恒达机械制造有限公司", "旧宫镇", "机械制造", False, None, 320, 300,
     [(dt.date(2021, 6, 1), E, "staff", "历史建会")], ("collective", "democratic", "mediation")),
    (7, "亦创电子科技有限公司", "亦庄镇", "电子", False, None, 95, 0,
     [(dt.date(2026, 7, 28), C, "team1", ""), (dt.date(2026, 9, 20), R, "team1", "已提交筹建申请")], ()),
    (8, "康宁护理服务有限公司", "黄村镇", "护理服务", False, "护工护理员", 64, 0,
     [(dt.date(2026, 8, 18), C, "cadre1", "")], ()),
    (9, "瀛海绿源食品有限公司", "瀛海镇", "食品加工", False, None, 140, 132,
     [(dt.date(2020, 11, 3), E, "staff", "历史建会")], ("democratic", "aid")),
    # 兴丰街道: the seven enterprises without a union at the 8月9日 forum.
    (10, "兴丰同城配送有限公司", "兴丰街道", "同城配送", True, None, 58, 0,
     [(FORUM_DAY, P, "team2", "8月9日未建会企业沟通会后表态建会")], ()),
    (11, "快马即时物流有限公司", "兴丰街道", "即时物流", True, None, 73, 0,
     [(FORUM_DAY, P, "team2", "8月9日未建会企业沟通会后表态建会")], ()),
    (12, "云途网约车服务有限公司", "兴丰街道", "网约车", True, None, 45, 0,
     [(FORUM_DAY, P, "team2", "8月9日未建会企业沟通会后表态建会")], ()),
    (13, "星河直播电商有限公司", "兴丰街道", "直播电商", True, None, 38, 0,
     [(FORUM_DAY, P, "team2", "8月9日未建会企业沟通会后表态建会")], ()),
    (14, "安心家政服务有限公司", "兴丰街道", "家政服务", False, "家政服务员", 52, 0,
     [(FORUM_DAY, P, "team2", "8月9日未建会企业沟通会后表态建会")], ()),
    (15, "兴丰彩印包装有限公司", "兴丰街道", "印刷", False, None, 66, 0,
     [(FORUM_DAY, C, "team2", "参加8月9日沟通会，尚有疑虑")], ()),
    (16, "丰泽餐饮管理有限公司", "兴丰街道", "餐饮", False, None, 29, 0,
     [(FORUM_DAY, C, "team2", "参加8月9日沟通会，尚有疑虑")], ()),
    (17, "兴丰百货商场有限公司", "兴丰街道", "零售", False, None, 180, 150,
     [(dt.date(2019, 4, 20), E, "staff", "历史建会")], ("collective", "democratic", "mediation")),
    (18, "观音寺建筑工程有限公司", "观音寺街道", "建筑", False, None, 260, 240,
     [(dt.date(2021, 8, 8), E, "staff", "历史建会")], ("collective", "mediation")),
    (19, "安邦保安服务有限公司", "观音寺街道", "保安服务", False, "保安员", 120, 0, [], ()),
    (20, "清源安居房地产经纪有限公司", "清源街道", "房产中介", False, "房产中介员", 48, 0,
     [(dt.date(2026, 8, 25), C, "cadre2", "")], ()),
    (21, "金瓜农业科技有限公司", "庞各庄镇", "农业", False, None, 75, 70,
     [(dt.date(2022, 3, 12), E, "staff", "历史建会")], ("democratic",)),
    (22, "华康生物医药有限公司", "生物医药产业基地", "生物医药", False, None, 410, 395,
     [(dt.date(2018, 10, 9), E, "staff", "历史建会")], ALL_MECHANISMS),
    (23, "瑞济制药有限公司", "生物医药产业基地", "制药", False, None, 150, 0,
     [(dt.date(2026, 8, 12), C, "team2", ""), (dt.date(2026, 8, 30), P, "team2", ""),
      (dt.date(2026, 10, 15), R, "cadre2", "筹备组已成立")], ()),
    (24, "京南出租汽车有限公司", "的士职工之家", "出租汽车", False, None, 600, 560,
     [(dt.date(2017, 5, 1), E, "staff", "历史建会")], ("collective", "democratic", "aid")),
    (25, "魏善庄月季园艺有限公司", "魏善庄镇", "园艺", False, None, 40, 0,
     [(dt.date(2026, 8, 6), C, "team3", "座谈会后对接")], ()),
    (26, "善庄食品加工有限公司", "魏善庄镇", "食品加工", False, None, 115, 108,
     [(dt.date(2023, 7, 1), E, "staff", "历史建会")], ("democratic", "mediation")),
    (27, "安定汽车配件有限公司", "安定镇", "汽车配件", False, None, 88, 0,
     [(dt.date(2026, 8, 20), C, "cadre3", "")], ()),
    (28, "榆垡空港物流有限公司", "榆垡镇", "航空物流", True, "货车司机", 230, 0,
     [(dt.date(2026, 7, 30), C, "team3", ""), (dt.date(2026, 9, 10), P, "team3", "")], ()),
    (29, "采育葡萄酒业有限公司", "采育镇", "酒类制造", False, None, 60, 55,
     [(dt.date(2026, 7, 22), C, "team3", ""), (dt.date(2026, 8, 28), R, "team3", ""),
      (dt.date(2026, 10, 30), E, "cadre3", "工会成立大会召开")], ("collective",)),
    (30, "星光影视制作有限公司", "新媒体产业基地", "影视", True, None, 70, 0,
     [(dt.date(2026, 9, 5), C, "cadre1", "")], ()),
]  # fmt: skip


# Names the higher apps' seeders look up (the 8月4日 care visit, the 8月9日 forum).
COURIER_COMPANY = "京南迅捷快递服务有限公司"
# Earlier versions of this demo filed the rest station as an enterprise; outreach.demo turns such a
# record into a service site (its visits kept) and otherwise registers the site afresh.
DELIVERY_STATION = "绿城外卖快递综合服务驿站"
XINGFENG_FORUM_ENTERPRISES = [
    row[1] for row in ENTERPRISES if row[2] == "兴丰街道" and row[8] and row[8][0][0] == FORUM_DAY
]


# The previous year's campaign: finished, the same teams, members and units.
PREVIOUS_CAMPAIGN_NAME = "2025年机关干部赴基层蹲点活动"
MOVED_CADRE, MOVED_TO, MOVED_ON = "cadre4", 1, dt.date(2026, 10, 12)


def demo_credit_code(serial: int) -> str:
    """A valid, recognisably fictional credit code (Daxing area code, 'DM' for demo)."""
    first17 = f"91110115DM{serial:07d}"
    return first17 + credit_code_check_char(first17)


def _users(stdout):
    User = get_user_model()
    users, created = {}, 0
    for username, (last, first, role, extra) in USERS.items():
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                # Whole name in first_name: get_full_name() puts first before last,
                # which reads backwards for a Chinese name (立新 钱).
                "first_name": last + first,
                "is_staff": role == "admin",
                "is_superuser": role == "admin",
                **extra,
            },
        )
        if new:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        if role == "leadership":
            user.groups.add(Group.objects.get(name=LEADERSHIP_GROUP))
        elif role == "staff":
            user.groups.add(Group.objects.get(name=OFFICE_STAFF_GROUP))
        users[username] = user
    stdout.write(f"  演示用户：{len(users)} 个（新建 {created} 个）")
    return users


def _campaign_and_teams(users, stdout):
    campaign, _ = Campaign.objects.get_or_create(
        name=CAMPAIGN_NAME,
        defaults={
            "start_date": shifted(CAMPAIGN_START),
            "end_date": shifted(CAMPAIGN_END),
            "goals": CAMPAIGN_GOALS,
            "work_plan": CAMPAIGN_WORK_PLAN,
        },
    )
    teams = [
        WorkTeam.objects.get_or_create(campaign=campaign, name=name, defaults={"sort_order": i + 1})[0]
        for i, name in enumerate(TEAM_NAMES)
    ]
    _members_and_units(campaign, teams, users)
    stdout.write(f"  蹲点活动：{campaign.name}；小组 {len(teams)} 个；分工 {campaign.assignments.count()} 个单位")
    return campaign, teams


def _members_and_units(campaign, teams, users):
    """Memberships (through the one writer, dated from the campaign's start) and the units of each team."""
    for username, (_last, _first, role, _extra) in USERS.items():
        if (
            isinstance(role, tuple)
            and not TeamMembership.objects.filter(campaign=campaign, user=users[username]).exists()
        ):
            kind, index = role
            memberships.add_member(teams[index], users[username], role=kind)
    kinds = {name: kind for name, kind, _order in reference.units()}
    orders = {name: order for name, _kind, order in reference.units()}
    for index, unit_names in enumerate(UNITS_BY_TEAM):
        for name in unit_names:
            unit, _ = UnionUnit.objects.get_or_create(
                name=name, defaults={"kind": kinds[name], "sort_order": orders[name]}
            )
            if not Assignment.objects.filter(campaign=campaign, unit=unit).exists():
                Assignment.objects.create(
                    campaign=campaign, unit=unit, team=teams[index], valid_from=campaign.start_date
                )


def _previous_campaign(users, stdout):
    """Last year's campaign, finished: 52 weeks before the running one, the same teams, members and units."""
    year = dt.timedelta(weeks=52)
    campaign, _ = Campaign.objects.get_or_create(
        name=PREVIOUS_CAMPAIGN_NAME,
        defaults={
            "start_date": shifted(CAMPAIGN_START) - year,
            "end_date": shifted(CAMPAIGN_END) - year,
            "goals": CAMPAIGN_GOALS,
            "work_plan": CAMPAIGN_WORK_PLAN,
            "is_active": False,
        },
    )
    teams = [
        WorkTeam.objects.get_or_create(campaign=campaign, name=name, defaults={"sort_order": i + 1})[0]
        for i, name in enumerate(TEAM_NAMES)
    ]
    _members_and_units(campaign, teams, users)
    stdout.write(f"  往年活动：{campaign.name}（已结束）")


def _moved_cadre(campaign, teams, users):
    """cadre4 moved from team 1 to team 2 on MOVED_ON: one staff action (campaigns.memberships.move)."""
    cadre = users[MOVED_CADRE]
    if TeamMembership.objects.filter(campaign=campaign, user=cadre, team=teams[MOVED_TO]).exists():
        return
    memberships.move(cadre, teams[MOVED_TO], on=shifted(MOVED_ON), by=users["staff"])


def _demo_time(day, hour=10):
    """A working-hours time on ``day`` (local), so the change history reads like the timeline."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _enterprises(users, stdout):
    units = {u.name: u for u in UnionUnit.objects.all()}
    groups = {g.name: g for g in WorkerGroup.objects.all()}
    created = 0
    for serial, name, unit, industry, new_form, group, headcount, members, steps, mechanisms in ENTERPRISES:
        code = demo_credit_code(serial)
        if Enterprise.objects.filter(credit_code=code).exists():
            continue
        enterprise = create_enterprise(
            Enterprise(
                name=name,
                credit_code=code,
                unit=units[unit],
                industry=industry,
                is_new_form=new_form,
                is_eight_group=bool(group),
                eight_group=groups[group] if group else None,
                headcount=headcount,
                union_members=members,
                notes="演示数据（虚构企业）",
            ),
            by=users["staff"],
            status_on=shifted(CAMPAIGN_START),
            at=_demo_time(shifted(CAMPAIGN_START)),
        )
        last_day = shifted(CAMPAIGN_START)
        for day, status, username, note in steps:
            last_day = shifted(day)
            # A union founded during the campaign: its members joined at the founding (采育: 55).
            founded_now = status == UnionStatus.ESTABLISHED and day >= CAMPAIGN_START
            change_union_status(
                enterprise,
                status,
                by=users[username],
                on=last_day,
                note=note,
                at=_demo_time(last_day),
                members_joined=members if founded_now else 0,
            )
        if mechanisms:
            for key in mechanisms:
                setattr(enterprise, _MECHANISM_FIELD[key], True)
            enterprise._history_user = users["staff"]
            enterprise._history_date = _demo_time(last_day, hour=16)
            enterprise.save()
        created += 1
    stdout.write(f"  企业：{Enterprise.objects.count()} 家（新建 {created} 家）")


def seed(stdout):
    """Seed the campaigns part of the demo (called by ``manage.py seed_demo``)."""
    users = _users(stdout)
    _previous_campaign(users, stdout)
    campaign, teams = _campaign_and_teams(users, stdout)
    _moved_cadre(campaign, teams, users)
    _enterprises(users, stdout)
