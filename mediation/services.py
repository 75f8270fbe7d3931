"""The one writer of mediation records: 言和 cases, mediation bodies and their steps, targets, referrals.

Pages, the Excel import, the admin, the demo seeder and (later) the 言和 API
call these functions and nothing else writes the models of this app
(tests/test_one_writer.py). Each function checks everything first and raises
``MediationError`` with a Chinese message (and the form field it is about)
before writing anything; the writes of one call happen in one transaction.
A change to a case or a referral leaves exactly one timeline entry on its
ticket, written through ``issues.timeline.commit`` with the ticket row locked.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from campaigns.models import Assignment, UnionUnit
from campaigns.roles import can_manage_master_data, sees_everything, team_ids_of
from issues import workflow
from issues.models import Category, IssueAction, Status, WorkerIssue
from issues.timeline import commit

from .choices import (
    BODY_STATUS_ORDER,
    VIA_LABELS,
    BodyStatus,
    CaseOutcome,
    ReferralResult,
    ReferralService,
)
from .models import MediationBody, MediationBodyStatusChange, MediationTarget, Referral, YanheCase

Kind = IssueAction.Kind

# Disputes that can go to 言和: labour disputes, and wage / social-insurance claims (disputes about money).
DISPUTE_CATEGORIES = (Category.DISPUTE, Category.WAGES, Category.SOCIAL_INSURANCE)
MAX_AMOUNT = Decimal("9999999999.99")


class MediationError(Exception):
    """A refused change; ``message`` is for the user, ``field`` the form field it concerns (or None)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- who may do what -------------------------------------------------------------


def can_hand_over(issue: WorkerIssue, user) -> bool:
    """Staff, the team's leader and cadres, on an open dispute ticket not yet with 言和."""
    caps = workflow.capacities(issue, user)
    return bool(caps & {workflow.STAFF, workflow.LEADER, workflow.HANDLER, workflow.MEMBER})


def can_record_outcome(issue: WorkerIssue, user) -> bool:
    """Staff, the team's leader and the ticket's handler."""
    return bool(workflow.capacities(issue, user) & {workflow.STAFF, workflow.LEADER, workflow.HANDLER})


def can_refer(issue: WorkerIssue, user) -> bool:
    return can_hand_over(issue, user)


def handover_refusal(issue: WorkerIssue) -> str | None:
    """Why the ticket cannot be handed to 言和 (whoever asks), or None."""
    if issue.category not in DISPUTE_CATEGORIES:
        labels = "、".join(Category(c).label for c in DISPUTE_CATEGORIES)
        return f"只有{labels}类的诉求可以移交言和调解。"
    if issue.status == Status.CLOSED:
        return "工单已办结，不能再移交言和调解。"
    if YanheCase.objects.filter(issue=issue).exists():
        return "该工单已移交言和调解。"
    return None


def body_units(user):
    """Units where ``user`` may register mediation bodies: all for staff, else the units their teams cover now."""
    units = UnionUnit.objects.filter(is_active=True)
    if can_manage_master_data(user):
        return units
    covered = Assignment.objects.current().filter(team_id__in=team_ids_of(user)).values("unit_id")
    return units.filter(pk__in=covered)


def can_register_body(user) -> bool:
    return (
        user.is_authenticated
        and not (sees_everything(user) and not can_manage_master_data(user))
        and (body_units(user).exists())
    )


def can_change_body(body: MediationBody, user) -> bool:
    return user.is_authenticated and body_units(user).filter(pk=body.unit_id).exists()


# --- checks shared by the functions below -------------------------------------------


def _not_future(day: dt.date, label: str, field: str):
    if day > timezone.localdate():
        raise MediationError(f"{label}不能晚于今天。", field=field)


def _locked_issue(issue_pk) -> WorkerIssue:
    issue = WorkerIssue.objects.select_for_update().filter(pk=issue_pk).first()
    if issue is None:
        raise MediationError("工单不存在。")
    return issue


def _check_case_number(case_number: str, issue: WorkerIssue | None = None) -> str:
    case_number = (case_number or "").strip()
    if not case_number:
        raise MediationError("请填写言和案件编号。", field="case_number")
    if len(case_number) > 40:
        raise MediationError("言和案件编号不能超过40个字符。", field="case_number")
    other = YanheCase.objects.filter(case_number=case_number).select_related("issue").first()
    if other is not None and (issue is None or other.issue_id != issue.pk):
        raise MediationError(
            f"言和案件编号“{case_number}”已用于工单 {other.issue.code}，请核对编号。", field="case_number"
        )
    return case_number


def _check_outcome(outcome, outcome_on, amount, handed_over_on):
    if outcome not in CaseOutcome.values:
        raise MediationError("调解结果应为：" + "、".join(CaseOutcome.labels) + "。", field="outcome")
    if outcome == CaseOutcome.PENDING:
        if outcome_on is not None or amount is not None:
            raise MediationError("调解中的案件不填结果日期和金额。", field="outcome_on")
        return
    if outcome_on is None:
        raise MediationError("请填写结果日期。", field="outcome_on")
    _not_future(outcome_on, "结果日期", "outcome_on")
    if outcome_on < handed_over_on:
        raise MediationError(
            f"结果日期（{outcome_on:%Y-%m-%d}）不能早于移交言和的日期（{handed_over_on:%Y-%m-%d}）。",
            field="outcome_on",
        )
    if amount is not None:
        if amount < 0:
            raise MediationError("调解金额不能为负数。", field="amount")
        if amount > MAX_AMOUNT:
            raise MediationError("调解金额过大，请核对。", field="amount")
        if outcome != CaseOutcome.SETTLED:
            raise MediationError("只有调解成功的案件填写调解金额。", field="amount")


def _outcome_note(case: YanheCase, via: str) -> str:
    text = f"言和案件 {case.case_number}：{case.get_outcome_display()}"
    if case.outcome_on:
        text += f"（{case.outcome_on:%Y-%m-%d}"
        if case.amount is not None:
            text += f"，金额 {case.amount:,.2f} 元"
        text += "）"
    return f"{text}；来源：{VIA_LABELS.get(via, via)}"


# --- 言和 cases ------------------------------------------------------------------------


@transaction.atomic
def hand_over(
    issue_pk, user, *, case_number, handed_over_on, enterprise=None, body=None, note="", at=None, check_rights=True
) -> YanheCase:
    """Hand a dispute ticket to 言和: the case, and a「移交言和调解」entry on the ticket.

    ``enterprise`` defaults to the ticket's; ``body`` (optional) is the mediation
    body that takes part, in the ticket's unit. ``check_rights=False`` is for
    the import and the API, which act on the platform's word, not a user's page.
    """
    issue = _locked_issue(issue_pk)
    if check_rights and not can_hand_over(issue, user):
        raise MediationError("您无权将该工单移交言和调解。")
    refusal = handover_refusal(issue)
    if refusal:
        raise MediationError(refusal)
    case_number = _check_case_number(case_number)
    if handed_over_on is None:
        raise MediationError("请填写移交日期。", field="handed_over_on")
    _not_future(handed_over_on, "移交日期", "handed_over_on")
    received = timezone.localdate(issue.received_at)
    if handed_over_on < received:
        raise MediationError(f"移交日期不能早于工单受理登记日期（{received:%Y-%m-%d}）。", field="handed_over_on")
    if body is not None and body.unit_id != issue.unit_id:
        raise MediationError(f"所选调解组织不在工单所属单位“{issue.unit}”。", field="body")
    case = YanheCase.objects.create(
        case_number=case_number,
        issue=issue,
        handed_over_on=handed_over_on,
        enterprise=enterprise or issue.enterprise,
        body=body,
        created_by=user,
    )
    entry = f"移交言和调解，案件编号 {case_number}（{handed_over_on:%Y-%m-%d}）"
    if body is not None:
        entry += f"，参与调解：{body.name}"
    commit(issue, kind=Kind.YANHE_HANDOVER, actor=user, at=at, note=f"{entry}。{note}".strip())
    return case


@dataclass(frozen=True)
class CaseUpdate:
    """What ``apply_case_update`` did: the case, whether it created it, whether anything changed."""

    case: YanheCase
    created: bool
    changed: bool


@transaction.atomic
def apply_case_update(
    *,
    case_number,
    hotline_number=None,
    outcome,
    outcome_date,
    amount=None,
    actor,
    via,
    handed_over_on=None,
    at=None,
) -> CaseUpdate:
    """Apply the 言和 platform's word on one case: the Excel import, the ticket page and the API call this.

    - ``case_number`` (str): the platform's case number. A case with that number is updated.
    - ``hotline_number`` (str or None): used only when no case has that number: the one ticket
      with this hotline number (12345/12351) is handed over to 言和 under ``case_number``, dated
      ``handed_over_on`` (default: ``outcome_date``, else today). A ticket already handed over
      under another number is refused.
    - ``outcome``: a ``CaseOutcome`` value ("pending", "settled", "arbitration", "withdrawn").
    - ``outcome_date`` (date or None): required unless pending; not before the hand-over, not in the future.
    - ``amount`` (Decimal or None): settled cases only, not negative.
    - ``actor``: the user the change is attributed to; ``via``: "page", "import", "api" or "demo".
    - ``at``: when the timeline entry is dated (default now; the demo passes its scripted time).

    Idempotent: when the case already has this outcome, date and amount nothing is written and
    ``changed`` is False. Otherwise the case is updated and exactly one「言和调解结果」entry is
    written on its ticket. Raises ``MediationError`` (Chinese message) and writes nothing when refused.
    """
    case_number = (case_number or "").strip()
    hotline_number = (hotline_number or "").strip()
    if amount is not None and not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    case = YanheCase.objects.select_for_update().filter(case_number=case_number).first() if case_number else None
    created = False
    if case is None:
        if not hotline_number:
            raise MediationError(f"系统中没有言和案件编号“{case_number}”，也未提供热线工单号，无法匹配工单。")
        tickets = list(WorkerIssue.objects.filter(hotline_number=hotline_number)[:2])
        if not tickets:
            raise MediationError(f"系统中没有言和案件编号“{case_number}”，也没有热线工单号“{hotline_number}”的工单。")
        if len(tickets) > 1:
            raise MediationError(f"热线工单号“{hotline_number}”对应多张工单，请在表中填写已登记的言和案件编号。")
        existing = YanheCase.objects.filter(issue=tickets[0]).first()
        if existing is not None:
            raise MediationError(
                f"热线工单号“{hotline_number}”的工单已移交言和，案件编号为“{existing.case_number}”，与表中编号不一致。"
            )
        day = handed_over_on or outcome_date or timezone.localdate()
        _check_outcome(outcome, outcome_date, amount, day)
        case = hand_over(
            tickets[0].pk,
            actor,
            case_number=case_number,
            handed_over_on=day,
            note=f"来源：{VIA_LABELS.get(via, via)}",
            at=at,
            check_rights=False,
        )
        created = True
    else:
        _check_outcome(outcome, outcome_date, amount, case.handed_over_on)
    same = case.outcome == outcome and case.outcome_on == outcome_date and case.amount == amount
    if same:
        return CaseUpdate(case=case, created=created, changed=False)
    issue = _locked_issue(case.issue_id)
    YanheCase.objects.filter(pk=case.pk).update(
        outcome=outcome, outcome_on=outcome_date, amount=amount, updated_at=timezone.now()
    )
    case.refresh_from_db()
    commit(issue, kind=Kind.YANHE_OUTCOME, actor=actor, at=at, note=_outcome_note(case, via))
    return CaseUpdate(case=case, created=created, changed=True)


# --- mediation bodies ------------------------------------------------------------------


@transaction.atomic
def register_body(user, *, name, kind, unit, status, status_on, location="", enterprise=None, members="", note=""):
    """A new mediation body with its first dated step (registration)."""
    if not body_units(user).filter(pk=unit.pk).exists():
        raise MediationError(f"“{unit}”不是您所在小组负责的单位，不能在此登记调解组织。", field="unit")
    if status not in BodyStatus.values:
        raise MediationError("请选择状态。", field="status")
    _not_future(status_on, "状态日期", "status_on")
    if enterprise is not None and enterprise.unit_id != unit.pk:
        raise MediationError(f"所选企业不在“{unit}”。", field="enterprise")
    if MediationBody.objects.filter(unit=unit, name=name).exists():
        raise MediationError(f"“{unit}”已有名为“{name}”的调解组织。", field="name")
    body = MediationBody.objects.create(
        name=name,
        kind=kind,
        unit=unit,
        location=location,
        enterprise=enterprise,
        members=members,
        status=status,
        status_on=status_on,
        created_by=user,
    )
    MediationBodyStatusChange.objects.create(
        body=body, from_status="", to_status=status, changed_on=status_on, changed_by=user, note=note or "登记"
    )
    return body


@transaction.atomic
def change_body_status(body_pk, user, *, to_status, on, note="") -> MediationBody:
    """Move a body forward (planned → being set up → established), dated and attributed."""
    body = MediationBody.objects.select_for_update().filter(pk=body_pk).first()
    if body is None:
        raise MediationError("调解组织不存在。")
    if not can_change_body(body, user):
        raise MediationError("您无权变更该调解组织的状态。")
    if to_status not in BodyStatus.values:
        raise MediationError("请选择新状态。", field="to_status")
    if BODY_STATUS_ORDER[to_status] <= BODY_STATUS_ORDER[body.status]:
        raise MediationError(f"状态只能向前推进：当前为“{body.get_status_display()}”。", field="to_status")
    if on is None:
        raise MediationError("请填写变更日期。", field="on")
    _not_future(on, "变更日期", "on")
    if on < body.status_on:
        raise MediationError(f"变更日期不能早于上一步的日期（{body.status_on:%Y-%m-%d}）。", field="on")
    MediationBodyStatusChange.objects.create(
        body=body, from_status=body.status, to_status=to_status, changed_on=on, changed_by=user, note=note
    )
    MediationBody.objects.filter(pk=body.pk).update(status=to_status, status_on=on)
    body.refresh_from_db()
    return body


@transaction.atomic
def save_target(user, *, campaign, unit, kind, count, note="") -> MediationTarget:
    """Set (create or change) a campaign's target for one kind of body in one unit; staff only."""
    if not can_manage_master_data(user):
        raise MediationError("只有工作人员可以设置调解组织建设目标。")
    if count is None or count < 1:
        raise MediationError("目标数量至少为1。", field="count")
    target, _ = MediationTarget.objects.update_or_create(
        campaign=campaign, unit=unit, kind=kind, defaults={"count": count, "note": note}
    )
    return target


# --- referrals -------------------------------------------------------------------------


@transaction.atomic
def refer(issue_pk, user, *, service, referred_on, provider="", note="", at=None) -> Referral:
    """Refer the ticket's worker to 法律援助 / 心理疏导 / 困难帮扶, with a「转介服务」entry on the ticket."""
    issue = _locked_issue(issue_pk)
    if not can_refer(issue, user):
        raise MediationError("您无权为该工单登记转介服务。")
    if service not in ReferralService.values:
        raise MediationError("请选择转介服务。", field="service")
    if Referral.objects.filter(issue=issue, service=service).exists():
        raise MediationError(f"该工单已转介{ReferralService(service).label}。", field="service")
    if referred_on is None:
        raise MediationError("请填写转介日期。", field="referred_on")
    _not_future(referred_on, "转介日期", "referred_on")
    received = timezone.localdate(issue.received_at)
    if referred_on < received:
        raise MediationError(f"转介日期不能早于工单受理登记日期（{received:%Y-%m-%d}）。", field="referred_on")
    referral = Referral.objects.create(
        issue=issue, service=service, referred_on=referred_on, provider=provider, created_by=user
    )
    text = f"转介{referral.get_service_display()}（{referred_on:%Y-%m-%d}）"
    if provider:
        text += f"，承接机构：{provider}"
    commit(issue, kind=Kind.REFERRAL, actor=user, at=at, note=f"{text}。{note}".strip())
    return referral


@transaction.atomic
def record_referral_result(referral_pk, user, *, result, result_on, note="", at=None) -> Referral:
    """The result of a referral, with a「转介结果」entry on the ticket; recorded once."""
    referral = Referral.objects.select_for_update().filter(pk=referral_pk).first()
    if referral is None:
        raise MediationError("转介记录不存在。")
    issue = _locked_issue(referral.issue_id)
    if not can_refer(issue, user):
        raise MediationError("您无权登记该转介的结果。")
    if referral.result != ReferralResult.PENDING:
        raise MediationError("该转介已登记结果。")
    if result not in (ReferralResult.DONE, ReferralResult.DECLINED):
        raise MediationError("请选择结果。", field="result")
    if result_on is None:
        raise MediationError("请填写反馈日期。", field="result_on")
    _not_future(result_on, "反馈日期", "result_on")
    if result_on < referral.referred_on:
        raise MediationError(f"反馈日期不能早于转介日期（{referral.referred_on:%Y-%m-%d}）。", field="result_on")
    Referral.objects.filter(pk=referral.pk).update(result=result, result_on=result_on, result_note=note[:500])
    referral.refresh_from_db()
    text = f"{referral.get_service_display()}：{referral.get_result_display()}（{result_on:%Y-%m-%d}）"
    commit(issue, kind=Kind.REFERRAL_DONE, actor=user, at=at, note=f"{text}。{note}".strip())
    return referral
