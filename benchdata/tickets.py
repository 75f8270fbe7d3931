"""Generated tickets with the timeline the services would have written for them.

Each ticket is opened as ``issues.services.open_issue`` opens one (code, deadlines from
the deadline rules on the working-day calendar, the 登记 entry with the rule's note) and
then lives through the actions of ``issues.workflow`` in an order the state machine
allows, each by someone allowed to take it: 受理 → 联系职工 → (上报 → 记录答复) → 备注 /
领导批示 → 办结（解决 / 解释说明） → 回访满意度. Whatever would happen after ``now`` has not
happened yet, which leaves tickets in every status, some of them overdue. ``version`` is
the number of entries after 登记, as ``issues.timeline.commit`` counts.
"""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from issues.models import IssueAction, IssueCodeCounter, WorkerIssue
from issues.services import CODE_PREFIX, FALLBACK_RULE, Deadlines, deadline_rule_for, provisional_note
from privacy import crypto

from . import names
from .writer import TableWriter, next_id

Kind = IssueAction.Kind
LOCAL = ZoneInfo(settings.TIME_ZONE)
CHUNK = 10_000
HOTLINE_SOURCES = [("12345", 60, "GD"), ("12351", 30, "ZG"), ("yanhe", 10, "YH")]
CATEGORIES = [
    ("wages", 30, "反映企业拖欠{n}个月工资", "职工反映所在企业自{m}月起未按时足额发放工资，涉及{k}人，请求协调解决。"),
    ("insurance", 20, "反映企业未缴纳社会保险", "职工反映入职{n}个月企业仍未为其缴纳社会保险，要求补缴。"),
    ("dispute", 15, "解除劳动合同未支付经济补偿", "职工反映被企业单方解除劳动合同，未支付经济补偿金约{k}千元。"),
    ("hardship", 12, "申请困难职工帮扶", "职工家庭成员患重病，家庭收入低，申请困难帮扶。"),
    ("health", 8, "反映作业环境噪声粉尘超标", "职工反映车间噪声和粉尘较大，企业未配发防护用品。"),
    ("reemployment", 6, "失业后希望参加技能培训", "职工失业{n}个月，希望参加技能培训并推荐就业岗位。"),
    ("union", 5, "希望加入工会", "新就业形态劳动者希望就近加入工会组织，享受会员服务。"),
    ("other", 4, "咨询带薪年休假规定", "职工咨询带薪年休假天数及未休年假工资的计算方法。"),
]
BODIES = ["区人力社保局劳动保障监察大队", "属地街道办事处", "区劳动人事争议仲裁院", "区信访办", "区总工会法律服务中心"]
NOTES = [
    "已电话联系职工，了解诉求详情。",
    "已与企业人事负责人沟通，企业表示尽快处理。",
    "职工补充提供了工资条和考勤记录。",
]
INSTRUCTIONS = ["请抓紧协调，按时限办结。", "此类问题较集中，请汇总分析。"]
SATISFACTION = [("satisfied", 70), ("basically", 22), ("unsatisfied", 8)]


class Deadliner:
    """``issues.services.compute_deadlines`` for many tickets: rules and calendar read once."""

    def __init__(self, calendar: dict, loaded_years: set):
        self.calendar = calendar
        self.loaded_years = loaded_years
        self.rules = {}
        self.workday_cache = {}

    def rule(self, source, category, urgency):
        key = (source, category, urgency)
        if key not in self.rules:
            self.rules[key] = deadline_rule_for(source, category, urgency)
        return self.rules[key]

    def add_workdays(self, day, n):
        key = (day, n)
        if key not in self.workday_cache:
            current, remaining = day, n
            while remaining > 0:
                current += dt.timedelta(days=1)
                if self.calendar.get(current, current.weekday() < 5):
                    remaining -= 1
            self.workday_cache[key] = current
        return self.workday_cache[key]

    def due(self, received_at, workdays, hours):
        if hours:
            return received_at + dt.timedelta(hours=hours)
        day = self.add_workdays(received_at.astimezone(LOCAL).date(), workdays)
        return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LOCAL)

    def compute(self, source, category, urgency, received_at) -> Deadlines:
        rule = self.rule(source, category, urgency)
        eff = rule or FALLBACK_RULE
        response = self.due(received_at, eff.response_workdays, eff.response_hours)
        resolution = self.due(received_at, eff.resolution_workdays, eff.resolution_hours)
        day_based = [d for d, h in ((response, eff.response_hours), (resolution, eff.resolution_hours)) if not h]
        missing = ()
        if day_based:
            first = received_at.astimezone(LOCAL).year
            last = max(day_based).astimezone(LOCAL).year
            missing = tuple(y for y in range(first, last + 1) if y not in self.loaded_years)
        return Deadlines(min(response, resolution), resolution, rule, missing)


def _weighted(rnd, table):
    return rnd.choices(table, [row[1] for row in table])[0]


def ticket_specs(rnd, world, counts, field_found, now):
    """(received_at, entered_at, source, campaign plan, assignment plan, author, visit id, enterprise id) per ticket."""
    specs = []
    for vid, plan, a, day, author, enterprise in field_found:
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(rnd.randint(9, 16), rnd.randint(0, 59))))
        received = min(received, now - dt.timedelta(minutes=30))  # a visit of today: found before now
        entered = min(received + dt.timedelta(minutes=rnd.randint(5, 180)), now)
        specs.append((received, entered, "field", plan, a, author, vid, enterprise))
    hotline = sum(counts) - len(field_found)
    share = [c / sum(counts) for c in counts] if sum(counts) else []
    for _ in range(max(hotline, 0)):
        plan = rnd.choices(world.campaigns, share)[0]
        span = (plan.last_day - plan.campaign.start_date).days
        day = plan.campaign.start_date + dt.timedelta(days=rnd.randint(0, span))
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(rnd.randint(7, 21), rnd.randint(0, 59))))
        received = min(received, now - dt.timedelta(minutes=30))
        entered = min(received + dt.timedelta(minutes=rnd.randint(10, 600)), now)
        a = rnd.choice(plan.assignments)
        enterprise = rnd.choice(a.enterprise_ids) if a.enterprise_ids and rnd.random() < 0.6 else None
        source = _weighted(rnd, HOTLINE_SOURCES)[0]
        specs.append((received, entered, source, plan, a, world.staff_id, None, enterprise))
    specs.sort(key=lambda s: (s[1], s[0]))
    return specs


def _lifecycle(rnd, t, world, team, now):
    """The actions after 登记, as (at, kind, actor, changes to the ticket, entry fields); stops at ``now``."""
    events = []
    at = t["created_at"]
    window = max(t["response_due"] - t["received_at"], dt.timedelta(hours=1))
    late = rnd.random() < 0.12
    at = max(at, t["received_at"] + window * (rnd.uniform(1.05, 2.5) if late else rnd.uniform(0.02, 0.9)))
    members = team.member_ids
    leader = team.leader_id
    if t["source"] == "field" and rnd.random() < 0.7:
        acceptor, handler = t["created_by_id"], t["created_by_id"]
        note = ""
    else:
        acceptor, handler = leader, rnd.choice(members[1:] or members)
        note = f"承办人：{world.user_names[handler]}" if handler != acceptor else ""
    events.append(
        (at, Kind.ACCEPT, acceptor, {"handler_id": handler, "status": "processing", "responded_at": at}, {"note": note})
    )
    if rnd.random() < 0.6:
        at += dt.timedelta(hours=rnd.uniform(1, 48))
        events.append((at, Kind.CONTACT, handler, {}, {"note": rnd.choice(NOTES)}))
    step = 1
    if rnd.random() < 0.12:
        at += dt.timedelta(hours=rnd.uniform(24, 120))
        to_step = rnd.choices([2, 3, 4], [80, 15, 5])[0]
        body = rnd.choice(BODIES)
        reason = "企业拒不整改，需属地协调。"
        note = f"越级上报（第{step}级 → 第{to_step}级）：{reason}" if to_step - step > 1 else reason
        changes = {
            "escalation_step": to_step,
            "escalated_to": body,
            "reply": "",
            "reply_on": None,
            "follow_up_on": None,
        }
        events.append((at, Kind.ESCALATE, leader, changes, {"note": note, "escalated_to": body}))
        step = to_step
        if rnd.random() < 0.7:
            at += dt.timedelta(days=rnd.uniform(2, 10))
            reply_on = at.astimezone(LOCAL).date()
            follow = reply_on + dt.timedelta(days=rnd.randint(7, 14)) if rnd.random() < 0.4 else None
            text = f"{body}答复：已责令企业限期整改。"
            changes = {"reply": text, "reply_on": reply_on, "follow_up_on": follow}
            events.append(
                (at, Kind.REPLY, handler, changes, {"note": text, "reply_on": reply_on, "follow_up_on": follow, "escalated_to": body})
            )  # fmt: skip
    if rnd.random() < 0.15:
        at += dt.timedelta(hours=rnd.uniform(2, 72))
        events.append((at, Kind.NOTE, rnd.choice(members), {}, {"note": rnd.choice(NOTES)}))
    if rnd.random() < 0.04:
        at += dt.timedelta(hours=rnd.uniform(2, 48))
        events.append((at, Kind.INSTRUCTION, world.leadership_id, {}, {"note": rnd.choice(INSTRUCTIONS)}))
    if rnd.random() < 0.06:  # stuck: still being handled, overdue sooner or later
        return [e for e in events if e[0] <= now]
    target = t["resolution_due"] - (t["resolution_due"] - at) * rnd.uniform(0.05, 0.9)
    at = max(
        at + dt.timedelta(hours=1),
        target if rnd.random() < 0.85 else t["resolution_due"] + dt.timedelta(days=rnd.uniform(0.5, 10)),
    )
    explain = step == 4 or rnd.random() < 0.15
    kind, actor = (Kind.EXPLAIN, leader) if explain else (Kind.RESOLVE, handler)
    closing = {
        "status": "closed",
        "closed_at": at,
        "closing_kind": "explained" if explain else "solved",
        "follow_up_on": None,
    }
    events.append(
        (at, kind, actor, closing, {"note": "已向职工解释相关政策。" if explain else "问题已解决，职工已领取欠薪。"})
    )
    if rnd.random() < 0.8:
        at += dt.timedelta(hours=rnd.uniform(4, 60) if rnd.random() < 0.9 else rnd.uniform(100, 300))
        value = _weighted(rnd, SATISFACTION)[0]
        label = {"satisfied": "满意", "basically": "基本满意", "unsatisfied": "不满意"}[value]
        events.append((at, Kind.SATISFACTION, handler, {"satisfaction": value, "satisfaction_at": at}, {"note": label}))
    return [e for e in events if e[0] <= now]


WORKERS = 100_000  # people who call the hotlines or are met at visits; some come back with a second issue


def worker_pool(rnd, size):
    """(name, phone token, phone hash, ID token, ID hash) per person: each encrypted once (Fernet is slow)."""
    pool = []
    for _ in range(max(size, 1)):
        phone = names.mobile(rnd)
        id_number = names.id_number(rnd) if rnd.random() < 0.3 else ""
        pool.append(
            (names.person_name(rnd), crypto.encrypt(phone), crypto.keyed_hash(phone), crypto.encrypt(id_number),
             crypto.keyed_hash(id_number))
        )  # fmt: skip
    return pool


ACTION_COLUMNS = [
    "id", "issue_id", "kind", "actor_id", "created_at", "note", "from_status", "to_status", "from_step", "to_step",
    "escalated_to", "reply_on", "follow_up_on", "attachment", "attachment_name",
]  # fmt: skip


def generate_tickets(rnd, world, specs, deadliner, now, log) -> int:
    columns = [f.column for f in WorkerIssue._meta.concrete_fields]
    issues = TableWriter(WorkerIssue, columns)
    actions = TableWriter(IssueAction, ACTION_COLUMNS)
    issue_id, action_id = next_id(WorkerIssue), next_id(IssueAction)
    # Codes continue each year's counter, as ``issues.services.next_code`` would hand them out.
    numbers = defaultdict(int, IssueCodeCounter.objects.values_list("year", "last_number"))
    hotline_seq = defaultdict(int)
    ticket_rows, action_rows = [], []
    rule_texts = {}
    workers = worker_pool(rnd, min(len(specs), WORKERS))
    for received, entered, source, plan, a, author, visit_id, enterprise in specs:
        category, _, title, text = _weighted(rnd, CATEGORIES)
        urgency = rnd.choices(["ordinary", "complex", "emergency"], [80, 15, 5])[0]
        deadlines = deadliner.compute(source, category, urgency, received)
        year = received.astimezone(LOCAL).year
        numbers[year] += 1
        hotline = ""
        if source != "field":
            hotline_seq[source] += 1
            prefix = {s: p for s, _, p in HOTLINE_SOURCES}[source]
            hotline = f"{prefix}{received.astimezone(LOCAL):%Y%m%d}{hotline_seq[source]:06d}"
        worker_name, phone_token, phone_hash, id_token, id_hash = rnd.choice(workers)
        t = {
            "id": issue_id, "code": f"{CODE_PREFIX}-{year}-{numbers[year]:05d}", "source": source,
            "hotline_number": hotline, "category": category, "urgency": urgency,
            "worker_name": worker_name, "worker_phone": phone_token,
            "worker_id_number": id_token, "worker_phone_hash": phone_hash, "worker_id_number_hash": id_hash, "personal_data_masked_at": None,
            "campaign_id": plan.campaign.pk, "team_id": a.team.team.pk, "unit_id": a.assignment.unit_id,
            "assignment_id": a.assignment.pk, "enterprise_id": enterprise, "visit_id": visit_id,
            "title": title.format(n=rnd.randint(2, 6)),
            "description": text.format(n=rnd.randint(2, 6), m=rnd.randint(1, 12), k=rnd.randint(2, 40)),
            "handler_id": None, "status": "new", "escalation_step": 1, "received_at": received,
            "response_due": deadlines.response_due, "resolution_due": deadlines.resolution_due,
            "deadline_provisional": bool(deadlines.provisional_years), "responded_at": None, "closed_at": None,
            "escalated_to": "", "reply": "", "reply_on": None, "follow_up_on": None, "closing_kind": "",
            "satisfaction": "", "satisfaction_at": None, "created_by_id": author, "created_at": entered,
            "updated_at": entered, "version": 0, "project_id": None,
        }  # fmt: skip
        rule_text = rule_texts.get(deadlines.rule)
        if rule_text is None:
            rule_text = rule_texts[deadlines.rule] = str(deadlines.rule) if deadlines.rule else FALLBACK_RULE.note
        entry = (issue_id, Kind.CREATE.value, author, entered, f"时限规则：{rule_text}" + provisional_note(deadlines),
                 "", "new", None, 1, "", None, None, "", "")  # fmt: skip
        action_rows.append((action_id, *entry))
        action_id += 1
        for at, kind, actor, changes, fields in _lifecycle(rnd, t, world, a.team, now):
            from_status, from_step = t["status"], t["escalation_step"]
            t.update(changes)
            t["version"] += 1
            t["updated_at"] = at
            action_rows.append(
                (action_id, issue_id, kind.value, actor, at, fields.get("note", ""), from_status, t["status"],
                 from_step, t["escalation_step"], fields.get("escalated_to", ""), fields.get("reply_on"),
                 fields.get("follow_up_on"), "", "")
            )  # fmt: skip
            action_id += 1
        ticket_rows.append(tuple(t[c] for c in columns))
        issue_id += 1
        if len(ticket_rows) >= CHUNK:
            issues.write(ticket_rows)
            actions.write(action_rows)
            ticket_rows, action_rows = [], []
            log(f"  tickets: {issues.rows_written:,} / {len(specs):,}")
    issues.write(ticket_rows)
    actions.write(action_rows)
    for year, last in numbers.items():
        counter, _ = IssueCodeCounter.objects.get_or_create(year=year)
        IssueCodeCounter.objects.filter(pk=counter.pk).update(last_number=max(counter.last_number, last))
    return actions.rows_written
