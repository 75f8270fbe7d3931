"""Demo tickets: every status, every source, overdue ones, each escalation step, rated ones.

Called by ``manage.py seed_demo`` after the campaigns and visits seeders.
Idempotent: a demo ticket is found by its campaign and title (each title is
unique in the list below; hotline tickets also by their hotline number) and
only created when missing. Tickets are opened through ``open_issue`` and moved
through ``workflow.perform`` like real ones; afterwards the action times are
set to the scripted dates so the timeline, the deadlines and the rates read
like a campaign that has been running since July. All people are fictional.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.models import Campaign, Enterprise, UnionUnit, WorkTeam
from visits.models import Visit

from . import workflow
from .models import IssueAction, WorkerIssue
from .services import open_issue

CAMPAIGN_NAME = "2026年机关干部赴基层蹲点活动"
TEAM_NAMES = ["第一蹲点小组", "第二蹲点小组", "第三蹲点小组"]
USERNAMES = ["leader", "staff", "team1", "team2", "team3", "cadre1", "cadre2", "cadre3"]
Kind = IssueAction.Kind


def at(month, day, hour=10, minute=0):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, minute))


ACC, CON, NOTE, ESC, RES, EXP, REO, SAT, INS = (
    Kind.ACCEPT,
    Kind.CONTACT,
    Kind.NOTE,
    Kind.ESCALATE,
    Kind.RESOLVE,
    Kind.EXPLAIN,
    Kind.REOPEN,
    Kind.SATISFACTION,
    Kind.INSTRUCTION,
)

# title, source, hotline number, category, urgency, team index, unit, enterprise, visit (date, kind) or None,
# worker (name, phone, id number), received (datetime, or "recent" for an hour before seeding),
# description, steps [(when, action, username, params)]
TICKETS = [
    (
        "骑手反映站点拖欠两个月提成",
        "field",
        "",
        "wages",
        "ordinary",
        0,
        "高米店街道",
        "京南迅捷快递服务有限公司",
        (dt.date(2026, 8, 4), "care"),
        ("刘强", "13811112222", ""),
        at(8, 4, 15),
        "慰问时快递员反映站点以“旺季结算”为由拖欠6、7月计件提成约4000元。",
        [
            (at(8, 4, 16), ACC, "cadre1", {}),
            (at(8, 5, 10), CON, "cadre1", {"note": "电话联系职工，核实拖欠金额和人数（共7人）。"}),
            (
                at(8, 10, 9),
                ESC,
                "team1",
                {"note": "站点负责人称总部资金紧张，企业内部无法解决。", "escalated_to": "高米店街道党工委、办事处"},
            ),
            (at(8, 20, 15), RES, "staff", {"note": "街道劳动保障所约谈企业，提成已全部补发。"}),
            (at(8, 22, 10), SAT, "cadre1", {"satisfaction": "satisfied", "note": "回访职工，表示满意。"}),
        ],
    ),
    (
        "物流公司未按时缴纳社会保险",
        "12345",
        "20260805-0012",
        "insurance",
        "ordinary",
        0,
        "西红门镇",
        "红门通达物流有限公司",
        None,
        ("陈志刚", "13522223333", "110105198803150016"),
        at(8, 5, 9, 30),
        "12345转来：货车司机反映公司连续三个月未缴纳社会保险。",
        [
            (at(8, 5, 14), ACC, "cadre1", {}),
            (at(8, 12, 16), RES, "cadre1", {"note": "企业已补缴欠费，社保记录已恢复。"}),
            (at(8, 14, 10), SAT, "cadre1", {"satisfaction": "basically"}),
        ],
    ),
    (
        "机械厂解除劳动合同未支付经济补偿",
        "12351",
        "12351-0826-03",
        "dispute",
        "complex",
        0,
        "旧宫镇",
        "旧宫恒达机械制造有限公司",
        None,
        ("马丽", "13633334444", ""),
        at(8, 26, 11),
        "12351热线转来：职工被解除劳动合同，企业拒绝支付经济补偿。",
        [
            (at(8, 26, 15), ACC, "cadre1", {}),
            (at(9, 1, 10), ESC, "team1", {"note": "企业坚持不支付，需属地协调。", "escalated_to": "旧宫镇党委、政府"}),
            (
                at(9, 15, 10),
                ESC,
                "team1",
                {
                    "note": "涉及多名职工，需人社、司法多部门协调。",
                    "escalated_to": "区人社局、区司法局、镇政府联席协调",
                },
            ),
            (at(9, 16, 9), INS, "leader", {"note": "请尽快协调，依法保障职工合法权益，必要时提供法律援助。"}),
        ],
    ),
    (
        "护理员夜班补贴标准不统一",
        "field",
        "",
        "wages",
        "ordinary",
        0,
        "黄村镇",
        "康宁护理服务有限公司",
        (dt.date(2026, 8, 18), "site"),
        ("杨秀英", "", ""),
        at(8, 18, 16),
        "走访时护理员反映同岗位夜班补贴相差一倍，希望统一标准。",
        [],
    ),
    (
        "电子厂加班时长争议",
        "yanhe",
        "YH-2026-0931",
        "dispute",
        "ordinary",
        0,
        "亦庄镇",
        "亦创电子科技有限公司",
        None,
        ("黄磊", "13744445555", ""),
        at(9, 28, 10),
        "言和平台转来：职工认为加班时长记录有误，要求补发加班费。",
        [
            (at(9, 29, 10), ACC, "cadre1", {}),
            (at(10, 9, 10), ESC, "team1", {"note": "企业不认可职工主张。", "escalated_to": "亦庄镇党委、政府"}),
            (
                at(10, 20, 10),
                ESC,
                "team1",
                {"note": "考勤记录缺失，需多方核实。", "escalated_to": "区人社局劳动监察大队"},
            ),
            (at(11, 2, 10), ESC, "team1", {"note": "证据不足，短期难以认定。", "escalated_to": "区劳动人事争议仲裁院"}),
            (at(11, 10, 15), EXP, "team1", {"note": "向职工解释证据规则，指导其申请仲裁并提供法律援助。"}),
            (
                at(11, 12, 10),
                SAT,
                "cadre1",
                {"satisfaction": "unsatisfied", "note": "职工对结果不满意，已继续跟进仲裁。"},
            ),
        ],
    ),
    (
        "职工来信咨询转岗培训补贴",
        "letter",
        "",
        "reemployment",
        "ordinary",
        0,
        "瀛海镇",
        "瀛海绿源食品有限公司",
        None,
        ("周敏", "13855556666", ""),
        at(11, 20, 9),
        "职工来信：生产线自动化改造后转岗，询问转岗培训补贴如何申请。",
        [(at(11, 23, 10), ACC, "cadre1", {})],
    ),
    (
        "职工工伤送医费用无人垫付",
        "12345",
        "DEMO-12345-URGENT",
        "hardship",
        "emergency",
        0,
        "林校路街道",
        None,
        None,
        ("吴刚", "13966667777", ""),
        "recent",
        "12345紧急转来：职工工作中受伤，企业负责人联系不上，医疗费用无人垫付。",
        [],
    ),
    (
        "配送员工资被无故扣减",
        "12345",
        "20260812-0456",
        "wages",
        "ordinary",
        1,
        "兴丰街道",
        "快马即时物流有限公司",
        None,
        ("郑海", "13677778888", ""),
        at(8, 12, 9),
        "12345转来：配送员反映平台以差评为由扣减工资。",
        [
            (at(8, 12, 11), ACC, "cadre2", {}),
            (at(8, 19, 16), RES, "cadre2", {"note": "与企业工会沟通，企业退还扣款并修订考核办法。"}),
            (at(8, 21, 10), SAT, "cadre2", {"satisfaction": "satisfied"}),
        ],
    ),
    (
        "建筑工地农民工工资拖欠",
        "12345",
        "20260903-0233",
        "wages",
        "complex",
        1,
        "观音寺街道",
        "观音寺建筑工程有限公司",
        None,
        ("赵铁柱", "15011112222", "110105197506200012"),
        at(9, 3, 10),
        "12345转来：二十余名农民工反映工程结束后工资未结清。",
        [
            (at(9, 4, 9), ACC, "cadre2", {}),
            (
                at(9, 10, 10),
                ESC,
                "team2",
                {"note": "总包与分包互相推诿，企业内部无法解决。", "escalated_to": "观音寺街道党工委、办事处"},
            ),
            (at(9, 30, 16), RES, "staff", {"note": "街道协调总包单位先行垫付，工资已全部发放。"}),
            (at(10, 8, 10), SAT, "cadre2", {"satisfaction": "satisfied"}),
        ],
    ),
    (
        "困难职工子女入学救助",
        "12351",
        "12351-1015-07",
        "hardship",
        "ordinary",
        1,
        "庞各庄镇",
        "金瓜农业科技有限公司",
        None,
        ("孙红", "15122223333", ""),
        at(10, 15, 9),
        "12351热线转来：单亲困难职工子女入学费用困难。",
        [
            (at(10, 19, 10), ACC, "cadre2", {}),
            (at(10, 23, 15), RES, "cadre2", {"note": "纳入区总工会困难职工帮扶，发放助学金。"}),
            (at(10, 26, 10), SAT, "cadre2", {"satisfaction": "basically"}),
        ],
    ),
    (
        "同城配送企业骑手希望建会",
        "field",
        "",
        "union",
        "ordinary",
        1,
        "兴丰街道",
        "兴丰同城配送有限公司",
        (dt.date(2026, 8, 9), "forum"),
        ("钱多多", "15233334444", ""),
        at(8, 10, 10),
        "座谈时骑手代表提出希望企业建立工会，企业负责人态度消极。",
        [
            (at(8, 11, 10), ACC, "cadre2", {}),
            (at(8, 25, 10), ESC, "team2", {"note": "企业总部在外地，需属地推动。", "escalated_to": "兴丰街道党工委"}),
        ],
    ),
    (
        "出租车司机反映份子钱过高",
        "other",
        "",
        "other",
        "ordinary",
        1,
        "的士职工之家",
        "京南出租汽车有限公司",
        None,
        ("冯建", "15344445555", ""),
        at(11, 16, 10),
        "的士职工之家转来：司机反映承包金偏高，希望工会协调。",
        [],
    ),
    (
        "房产中介未签劳动合同",
        "12345",
        "20261105-0099",
        "insurance",
        "ordinary",
        1,
        "清源街道",
        "清源安居房地产经纪有限公司",
        None,
        ("韩梅", "15455556666", ""),
        at(11, 5, 9),
        "12345转来：房产经纪人入职半年未签劳动合同、未缴社保。",
        [
            (at(11, 5, 15), ACC, "cadre2", {}),
            (at(11, 13, 15), RES, "cadre2", {"note": "企业已补签劳动合同并办理社保登记。"}),
        ],
    ),
    (
        "货车司机运费结算纠纷",
        "field",
        "",
        "wages",
        "complex",
        2,
        "榆垡镇",
        "榆垡空港物流有限公司",
        (dt.date(2026, 7, 20), "forum"),
        ("曹军", "15566667777", ""),
        at(8, 20, 10),
        "座谈时货车司机反映平台运费结算周期过长、扣费不透明。",
        [
            (at(8, 20, 15), ACC, "cadre3", {}),
            (at(8, 28, 10), ESC, "team3", {"note": "企业称由平台规则决定。", "escalated_to": "榆垡镇党委、政府"}),
            (
                at(9, 10, 10),
                ESC,
                "team3",
                {"note": "涉及平台企业，需多部门协调。", "escalated_to": "区交通局、区市场监管局"},
            ),
            (
                at(9, 25, 10),
                ESC,
                "team3",
                {"note": "平台总部在外省，一时难以解决。", "escalated_to": "市总工会、市交通委"},
            ),
            (at(10, 12, 15), EXP, "team3", {"note": "向司机解释协调进展，已向市级部门报告，逐步推动解决。"}),
            (at(10, 14, 10), SAT, "cadre3", {"satisfaction": "basically"}),
        ],
    ),
    (
        "汽车配件厂工伤保险待遇",
        "12351",
        "12351-0911-12",
        "insurance",
        "ordinary",
        2,
        "安定镇",
        "安定汽车配件有限公司",
        None,
        ("许亮", "15677778888", ""),
        at(9, 11, 9),
        "12351热线转来：职工工伤后企业未申报工伤认定。",
        [
            (at(9, 11, 14), ACC, "cadre3", {}),
            (at(9, 18, 15), RES, "cadre3", {"note": "指导企业申报工伤认定，已受理。"}),
            (at(9, 21, 10), SAT, "cadre3", {"satisfaction": "satisfied"}),
        ],
    ),
    (
        "园艺公司季节工劳动争议",
        "12345",
        "20261020-0310",
        "dispute",
        "ordinary",
        2,
        "魏善庄镇",
        "魏善庄月季园艺有限公司",
        None,
        ("邓芳", "15788889999", ""),
        at(10, 20, 9),
        "12345转来：季节工被提前辞退，要求支付剩余工期工资。",
        [
            (at(10, 21, 10), ACC, "cadre3", {}),
            (at(10, 28, 10), ESC, "team3", {"note": "企业拒绝调解。", "escalated_to": "魏善庄镇党委、政府"}),
        ],
    ),
    (
        "酒业公司拖欠绩效奖金",
        "yanhe",
        "YH-2026-1102",
        "wages",
        "ordinary",
        2,
        "采育镇",
        "采育葡萄酒业有限公司",
        None,
        ("彭涛", "15899990000", ""),
        at(11, 2, 10),
        "言和平台转来：职工反映年中绩效奖金迟迟未发。",
        [
            (at(11, 3, 10), ACC, "cadre3", {}),
            (at(11, 10, 15), RES, "cadre3", {"note": "企业承诺月底前发放。"}),
            (at(11, 11, 10), SAT, "cadre3", {"satisfaction": "unsatisfied", "note": "职工称仅为口头承诺。"}),
            (at(11, 12, 9), REO, "team3", {"note": "职工不满意，奖金未实际发放，重新办理。"}),
            (at(11, 13, 9), INS, "leader", {"note": "不能以承诺代替解决，务必跟踪到奖金到账。"}),
        ],
    ),
    (
        "困难职工申请大病救助",
        "letter",
        "",
        "hardship",
        "ordinary",
        2,
        "青云店镇",
        None,
        None,
        ("蒋兰", "15900001111", ""),
        at(10, 9, 10),
        "职工来信：家属患重病，申请大病救助。",
        [
            (at(10, 12, 10), ACC, "cadre3", {}),
            (at(10, 30, 15), RES, "staff", {"note": "经审核纳入大病救助，救助金已发放。"}),
            (at(11, 2, 10), SAT, "cadre3", {"satisfaction": "satisfied"}),
        ],
    ),
]


def _lookup(stdout):
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    teams = {t.name: t for t in WorkTeam.objects.filter(campaign=campaign)} if campaign else {}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
    missing = [n for n in TEAM_NAMES if n not in teams] + [u for u in USERNAMES if u not in users]
    if campaign is None or missing:
        stdout.write("  职工诉求：未找到演示蹲点活动、小组或用户，跳过（请先运行 campaigns.demo.seed）。")
        return None
    return {
        "campaign": campaign,
        "teams": [teams[name] for name in TEAM_NAMES],
        "users": users,
        "units": {u.name: u for u in UnionUnit.objects.all()},
        "enterprises": {e.name: e for e in Enterprise.objects.all()},
    }


def _backdate(issue, kind, when, responded_before):
    """Give the action just performed its scripted time (without another version bump)."""
    IssueAction.objects.filter(pk=issue.actions.order_by("-id").values("pk")[:1]).update(created_at=when)
    fields = {}
    if kind in (ACC, CON) and responded_before is None:
        fields["responded_at"] = when
    if kind in (RES, EXP):
        fields["closed_at"] = when
    if kind == SAT:
        fields["satisfaction_at"] = when
    if fields:
        WorkerIssue.objects.filter(pk=issue.pk).update(**fields)


def _visit(ctx, team, unit, spec):
    if spec is None:
        return None
    day, kind = spec
    return Visit.objects.filter(campaign=ctx["campaign"], team=team, unit=unit, date=day, kind=kind).first()


def _create(ctx, row):
    (title, source, number, category, urgency, team_index, unit_name, enterprise_name, visit_spec, worker, received,
     description, steps) = row  # fmt: skip
    team = ctx["teams"][team_index]
    unit = ctx["units"][unit_name]
    cadre = ctx["users"][f"cadre{team_index + 1}"]
    received_at = timezone.now() - dt.timedelta(hours=1) if received == "recent" else received
    issue = open_issue(
        created_by=ctx["users"]["staff"] if source != "field" else cadre,
        source=source,
        hotline_number=number,
        category=category,
        urgency=urgency,
        team=team,
        unit=unit,
        campaign=ctx["campaign"],
        title=title,
        description=description,
        received_at=received_at,
        worker_name=worker[0],
        worker_phone=worker[1],
        worker_id_number=worker[2],
        enterprise=ctx["enterprises"].get(enterprise_name) if enterprise_name else None,
        visit=_visit(ctx, team, unit, visit_spec),
    )
    IssueAction.objects.filter(issue=issue).update(created_at=received_at)
    for when, kind, username, params in steps:
        responded_before = issue.responded_at
        issue = workflow.perform(issue.pk, ctx["users"][username], kind, version=issue.version, **params)
        _backdate(issue, kind, when, responded_before)
        issue.refresh_from_db()
    return issue


def seed(stdout):
    """Seed the demo tickets (called by ``manage.py seed_demo``)."""
    ctx = _lookup(stdout)
    if ctx is None:
        return
    created = 0
    for row in TICKETS:
        title, source, number = row[0], row[1], row[2]
        exists = WorkerIssue.objects.filter(campaign=ctx["campaign"], title=title).exists() or (
            number and WorkerIssue.objects.filter(source=source, hotline_number=number).exists()
        )
        if exists:
            continue
        if row[6] not in ctx["units"]:
            stdout.write(f"  职工诉求：未找到单位 {row[6]}，跳过“{title}”。")
            continue
        _create(ctx, row)
        created += 1
    total = WorkerIssue.objects.filter(campaign=ctx["campaign"]).count()
    stdout.write(f"  职工诉求：{total} 件（新建 {created} 件）")
