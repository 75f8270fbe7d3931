"""Generated visits on working days, with enterprises met, cadres present, recruitment and plans."""

import datetime as dt

from django.utils import timezone

from visits.models import PlannedVisit, Recruitment, Visit

from .writer import TableWriter, next_id

CHUNK = 20_000
KINDS = [("site", 45), ("forum", 20), ("care", 15), ("law", 10), ("research", 6), ("mediation", 2), ("other", 2)]
SUMMARIES = [
    "走访企业，了解职工劳动报酬、休息休假和社会保险情况，宣讲工会入会政策。",
    "召开新就业形态劳动者座谈会，听取快递员、外卖骑手对站点管理和配送时效的意见。",
    "慰问一线职工，送去防暑降温物资，了解困难职工家庭情况。",
    "开展普法宣讲，讲解劳动合同法和工资支付规定，现场解答职工咨询。",
    "与企业负责人座谈，推动企业依法建立工会组织，介绍建会流程。",
]
FINDINGS = [
    "企业订单量较去年同期有所增长，用工总体稳定。",
    "受市场影响，企业生产任务不足，部分岗位轮休。",
    "企业正在扩大产能，计划新招一线职工三十人。",
    "",
]
MOODS = ["职工情绪总体稳定。", "部分职工关注社保缴费基数调整。", "骑手反映高峰时段配送压力大。", ""]
HOTSPOTS = ["", "", "个别职工反映加班费计算方式不清楚。", "存在未签订书面劳动合同的情况。"]
PEOPLE = ["企业负责人、工会主席", "人事经理、职工代表", "站点站长、骑手代表", "工会主席", ""]


def workdays_between(first: dt.date, last: dt.date, calendar: dict) -> list:
    days, day = [], first
    while day <= last:
        if calendar.get(day, day.weekday() < 5):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


class VisitWriter:
    def __init__(self):
        self.visits = TableWriter(
            Visit,
            [
                "id", "campaign_id", "team_id", "unit_id", "date", "kind", "place", "people_met", "workers_reached",
                "summary", "operations_findings", "mood_findings", "hotspot_findings", "client_id", "created_by_id",
                "created_at", "updated_at",
            ],
        )  # fmt: skip
        self.links = TableWriter(Visit.enterprises.through, ["id", "visit_id", "enterprise_id"])
        self.cadres = TableWriter(Visit.cadres.through, ["id", "visit_id", "user_id"])
        self.recruitment = TableWriter(Recruitment, ["id", "visit_id", "group_id", "count"])
        self.plans = TableWriter(
            PlannedVisit,
            ["id", "campaign_id", "team_id", "unit_id", "date", "purpose", "visit_id", "is_cancelled",
             "created_by_id", "created_at"],
        )  # fmt: skip
        self.plan_links = TableWriter(PlannedVisit.enterprises.through, ["id", "plannedvisit_id", "enterprise_id"])
        self.ids = {
            w: next_id(w.model)
            for w in (self.visits, self.links, self.cadres, self.recruitment, self.plans, self.plan_links)
        }
        self.buffers = {w: [] for w in self.ids}

    def add(self, writer, row_without_id) -> int:
        pk = self.ids[writer]
        self.ids[writer] += 1
        self.buffers[writer].append((pk, *row_without_id))
        if len(self.buffers[writer]) >= CHUNK:
            self.flush(writer)
        return pk

    def flush(self, writer=None):
        for w in [writer] if writer else list(self.buffers):
            w.write(self.buffers[w])
            self.buffers[w] = []


def local_time(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def generate_visits(rnd, world, counts, calendar, now, field_tickets: int, log) -> list:
    """Write the visits; return the field tickets they found: (visit id, campaign, assignment, day, author, enterprise)."""
    out = VisitWriter()
    today = timezone.localdate(now)
    kinds, kind_weights = zip(*KINDS, strict=True)
    total = sum(counts)
    found = []
    done = 0
    for plan, count in zip(world.campaigns, counts, strict=True):
        days = workdays_between(plan.campaign.start_date, plan.last_day, calendar)
        if not days:
            continue
        for day in sorted(rnd.choice(days) for _ in range(count)):
            a = rnd.choice(plan.assignments)
            team = a.team
            author = rnd.choice(team.member_ids)
            hour = rnd.randint(9, 16)
            created = local_time(day, hour, rnd.randint(0, 59)) + dt.timedelta(hours=rnd.choice([1, 2, 3, 5, 24]))
            created = min(created, now)
            vid = out.add(
                out.visits,
                (
                    plan.campaign.pk, team.team.pk, a.assignment.unit_id, day, rnd.choices(kinds, kind_weights)[0],
                    f"{a.assignment.unit.name}职工之家" if rnd.random() < 0.3 else "", rnd.choice(PEOPLE),
                    rnd.choice([0, 5, 10, 20, 30, 50, 80, 120]), rnd.choice(SUMMARIES), rnd.choice(FINDINGS),
                    rnd.choice(MOODS), rnd.choice(HOTSPOTS), None, author, created, created,
                ),
            )  # fmt: skip
            met = rnd.sample(a.enterprise_ids, min(len(a.enterprise_ids), rnd.choice([1, 2, 2, 3])))
            for e in met:
                out.add(out.links, (vid, e))
            present = {author, *rnd.sample(team.member_ids, rnd.choice([0, 1, 1, 2]))}
            for u in sorted(present):
                out.add(out.cadres, (vid, u))
            if rnd.random() < 0.3:
                for g in rnd.sample(world.group_ids, rnd.choice([1, 1, 2])):
                    out.add(out.recruitment, (vid, g, rnd.randint(1, 12)))
            if rnd.random() < 0.15:  # carried out from a plan made a few days before
                planned_at = created - dt.timedelta(days=rnd.randint(2, 10))
                pid = out.add(
                    out.plans,
                    (plan.campaign.pk, team.team.pk, a.assignment.unit_id, day, "走访企业，了解职工诉求", vid, False,
                     author, planned_at),
                )  # fmt: skip
                for e in met[:1]:
                    out.add(out.plan_links, (pid, e))
            # Field tickets spread evenly over the visits: exactly ``field_tickets`` of them.
            spawned = (done + 1) * field_tickets // total - done * field_tickets // total
            for _ in range(spawned):
                found.append((vid, plan, a, day, author, met[0] if met else None))
            done += 1
        _open_plans(rnd, out, plan, today, calendar, now)
        log(f"  visits: {done:,} / {total:,}")
    out.flush()
    return found


def _open_plans(rnd, out, plan, today, calendar, now):
    """The running campaign's plans for the next two weeks, and a few cancelled ones."""
    if plan.campaign.end_date < today:
        return
    days = workdays_between(today, min(plan.campaign.end_date, today + dt.timedelta(days=14)), calendar)
    for day in days:
        for a in rnd.sample(plan.assignments, min(len(plan.assignments), 6)):
            author = rnd.choice(a.team.member_ids)
            cancelled = rnd.random() < 0.05
            pid = out.add(
                out.plans,
                (plan.campaign.pk, a.team.team.pk, a.assignment.unit_id, day, "走访企业，宣讲入会政策", None, cancelled,
                 author, now),
            )  # fmt: skip
            if a.enterprise_ids:
                out.add(out.plan_links, (pid, rnd.choice(a.enterprise_ids)))
