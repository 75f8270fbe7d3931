"""Merging and splitting units (镇街调整) as one dated staff operation.

``plan_change`` computes, without writing anything, what moves where and by
which rule (the preview staff read); ``apply_change`` writes it in one
transaction. The rules, per campaign still running on the day of the change
(end date on or after it) in which a source unit is assigned:

- **Merge** (A and B become C): C is assigned to the team that covered the
  first source listed that is assigned in the campaign. Open tickets of A and B
  move to C under that team (a team change is a transfer to its leader), open
  plans from the change day on move to C, enterprises of A and B move to C.
- **Split** (A becomes B and C): B and C are both assigned to A's team. Open
  tickets, open plans from the change day on and enterprises of A move to the
  successor chosen as "原单位记录归入" (staff may move single enterprises later).

Old records (visits, closed tickets, plans already done) keep the unit they
were made under; reports sum them under ``UnionUnit.current_successor``. The
sources are marked not in use. Tickets move only through
``issues.services.move_to_successor`` (one timeline entry each). Refused with
a Chinese message, nothing written: fewer than two units to merge or two new
names in a split, a unit already merged or split, a new name already taken or
repeated, and a merge that would leave a team of a running campaign without
any unit (its assignment would point at a unit no longer in use).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from campaigns.models import Assignment, Campaign, Enterprise, UnionUnit, UnitChange
from campaigns.services import move_enterprises
from visits.models import PlannedVisit

from .models import Status, WorkerIssue
from .services import move_to_successor


class UnitChangeError(ValueError):
    def __init__(self, errors):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass
class Move:
    """One line of the preview: a rule and the records it moves."""

    rule: str
    items: list[str] = field(default_factory=list)


@dataclass
class CampaignPlan:
    campaign: Campaign
    # (successor index, team) → the new assignment to create
    new_assignments: list[tuple[int, object]] = field(default_factory=list)
    # ticket pk → (successor index, team)
    tickets: dict[int, tuple[int, object]] = field(default_factory=dict)
    # plan pk → (successor index, team)
    plans: dict[int, tuple[int, object]] = field(default_factory=dict)


@dataclass
class ChangePlan:
    kind: str
    on_date: dt.date
    sources: list[UnionUnit]
    new_names: list[str]
    main_index: int
    note: str = ""
    errors: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    campaigns: list[CampaignPlan] = field(default_factory=list)
    enterprises: list[int] = field(default_factory=list)

    @property
    def main_name(self) -> str:
        return self.new_names[self.main_index] if self.new_names else ""

    def summary(self) -> str:
        return "\n".join(f"{m.rule}：{'、'.join(m.items) or '无'}" for m in self.moves)


def _check(kind, sources, new_names, main_index) -> list[str]:
    errors = []
    if kind == UnitChange.Kind.MERGE and len({u.pk for u in sources}) < 2:
        errors.append("合并至少需要选择两个原单位。")
    if kind == UnitChange.Kind.SPLIT and len(sources) != 1:
        errors.append("拆分只能选择一个原单位。")
    if kind == UnitChange.Kind.SPLIT and len(new_names) < 2:
        errors.append("拆分至少需要填写两个新单位名称。")
    if kind == UnitChange.Kind.MERGE and len(new_names) != 1:
        errors.append("合并需要填写一个新单位名称。")
    for unit in sources:
        if not unit.is_active:
            errors.append(f"{unit}已停用（已合并或拆分），不能再变更。")
    if len(set(new_names)) != len(new_names):
        errors.append("新单位名称不能重复。")
    taken = UnionUnit.objects.filter(name__in=new_names).values_list("name", flat=True)
    errors.extend(f"已有名为“{name}”的单位，请换一个名称。" for name in taken)
    if not 0 <= main_index < max(len(new_names), 1):
        errors.append("请选择原单位记录归入哪个新单位。")
    return errors


def plan_change(kind, on_date, sources, new_names, *, main_index=0, note="") -> ChangePlan:
    """What the change would do, rule by rule; ``errors`` non-empty means it may not be applied."""
    new_names = [n.strip() for n in new_names if n and n.strip()]
    plan = ChangePlan(kind, on_date, list(sources), new_names, main_index, note)
    plan.errors = _check(kind, plan.sources, new_names, main_index)
    if plan.errors:
        return plan
    source_ids = [u.pk for u in plan.sources]
    names = {u.pk: str(u) for u in plan.sources}
    target = plan.main_name
    campaigns = Campaign.objects.filter(end_date__gte=on_date, assignments__unit__in=source_ids).distinct()
    for campaign in campaigns.order_by("start_date"):
        cp = CampaignPlan(campaign)
        covering = {
            a.unit_id: a.team
            for a in Assignment.objects.filter(campaign=campaign, unit__in=source_ids).select_related("team")
        }
        if kind == UnitChange.Kind.MERGE:
            team = next(covering[pk] for pk in source_ids if pk in covering)
            cp.new_assignments.append((0, team))
            plan.moves.append(
                Move(
                    f"{campaign}：新单位“{target}”由{team.name}负责（原{names[next(pk for pk in source_ids if pk in covering)]}的小组）"
                )
            )
            for pk, other in covering.items():
                if other.pk == team.pk:
                    continue
                left = Assignment.objects.filter(campaign=campaign, team=other).exclude(unit__in=source_ids)
                if not left.exists():
                    plan.errors.append(
                        f"{campaign}中{other}只负责{names[pk]}，合并后该小组将没有蹲点单位。请先在分工中给{other}安排其他单位，再合并。"
                    )
        else:
            team = covering[source_ids[0]]
            cp.new_assignments.extend((i, team) for i in range(len(new_names)))
            plan.moves.append(
                Move(f"{campaign}：新单位{'、'.join(new_names)}均由{team.name}负责（原{names[source_ids[0]]}的小组）")
            )
        index = 0 if kind == UnitChange.Kind.MERGE else main_index
        tickets = WorkerIssue.objects.filter(campaign=campaign, unit__in=source_ids).exclude(status=Status.CLOSED)
        move = Move(f"{campaign}：未办结工单转入“{target}”，由{team.name}办理（跨小组的转交给其组长）")
        for issue in tickets.select_related("unit", "team").order_by("pk"):
            cp.tickets[issue.pk] = (index, team)
            move.items.append(f"{issue.code}（{issue.unit}，{issue.team.name}）")
        plan.moves.append(move)
        plans = PlannedVisit.objects.filter(
            campaign=campaign, unit__in=source_ids, date__gte=on_date, visit__isnull=True, is_cancelled=False
        )
        move = Move(f"{campaign}：{on_date:%Y-%m-%d}起未完成的走访计划改到“{target}”")
        for p in plans.select_related("unit").order_by("date", "pk"):
            cp.plans[p.pk] = (index, team)
            move.items.append(f"{p.date:%m-%d} {p.unit} {p.purpose}")
        plan.moves.append(move)
        plan.campaigns.append(cp)
    enterprises = Enterprise.objects.filter(unit__in=source_ids).order_by("name")
    plan.enterprises = list(enterprises.values_list("pk", flat=True))
    plan.moves.append(Move(f"企业归入“{target}”", [e.name for e in enterprises]))
    plan.moves.append(Move("不变：已有的走访、已办结工单、已完成的计划仍记在原单位名下，统计可“按现单位汇总”", []))
    return plan


@transaction.atomic
def apply_change(plan: ChangePlan, user, *, at=None) -> UnitChange:
    """Write the previewed change (planned again inside the transaction, so nothing stale is applied)."""
    at = at or timezone.now()
    sources = list(UnionUnit.objects.select_for_update().filter(pk__in=[u.pk for u in plan.sources]))
    sources.sort(key=lambda u: [s.pk for s in plan.sources].index(u.pk))
    fresh = plan_change(plan.kind, plan.on_date, sources, plan.new_names, main_index=plan.main_index, note=plan.note)
    if fresh.errors:
        raise UnitChangeError(fresh.errors)
    first = fresh.sources[0]
    successors = [
        UnionUnit.objects.create(name=name, kind=first.kind, sort_order=first.sort_order) for name in fresh.new_names
    ]
    main = successors[0 if fresh.kind == UnitChange.Kind.MERGE else fresh.main_index]
    change = UnitChange.objects.create(
        kind=fresh.kind, on_date=fresh.on_date, main_successor=main, note=fresh.note,
        summary=fresh.summary(), created_by=user, created_at=at,
    )  # fmt: skip
    change.sources.set(fresh.sources)
    change.successors.set(successors)
    UnionUnit.objects.filter(pk__in=[u.pk for u in fresh.sources]).update(is_active=False)
    label = "、".join(str(u) for u in fresh.sources)
    reason = f"单位{change.get_kind_display()}（{label} → {'、'.join(fresh.new_names)}，{fresh.on_date:%Y-%m-%d}）"
    for cp in fresh.campaigns:
        created = {
            index: Assignment.objects.create(campaign=cp.campaign, team=team, unit=successors[index])
            for index, team in cp.new_assignments
        }
        for pk, (index, _team) in cp.tickets.items():
            move_to_successor(pk, created[index], user, reason, at=at)
        for pk, (index, team) in cp.plans.items():
            # Plans have no service of their own; the change moves only plans not yet carried out.
            PlannedVisit.objects.filter(pk=pk).update(unit=successors[index], team=team)
    move_enterprises(fresh.enterprises, main, reason=reason, at=at)
    return change


# --- a unit handed to another team mid-campaign ------------------------------------


@dataclass
class HandoverPlan:
    assignment: Assignment
    to_team: object
    on_date: dt.date
    errors: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    tickets: list[int] = field(default_factory=list)
    plans: list[int] = field(default_factory=list)


def plan_handover(assignment: Assignment, to_team, on_date: dt.date) -> HandoverPlan:
    """What handing ``assignment``'s unit to ``to_team`` from ``on_date`` would do (nothing written).

    The old assignment ends the day before; the new one starts on ``on_date``.
    Open tickets of the old team in the unit are transferred (issues.workflow,
    to the new team's leader); open plans from ``on_date`` on go to the new team.
    Visits and closed tickets stay with the team that made them.
    """
    plan = HandoverPlan(assignment, to_team, on_date)
    campaign, unit, old = assignment.campaign, assignment.unit, assignment.team
    if assignment.valid_to is not None:
        plan.errors.append(f"该分工已于{assignment.valid_to:%Y-%m-%d}结束，不能再移交。")
    if to_team is None or to_team.pk == old.pk:
        plan.errors.append(f"请选择{old.name}以外的小组。")
    elif to_team.campaign_id != campaign.pk:
        plan.errors.append("接收的小组不属于该蹲点活动。")
    if not campaign.contains(on_date):
        plan.errors.append(f"移交日期须在活动期间（{campaign.start_date:%Y-%m-%d} 至 {campaign.end_date:%Y-%m-%d}）。")
    elif assignment.valid_from and on_date <= assignment.valid_from:
        plan.errors.append(f"移交日期须晚于该分工的起始日期（{assignment.valid_from:%Y-%m-%d}）。")
    if plan.errors:
        return plan
    plan.moves.append(
        Move(
            f"{unit}：{old.name}负责至{on_date - dt.timedelta(days=1):%Y-%m-%d}，{to_team.name}自{on_date:%Y-%m-%d}起负责"
        )
    )
    tickets = WorkerIssue.objects.filter(campaign=campaign, team=old, unit=unit).exclude(status=Status.CLOSED)
    move = Move(f"未办结工单转交{to_team.name}（承办人为其组长）")
    for issue in tickets.order_by("pk"):
        plan.tickets.append(issue.pk)
        move.items.append(issue.code)
    plan.moves.append(move)
    plans = PlannedVisit.objects.filter(
        campaign=campaign, team=old, unit=unit, date__gte=on_date, visit__isnull=True, is_cancelled=False
    )
    move = Move(f"{on_date:%Y-%m-%d}起未完成的走访计划改由{to_team.name}执行")
    for p in plans.order_by("date", "pk"):
        plan.plans.append(p.pk)
        move.items.append(f"{p.date:%m-%d} {p.purpose}")
    plan.moves.append(move)
    plan.moves.append(Move(f"不变：已有走访和已办结工单仍记在{old}名下", []))
    return plan


@transaction.atomic
def hand_over(plan: HandoverPlan, user, *, at=None) -> Assignment:
    """End the old assignment, start the new one, transfer open tickets and plans (as previewed)."""
    from .workflow import perform

    at = at or timezone.now()
    old = Assignment.objects.select_for_update().select_related("campaign", "unit", "team").get(pk=plan.assignment.pk)
    fresh = plan_handover(old, plan.to_team, plan.on_date)
    if fresh.errors:
        raise UnitChangeError(fresh.errors)
    old.valid_to = fresh.on_date - dt.timedelta(days=1)
    Assignment.objects.filter(pk=old.pk).update(valid_to=old.valid_to)
    new = Assignment.objects.create(campaign=old.campaign, team=fresh.to_team, unit=old.unit, valid_from=fresh.on_date)
    reason = f"单位移交：{old.unit}自{fresh.on_date:%Y-%m-%d}起由{old.team.name}移交{fresh.to_team.name}"
    for pk in fresh.tickets:
        issue = WorkerIssue.objects.get(pk=pk)
        perform(pk, user, "transfer", version=issue.version, team=fresh.to_team, unit=old.unit, note=reason, at=at)
    PlannedVisit.objects.filter(pk__in=fresh.plans).update(team=fresh.to_team)
    return new
