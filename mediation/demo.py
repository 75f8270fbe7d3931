"""Demo: 言和 cases of each outcome, a 六方工作站 being set up at 新媒体产业基地, targets, referrals.

Called by ``manage.py seed_demo`` after the demo tickets and before the demo
merges 新媒体产业基地 into 大兴产业基地 (issues.demo_units), so the 工作站 is
registered while its unit still exists on its own. Everything goes through
``mediation.services`` with the script's dates moved to the campaign around
today (``campaigns.demo.shifted``), each after the ticket it belongs to was
received and no later than three days before the script's day. Idempotent:
a case is found by its number, a body by unit and name, a referral by ticket
and service.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.demo import CAMPAIGN_NAME, shifted
from campaigns.models import Campaign, UnionUnit
from issues.models import WorkerIssue

from . import services
from .choices import BodyKind, BodyStatus, CaseOutcome, ReferralResult, ReferralService
from .models import MediationBody, MediationBodyStatusChange, Referral, YanheCase


def _day(month, day):
    return shifted(dt.date(2026, month, day))


def _at(month, day, hour=10):
    return timezone.make_aware(dt.datetime.combine(_day(month, day), dt.time(hour, 0)))


BODIES = [
    # name, kind, unit, location, members, steps [(month, day, status, username, note)]
    (
        "新媒体产业基地六方工作站",
        BodyKind.SIX_PARTY,
        "新媒体产业基地",
        "新媒体产业基地管委会服务大厅",
        "区总工会、区人力社保局、区司法局、区法院、基地管委会、企业代表",
        [
            (9, 10, BodyStatus.PLANNED, "staff", "按蹲点活动目标列入计划"),
            (10, 15, BodyStatus.SETTING_UP, "team1", "六方签署共建协议，选定办公场地"),
        ],
    ),
    (
        "旧宫镇园区劳动争议调解中心",
        BodyKind.PARK,
        "旧宫镇",
        "旧宫镇工业园区综合服务楼",
        "镇总工会、镇司法所、园区管委会、企业代表、职工代表",
        [
            (8, 20, BodyStatus.SETTING_UP, "team1", "园区与镇总工会商定共建"),
            (9, 8, BodyStatus.ESTABLISHED, "team1", "挂牌运行"),
        ],
    ),
]

TARGETS = [("新媒体产业基地", BodyKind.SIX_PARTY), ("生物医药产业基地", BodyKind.SIX_PARTY)]

CASES = [
    # ticket title, case number, handed over (m, d), by, body, outcome, outcome day, amount, recorded by
    (
        "机械厂解除劳动合同未支付经济补偿",
        "YH-2026-1017",
        (9, 17),
        "cadre1",
        "旧宫镇园区劳动争议调解中心",
        CaseOutcome.SETTLED,
        (10, 10),
        "48000.00",
        "staff",
    ),
    ("护理员夜班补贴标准不统一", "YH-2026-1009", (8, 25), "cadre1", None, CaseOutcome.WITHDRAWN, (9, 5), None, "team1"),
    (
        "园艺公司季节工劳动争议",
        "YH-2026-1103",
        (10, 27),
        "cadre3",
        None,
        CaseOutcome.ARBITRATION,
        (11, 20),
        None,
        "staff",
    ),
    ("酒业公司拖欠绩效奖金", "YH-2026-1121", (11, 6), "cadre3", None, CaseOutcome.PENDING, None, None, "staff"),
]

REFERRALS = [
    # ticket title, service, referred (m, d), by, provider, result, result day
    (
        "机械厂解除劳动合同未支付经济补偿",
        ReferralService.LEGAL_AID,
        (9, 17),
        "team1",
        "区法律援助中心",
        ReferralResult.DONE,
        (9, 25),
        "指派律师代理，协助职工整理证据",
    ),
    ("园艺公司季节工劳动争议", ReferralService.COUNSELLING, (10, 28), "cadre3", "区职工心理服务站", None, None, ""),
]


def _seed_bodies(campaign, users, units):
    for name, kind, unit_name, location, members, steps in BODIES:
        unit = units.get(unit_name)
        if unit is None or MediationBody.objects.filter(unit=unit, name=name).exists():
            continue
        (m, d, status, username, note), *later = steps
        body = services.register_body(
            users[username],
            name=name,
            kind=kind,
            unit=unit,
            status=status,
            status_on=_day(m, d),
            location=location,
            members=members,
            note=note,
        )
        for m, d, status, username, note in later:
            services.change_body_status(body.pk, users[username], to_status=status, on=_day(m, d), note=note)
    for unit_name, kind in TARGETS:
        if unit_name in units:
            services.save_target(users["staff"], campaign=campaign, unit=units[unit_name], kind=kind, count=1)


def _seed_cases(campaign, users):
    tickets = {i.title: i for i in WorkerIssue.objects.filter(campaign=campaign)}
    for title, number, handed, by, body_name, outcome, concluded, amount, recorder in CASES:
        issue = tickets.get(title)
        if issue is None or YanheCase.objects.filter(case_number=number).exists():
            continue
        if YanheCase.objects.filter(issue=issue).exists() or services.handover_refusal(issue):
            continue
        body = MediationBody.objects.filter(name=body_name).first() if body_name else None
        services.hand_over(
            issue.pk, users[by], case_number=number, handed_over_on=_day(*handed), body=body, at=_at(*handed)
        )
        if outcome != CaseOutcome.PENDING:
            services.apply_case_update(
                case_number=number,
                outcome=outcome,
                outcome_date=_day(*concluded),
                amount=amount,
                actor=users[recorder],
                via="demo",
                at=_at(*concluded, hour=16),
            )


def _seed_referrals(campaign, users):
    tickets = {i.title: i for i in WorkerIssue.objects.filter(campaign=campaign)}
    for title, service, referred, by, provider, result, result_day, note in REFERRALS:
        issue = tickets.get(title)
        if issue is None or Referral.objects.filter(issue=issue, service=service).exists():
            continue
        referral = services.refer(
            issue.pk, users[by], service=service, referred_on=_day(*referred), provider=provider, at=_at(*referred, 11)
        )
        if result:
            services.record_referral_result(
                referral.pk, users[by], result=result, result_on=_day(*result_day), note=note, at=_at(*result_day, 15)
            )


def seed(stdout):
    """Seed the mediation demo (called by ``manage.py seed_demo``)."""
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["staff", "team1", "cadre1", "cadre3"])
    }
    if campaign is None or len(users) < 4:
        stdout.write("  调解：未找到演示蹲点活动或用户，跳过。")
        return
    units = {u.name: u for u in UnionUnit.objects.filter(is_active=True)}
    _seed_bodies(campaign, users, units)
    _seed_cases(campaign, users)
    _seed_referrals(campaign, users)
    stdout.write(
        f"  调解：言和案件 {YanheCase.objects.count()} 件，调解组织 {MediationBody.objects.count()} 个"
        f"（状态变更 {MediationBodyStatusChange.objects.count()} 步），转介 {Referral.objects.count()} 次"
    )
