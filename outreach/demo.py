"""Demo data for service sites, 我为职工办实事 projects and key enterprises.

Runs after ``campaigns.demo.seed`` and before ``visits.demo.seed``
(settings.DEMO_SEEDERS), so the visits of the article's 8月4日 stay in 高米店
find the rest station and the 24-hour bookshop as service sites, and the
courier care visit its project. Everything goes through ``outreach.services``,
dated relative to the seeding day (``campaigns.demo.shifted``).

An enterprise record of the rest station left by an earlier version of the demo
is turned into the site by ``convert_enterprise_to_site`` (its visits kept).
Idempotent: a site is found by (unit, name), a project by (campaign, title).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.demo import CAMPAIGN_NAME, DELIVERY_STATION, shifted
from campaigns.models import Campaign, Enterprise, UnionUnit, WorkTeam
from visits.demo import PROJECT_RIDERS, PROJECT_TAXI, SITE_BOOKSHOP, SITE_STATION, SITE_TAXI_HOME

from .models import Project, ServiceSite
from .services import convert_enterprise_to_site, save_project, save_site, set_key_enterprise, set_project_status

S = ServiceSite.Service
SITES = [
    # name, kind, unit, address, operator, services, hours, status
    (SITE_STATION, ServiceSite.Kind.STATION, "高米店街道", "绿地缤纷城东岸连廊", "高米店街道总工会、绿地缤纷城",
     [S.CHARGING, S.WATER, S.REST, S.LOCKERS, S.WIFI, S.MEALS], "24小时", ServiceSite.Status.OPEN,
     "北京市首家外卖快递综合休闲服务驿站，配有手机充电、电瓶充电、WiFi及智能外卖恒温取餐柜，连通商场内的24小时职工书屋。"),
    (SITE_BOOKSHOP, ServiceSite.Kind.BOOKSHOP, "高米店街道", "绿地缤纷城商场内", "书香里文化发展有限公司",
     [S.READING, S.REST, S.WATER, S.WIFI], "24小时", ServiceSite.Status.OPEN,
     "更读书社职工书屋，向外卖骑手、快递小哥开放，工作间隙可休息、阅读。"),
    (SITE_TAXI_HOME, ServiceSite.Kind.HOME, "的士职工之家", "", "区总工会", [S.WATER, S.REST, S.MEALS, S.TOILET],
     "7:00–23:00", ServiceSite.Status.OPEN, "出租车司机歇脚、热饭的地方。"),
    ("长子营镇爱心驿站", ServiceSite.Kind.CARE_STATION, "长子营镇", "长子营镇政府东侧", "长子营镇总工会",
     [S.WATER, S.REST, S.CHARGING, S.MEDICINE], "8:00–20:00", ServiceSite.Status.PLANNED, ""),
]  # fmt: skip

# title, team index, unit, responsible, beneficiaries, description, [(date, status, result)]
PROJECTS = [
    (PROJECT_RIDERS, 0, "高米店街道", "cadre1", "外卖骑手、快递小哥",
     "依托绿地缤纷城驿站和职工书屋，推动骑手集中入会，协调增设休息点，跟进职业伤害保障。",
     [(dt.date(2026, 8, 4), Project.Status.ACTIVE, None),
      (dt.date(2026, 9, 2), Project.Status.DONE, "骑手座谈会后15名网约送餐员入会；驿站增设夏季清凉饮品。")]),
    (PROJECT_TAXI, 1, "的士职工之家", "cadre2", "出租车司机",
     "针对司机反映的夜间就餐、如厕不便，协调沿线加油站和餐饮企业开放爱心点位。",
     [(dt.date(2026, 9, 16), Project.Status.ACTIVE, None)]),
    ("货车司机停车休息点", 2, "榆垡镇", "cadre3", "货车司机", "协调物流园区开放夜间停车休息区。", []),
]  # fmt: skip

KEY_ENTERPRISES = ["亦创电子科技有限公司", "瑞济制药有限公司", "榆垡空港物流有限公司", "安定汽车配件有限公司",
                   "星光影视制作有限公司"]  # fmt: skip


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(17)))


def _sites(units, staff, stdout):
    created = converted = 0
    seeded_at = _at(shifted(dt.date(2026, 7, 16)))
    leftover = Enterprise.objects.filter(name=DELIVERY_STATION, unit__name="高米店街道").first()
    if leftover is not None and not ServiceSite.objects.filter(name=SITE_STATION).exists():
        convert_enterprise_to_site(leftover, kind=ServiceSite.Kind.STATION, name=SITE_STATION, by=staff, at=seeded_at)
        converted += 1
    for name, kind, unit_name, address, operator, services, hours, status, notes in SITES:
        unit = units.get(unit_name)
        if unit is None:
            continue
        if ServiceSite.objects.filter(unit=unit, name=name).exists():
            continue
        site = ServiceSite(
            unit=unit,
            name=name,
            kind=kind,
            address=address,
            operator=operator,
            services=list(services),
            opening_hours=hours,
            status=status,
            notes=notes,
        )
        save_site(site, by=staff, at=seeded_at)
        created += 1
    stdout.write(f"  服务阵地：{len(SITES)} 处（新建 {created} 处，由企业记录转换 {converted} 处）")


def _projects(campaign, teams, units, users, stdout):
    created = 0
    for title, team_i, unit_name, responsible, beneficiaries, description, steps in PROJECTS:
        if Project.objects.filter(campaign=campaign, title=title).exists():
            continue
        team, author = teams[team_i], users.get(responsible)
        first_day = shifted(steps[0][0]) if steps else shifted(dt.date(2026, 10, 20))
        project = save_project(
            Project(
                team=team,
                unit=units[unit_name],
                title=title,
                responsible=author,
                beneficiaries=beneficiaries,
                description=description,
            ),
            by=author,
            at=_at(first_day - dt.timedelta(days=1)),
        )
        for day, status, result in steps:
            day = shifted(day)
            if day > timezone.localdate():
                break
            set_project_status(project, status, by=author, on=day, result=result, at=_at(day))
        created += 1
    stdout.write(f"  办实事项目：{len(PROJECTS)} 个（新建 {created} 个）")


def seed(stdout):
    """Seed the outreach part of the demo (called by ``manage.py seed_demo``)."""
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["staff", "cadre1", "cadre2", "cadre3"])
    }
    staff = users.get("staff")
    if campaign is None or staff is None:
        stdout.write("  服务阵地：未找到演示蹲点活动或工作人员账号，跳过（请先运行 campaigns.demo.seed）。")
        return
    teams = list(WorkTeam.objects.filter(campaign=campaign).order_by("sort_order"))
    units = {u.name: u for u in UnionUnit.objects.all()}
    _sites(units, staff, stdout)
    if len(teams) >= 3:
        _projects(campaign, teams, units, users, stdout)
    marked = 0
    for enterprise in Enterprise.objects.filter(name__in=KEY_ENTERPRISES, is_key=False):
        set_key_enterprise(enterprise, True, by=staff, at=_at(shifted(dt.date(2026, 7, 16))))
        marked += 1
    stdout.write(f"  重点企业：{len(KEY_ENTERPRISES)} 家（本次标记 {marked} 家）")
