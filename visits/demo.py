"""Demo data for visits: the three teams' work plans and the visits they made.

Runs after ``campaigns.demo.seed`` (settings.DEMO_SEEDERS). The visits of
8月4日 (第一小组, care visit to the delivery and courier rest station in
高米店街道), 8月9日 (第二小组, forum with seven enterprises without a union in
兴丰街道) and the 第三小组 forum in 魏善庄镇 follow the article in the project's
seeds; the rest are fictional, spread over July–November.

Idempotent: a visit is found by (campaign, team, unit, date, kind), a plan by
(campaign, team, unit, date, purpose), a recruitment row by (visit, group);
photos are added only to a visit that has none.
"""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from campaigns.demo import shifted
from campaigns.models import Assignment, Campaign, Enterprise, UnionUnit, WorkerGroup, WorkTeam

from .models import PlannedVisit, Recruitment, Visit
from .photos import process_photo
from .services import store_photos
from .signals import visit_written

CAMPAIGN_NAME = "2026年机关干部赴基层蹲点活动"
TEAM_NAMES = ["第一蹲点小组", "第二蹲点小组", "第三蹲点小组"]
TEAM_USERS = [("team1", "cadre1"), ("team2", "cadre2"), ("team3", "cadre3")]
D = dt.date
K = Visit.Kind

# key, date, team index, unit, kind, place, enterprises, people met, workers reached, author,
# summary, (operations, mood, hot spots), {group: recruited}, photos
VISITS = [
    ("t1-xhm", D(2026, 7, 20), 0, "西红门镇", K.FORUM, "西红门镇总工会", ["红门通达物流有限公司", "宏盛商业管理有限公司"],
     "镇总工会主席、重点企业负责人", 25, "team1",
     "与属地工会干部、重点企业负责人交流，初步掌握片区实际情况，根据区域特点制定蹲点工作计划。",
     ("物流、商业企业经营平稳，旺季用工紧张。", "职工关注加班安排和子女入学。", ""), {}, 0),
    ("t1-yz", D(2026, 7, 28), 0, "亦庄镇", K.SITE, "亦创电子科技有限公司", ["亦创电子科技有限公司"],
     "企业行政负责人", 15, "cadre1", "走访未建会企业，宣传建会政策，了解企业对建会的顾虑。",
     ("订单充足，正在扩产。", "", "企业担心建会增加管理成本。"), {}, 0),
    ("t1-gmd-care", D(2026, 8, 4), 0, "高米店街道", K.CARE, "绿地缤纷城外卖快递综合休闲驿站",
     ["绿城外卖快递综合服务驿站", "京南迅捷快递服务有限公司"], "驿站负责人、快递站点负责人", 60, "team1",
     "实地查看外卖快递驿站的硬件设施建设情况，详细了解外卖骑手和快递小哥在驿站内可以享受到的具体服务项目，"
     "为外卖、快递小哥送去清凉慰问品。",
     ("驿站配有手机充电、电瓶充电、WiFi及智能外卖恒温取餐柜，为骑手提供一站式服务。",
      "骑手、快递小哥对驿站评价高，称之为“京南外卖快递4S店”，希望附近增设休息点。",
      "部分骑手未签订劳动合同，职业伤害保障需要跟进。"),
     {"网约送餐员": 12, "快递员": 9}, 2),
    ("t1-gmd-books", D(2026, 8, 4), 0, "高米店街道", K.SITE, "24小时城市书房更读书社职工书屋", ["书香里文化发展有限公司"],
     "书屋负责人", 20, "team1", "走访24小时更读书社职工书屋，了解书屋向骑手、快递小哥开放的情况。",
     ("", "骑手在工作间隙到书屋休息、阅读，反响良好。", ""), {}, 0),
    ("t1-hc", D(2026, 8, 18), 0, "黄村镇", K.SITE, "康宁护理服务有限公司", ["康宁护理服务有限公司"],
     "公司负责人、护理员代表", 30, "cadre1", "走访护理服务企业，宣传入会政策，现场为护理员办理入会。",
     ("", "护理员工作强度大，希望有更多培训机会。", "夜班补贴标准不统一。"), {"护工护理员": 6}, 0),
    ("t1-gmd-forum", D(2026, 9, 2), 0, "高米店街道", K.FORUM, "高米店街道总工会", ["绿城外卖快递综合服务驿站"],
     "驿站站长、骑手代表", 35, "cadre1", "召开骑手座谈会，推动骑手集中入会，介绍工会服务项目。",
     ("", "骑手对入会后的保险保障最关心。", ""), {"网约送餐员": 15}, 0),
    ("t1-xmt", D(2026, 9, 5), 0, "新媒体产业基地", K.RESEARCH, "新媒体产业基地管委会", ["星光影视制作有限公司"],
     "基地工会负责人", 18, "cadre1", "调研在新媒体基地建立六方工作站的条件，走访影视制作企业。",
     ("项目制用工多，人员流动大。", "", "劳务派遣和项目制用工的劳动关系认定难。"), {}, 0),
    ("t1-yz-2", D(2026, 9, 20), 0, "亦庄镇", K.SITE, "亦创电子科技有限公司", ["亦创电子科技有限公司"],
     "企业负责人、职工代表", 40, "team1", "指导企业筹建工会，讲解筹建程序和材料。", ("", "", ""), {}, 0),
    ("t1-yh", D(2026, 10, 16), 0, "瀛海镇", K.LAW, "瀛海绿源食品有限公司", ["瀛海绿源食品有限公司"],
     "企业工会主席", 80, "cadre1", "开展工会法和劳动法律法规宣讲，提高职工法治意识。", ("", "职工对社保缴费基数有疑问。", ""),
     {}, 0),
    ("t1-jg", D(2026, 11, 12), 0, "旧宫镇", K.MEDIATION, "旧宫恒达机械制造有限公司", ["旧宫恒达机械制造有限公司"],
     "企业人事经理、职工代表", 6, "team1", "参与调解一起加班费争议，双方达成一致。", ("", "", "加班费计算口径不一致。"),
     {}, 0),
    ("t2-gys", D(2026, 7, 21), 1, "观音寺街道", K.FORUM, "观音寺街道总工会", ["观音寺建筑工程有限公司", "安邦保安服务有限公司"],
     "街道总工会主席、企业负责人", 20, "team2", "与街道总工会及重点企业座谈，了解片区劳动关系情况，制定蹲点工作计划。",
     ("建筑企业项目分散。", "", "农民工工资支付需要持续关注。"), {}, 0),
    ("t2-xf-forum", D(2026, 8, 9), 1, "兴丰街道", K.FORUM, "兴丰街道总工会",
     ["兴丰同城配送有限公司", "快马即时物流有限公司", "云途网约车服务有限公司", "星河直播电商有限公司",
      "安心家政服务有限公司", "兴丰彩印包装有限公司", "丰泽餐饮管理有限公司"],
     "7家未建会企业负责人", 14, "team2",
     "开展蹲点调研暨未建会企业沟通会，听取7家未建会企业负责人介绍，结合实际案例交流建立工会组织对促进和谐劳动关系、"
     "开展服务活动、提升企业社会影响力的作用。会后4家新业态企业、1家八大员企业负责人表示将尽快备齐材料准备建会。",
     ("7家企业介绍了生产经营情况、职工结构以及职业发展规划。", "职工对加入工会有期待。",
      "企业对建会存在疑虑：程序是否复杂、会费如何缴纳、是否影响经营。"),
     {}, 1),
    ("t2-swyy", D(2026, 8, 12), 1, "生物医药产业基地", K.SITE, "瑞济制药有限公司", ["瑞济制药有限公司"],
     "企业人力资源负责人", 12, "cadre2", "走访未建会制药企业，宣传建会政策。", ("", "", ""), {}, 0),
    ("t2-qy", D(2026, 8, 25), 1, "清源街道", K.SITE, "清源安居房地产经纪有限公司", ["清源安居房地产经纪有限公司"],
     "门店店长", 10, "cadre2", "走访房产中介门店，为房产中介员办理入会。", ("", "中介员收入波动大。", ""),
     {"房产中介员": 4}, 0),
    ("t2-pgz", D(2026, 9, 8), 1, "庞各庄镇", K.RESEARCH, "金瓜农业科技有限公司", ["金瓜农业科技有限公司"],
     "企业工会主席", 30, "team2", "调研农民工入会和服务情况。", ("", "季节工希望有稳定的用工渠道。", ""), {}, 0),
    ("t2-dsh", D(2026, 9, 16), 1, "的士职工之家", K.CARE, "的士职工之家", ["京南出租汽车有限公司"],
     "出租车司机代表", 50, "cadre2", "慰问出租车司机，送去防暑降温用品，听取司机意见。",
     ("", "司机反映夜间就餐、如厕不便。", ""), {}, 0),
    ("t2-swyy-2", D(2026, 10, 15), 1, "生物医药产业基地", K.FORUM, "生物医药产业基地管委会",
     ["瑞济制药有限公司", "华康生物医药有限公司"], "基地工会、企业负责人", 25, "team2",
     "座谈探索在生物医药基地建立六方工作站，推动瑞济制药成立筹备组。", ("", "", ""), {}, 0),
    ("t2-gys-2", D(2026, 11, 5), 1, "观音寺街道", K.SITE, "安邦保安服务有限公司", ["安邦保安服务有限公司"],
     "公司负责人、保安员代表", 45, "cadre2", "走访保安服务企业，现场为保安员办理入会。", ("", "", "部分保安员社保缴纳不足。"),
     {"保安员": 18}, 0),
    ("t3-yf", D(2026, 7, 20), 2, "榆垡镇", K.FORUM, "榆垡镇总工会", ["榆垡空港物流有限公司"], "镇总工会主席、企业负责人", 20,
     "team3", "与镇总工会及临空区企业座谈，初步掌握片区情况，制定蹲点工作计划。", ("临空物流企业发展快。", "", ""), {}, 0),
    ("t3-cy", D(2026, 7, 22), 2, "采育镇", K.SITE, "采育葡萄酒业有限公司", ["采育葡萄酒业有限公司"], "企业负责人", 15, "team3",
     "走访未建会企业，宣传建会政策。", ("", "", ""), {}, 0),
    ("t3-wsz-forum", D(2026, 8, 6), 2, "魏善庄镇", K.FORUM, "魏善庄镇总工会",
     ["魏善庄月季园艺有限公司", "善庄食品加工有限公司"], "辖区企业代表", 22, "team3",
     "赴魏善庄镇开展蹲点调研，与辖区企业代表座谈：注重维权，关注职工会员的基本权利，保障企业良好发展；"
     "在企政关系中做到早发现、早介入、早解决。",
     ("企业经营总体平稳。", "职工希望工会多组织文体活动。", ""), {}, 1),
    ("t3-ad", D(2026, 8, 20), 2, "安定镇", K.SITE, "安定汽车配件有限公司", ["安定汽车配件有限公司"], "企业负责人", 35, "cadre3",
     "走访汽车配件企业，宣传建会政策。", ("订单下滑，部分岗位轮休。", "职工担心收入下降。", "轮休期间工资支付。"), {}, 0),
    ("t3-yf-2", D(2026, 9, 10), 2, "榆垡镇", K.SITE, "榆垡空港物流有限公司", ["榆垡空港物流有限公司"], "车队队长、司机代表",
     60, "cadre3", "走访物流企业车队，为货车司机集中办理入会。", ("", "货车司机关注停车休息和保险。", ""),
     {"货车司机": 21}, 0),
    ("t3-cy-2", D(2026, 10, 30), 2, "采育镇", K.OTHER, "采育葡萄酒业有限公司", ["采育葡萄酒业有限公司"], "企业负责人、职工代表", 55,
     "cadre3", "参加企业工会成立大会，指导建立集体协商制度。", ("", "", ""), {}, 0),
    ("t3-czy", D(2026, 11, 18), 2, "长子营镇", K.LAW, "长子营镇职工之家", [], "镇总工会干部", 40, "cadre3",
     "开展劳动法律法规普法宣讲。", ("", "", ""), {}, 0),
]  # fmt: skip

# date, team index, unit, purpose, enterprises, done by visit key, cancelled
PLANS = [
    (D(2026, 8, 4), 0, "高米店街道", "走访外卖快递综合休闲驿站，慰问外卖、快递小哥", [], "t1-gmd-care", False),
    (D(2026, 8, 9), 1, "兴丰街道", "召开未建会企业沟通会", [], "t2-xf-forum", False),
    (D(2026, 8, 6), 2, "魏善庄镇", "与辖区企业代表座谈", [], "t3-wsz-forum", False),
    (D(2026, 11, 20), 1, "北臧村镇", "走访北臧村镇重点企业", [], None, False),
    (D(2026, 11, 25), 2, "礼贤镇", "企业座谈会（企业停工，改期）", [], None, True),
    (D(2026, 12, 3), 0, "林校路街道", "走访辖区快递网点，推动快递员入会", [], None, False),
    (D(2026, 12, 10), 0, "高米店街道", "回访外卖驿站，了解骑手入会后的服务需求", ["绿城外卖快递综合服务驿站"], None, False),
    (D(2026, 12, 4), 1, "兴丰街道", "回访表态建会的5家企业，指导准备建会材料",
     ["兴丰同城配送有限公司", "快马即时物流有限公司", "云途网约车服务有限公司", "星河直播电商有限公司", "安心家政服务有限公司"],
     None, False),
    (D(2026, 12, 15), 1, "天宫院街道", "普法宣讲进楼宇", [], None, False),
    (D(2026, 12, 8), 2, "礼贤镇", "了解临空经济区企业用工情况", [], None, False),
    (D(2026, 12, 17), 2, "青云店镇", "走访青云店镇未建会企业", [], None, False),
]  # fmt: skip

PHOTO_COLOURS = [(179, 38, 30), (30, 90, 160), (40, 140, 80)]


def _demo_photo(index: int):
    """A small generated picture (no real people), put through the real photo service."""
    image = Image.new("RGB", (640, 480), PHOTO_COLOURS[index % len(PHOTO_COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 260, 580, 440), fill=(245, 245, 245))
    draw.ellipse((240, 60, 400, 220), fill=(250, 210, 80))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=80)
    return process_photo(SimpleUploadedFile(f"demo-{index}.jpg", buf.getvalue(), content_type="image/jpeg"))


def _lookup(stdout):
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).first()
    teams = {t.name: t for t in WorkTeam.objects.filter(campaign=campaign)} if campaign else {}
    if campaign is None or any(name not in teams for name in TEAM_NAMES):
        stdout.write("  走访：未找到演示蹲点活动或小组，跳过（请先运行 campaigns.demo.seed）。")
        return None
    users = {u.username: u for u in get_user_model().objects.filter(username__in=sum(TEAM_USERS, ()))}
    assigned = {(a.team_id, a.unit.name) for a in Assignment.objects.filter(campaign=campaign).select_related("unit")}
    return {
        "campaign": campaign,
        "teams": [teams[name] for name in TEAM_NAMES],
        "users": users,
        "assigned": assigned,
        "units": {u.name: u for u in UnionUnit.objects.all()},
        "enterprises": {e.name: e for e in Enterprise.objects.all()},
        "groups": {g.name: g for g in WorkerGroup.objects.all()},
    }


def _visits(ctx, stdout):
    by_key, created, skipped, photo_index = {}, 0, 0, 0
    for (key, day, team_i, unit_name, kind, place, enterprise_names, people, reached, author_name, summary,
         (operations, mood, hotspots), recruited, photos) in VISITS:  # fmt: skip
        team = ctx["teams"][team_i]
        day = shifted(day)
        leader_name, cadre_name = TEAM_USERS[team_i]
        author = ctx["users"].get(author_name)
        if (team.pk, unit_name) not in ctx["assigned"] or author is None:
            skipped += 1
            continue
        natural_key = {
            "campaign": ctx["campaign"],
            "team": team,
            "unit": ctx["units"][unit_name],
            "date": day,
            "kind": kind,
        }
        visit = Visit.objects.filter(**natural_key).first()
        new = visit is None
        if new:
            visit = Visit(
                **natural_key,
                place=place,
                people_met=people,
                workers_reached=reached,
                summary=summary,
                operations_findings=operations,
                mood_findings=mood,
                hotspot_findings=hotspots,
                created_by=author,
            )
            # 填报时间 and the history say who wrote it and when: the evening of the visit.
            visit.created_at = timezone.make_aware(dt.datetime.combine(day, dt.time(18)))
            visit._history_date = visit.created_at
            visit._history_user = author
            visit.save()
        created += new
        visit.cadres.add(*[u for u in (ctx["users"].get(leader_name), ctx["users"].get(cadre_name)) if u])
        visit.enterprises.add(*[ctx["enterprises"][n] for n in enterprise_names if n in ctx["enterprises"]])
        for group_name, count in recruited.items():
            Recruitment.objects.get_or_create(visit=visit, group=ctx["groups"][group_name], defaults={"count": count})
        if photos and not visit.photos.exists():
            processed = []
            for _ in range(photos):
                processed.append(_demo_photo(photo_index))
                photo_index += 1
            store_photos(visit, processed, author, [])
        by_key[key] = visit
        # Written here, not through save_visit (the demo's visits keep their own times): announce it the same way.
        visit_written.send(sender=Visit, visit=visit, before=None)
    note = f"，跳过 {skipped} 条（单位未分给该小组或用户不存在）" if skipped else ""
    stdout.write(f"  走访记录：{len(by_key)} 条（新建 {created} 条{note}）")
    return by_key


def _plans(ctx, visits_by_key, stdout):
    count, created = 0, 0
    for day, team_i, unit_name, purpose, enterprise_names, done_key, cancelled in PLANS:
        day = shifted(day)
        team = ctx["teams"][team_i]
        leader = ctx["users"].get(TEAM_USERS[team_i][0])
        if (team.pk, unit_name) not in ctx["assigned"] or leader is None:
            continue
        plan, new = PlannedVisit.objects.get_or_create(
            campaign=ctx["campaign"],
            team=team,
            unit=ctx["units"][unit_name],
            date=day,
            purpose=purpose,
            defaults={"created_by": leader, "is_cancelled": cancelled},
        )
        created += new
        plan.enterprises.add(*[ctx["enterprises"][n] for n in enterprise_names if n in ctx["enterprises"]])
        done_visit = visits_by_key.get(done_key)
        if done_visit is not None and plan.visit_id is None and not plan.is_cancelled:
            plan.visit = done_visit
            plan.save(update_fields=["visit"])
        count += 1
    stdout.write(f"  工作计划：{count} 条（新建 {created} 条）")


def seed(stdout):
    """Seed the visits part of the demo (called by ``manage.py seed_demo``)."""
    ctx = _lookup(stdout)
    if ctx is None:
        return
    visits_by_key = _visits(ctx, stdout)
    _plans(ctx, visits_by_key, stdout)
