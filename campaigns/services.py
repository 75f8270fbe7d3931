"""Enterprise rules that more than one page (and the demo seeder) rely on."""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns.models import Enterprise, EnterpriseStatusChange, UnionStatus
from campaigns.validators import normalize_credit_code

MECHANISM_FIELDS = (
    "has_collective_bargaining",
    "has_democratic_management",
    "has_dispute_mediation",
    "has_hardship_aid",
)


def _label(status) -> str:
    return UnionStatus(status).label


@transaction.atomic
def create_enterprise(
    enterprise: Enterprise, *, by, status=None, status_on=None, note="新建企业时登记", mechanisms=(), at=None
) -> Enterprise:
    """Save a new enterprise; a starting status other than 未建会 is recorded as a dated step.

    The enterprise is saved as 未建会 and then moved by ``change_union_status``
    (the one writer of status steps, with its checks), so its timeline always
    starts from the beginning of the funnel. ``status`` defaults to the
    unsaved instance's status; ``mechanisms`` (field names of
    MECHANISM_FIELDS) are set only when it arrives at 已建会. ``at`` dates the
    change-history rows (the demo seeder passes each event's own time).
    """
    if enterprise.pk:
        raise ValueError("create_enterprise() is for new enterprises")
    status = status or enterprise.union_status
    wanted = {name for name in MECHANISM_FIELDS if getattr(enterprise, name)} | set(mechanisms)
    enterprise.created_by = by
    enterprise.union_status, enterprise.union_status_date = UnionStatus.NONE, None
    for name in MECHANISM_FIELDS:
        setattr(enterprise, name, False)
    enterprise._history_user = by
    if at is not None:
        enterprise._history_date = at
    enterprise.save()
    if status != UnionStatus.NONE:
        change_union_status(enterprise, status, by=by, on=status_on, note=note, mechanisms=wanted, at=at)
    return enterprise


def change_union_status(
    enterprise: Enterprise, to_status, *, by, on=None, note="", mechanisms=(), members_joined=0, at=None
) -> EnterpriseStatusChange:
    """Move an enterprise to another union-building status, dated and attributed.

    The only writer of ``union_status`` and of EnterpriseStatusChange (pages,
    imports, the demo; tests/test_one_writer.py enforces it). Refuses
    (ValidationError, Chinese message) a change to the current status, an
    unknown status, a date in the future and a date before the last recorded
    step, so the timeline reads in order. Leaving 已建会 clears the four
    mechanisms: only an enterprise with a union runs them (a DB check says
    so); arriving there sets the ``mechanisms`` named and records
    ``members_joined``, the workers who joined when the union was founded
    (refused on any other step). ``at`` dates the
    change-history row (default: now).
    """
    on = on or timezone.localdate()
    if to_status not in UnionStatus.values:
        raise ValidationError({"to_status": "未知的建会状态。"})
    members_joined = members_joined or 0
    if members_joined < 0:
        raise ValidationError({"members_joined": "入会人数不能为负数。"})
    if members_joined and to_status != UnionStatus.ESTABLISHED:
        raise ValidationError({"members_joined": "只有变更为“已建会”时才能填写建会时入会人数。"})
    with transaction.atomic():
        # Lock the row so two people changing the status at once cannot both
        # record a step from the same old status.
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if locked.union_status == to_status:
            raise ValidationError({"to_status": f"该企业的建会状态已是“{_label(to_status)}”，无需变更。"})
        if on > timezone.localdate():
            raise ValidationError({"changed_on": "变更日期不能晚于今天。"})
        last = locked.status_changes.order_by("-changed_on", "-created_at").first()
        if last and on < last.changed_on:
            raise ValidationError({"changed_on": f"变更日期不能早于上一次状态变更（{last.changed_on:%Y-%m-%d}）。"})
        change = EnterpriseStatusChange.objects.create(
            enterprise=locked,
            from_status=locked.union_status,
            to_status=to_status,
            changed_on=on,
            changed_by=by,
            note=note,
            members_joined=members_joined,
        )
        locked.union_status = to_status
        locked.union_status_date = on
        for name in MECHANISM_FIELDS:
            if to_status != UnionStatus.ESTABLISHED:
                setattr(locked, name, False)
            elif name in mechanisms:
                setattr(locked, name, True)
        locked._history_user = by
        if at is not None:
            locked._history_date = at
        locked.save()
    # The caller's object now shows what was saved.
    for name in ("union_status", "union_status_date", *MECHANISM_FIELDS, "updated_at"):
        setattr(enterprise, name, getattr(locked, name))
    return change


# Legal-form words that say nothing about which company it is.
_NAME_NOISE = re.compile(r"股份有限公司|有限责任公司|有限公司|股份|公司|[\s（）()·・.,，、]")


def normalise_name(name: str) -> str:
    """The distinctive part of an enterprise name: 顺丰速运（北京）有限公司 → 顺丰速运北京."""
    return _NAME_NOISE.sub("", (name or "").strip()).lower()


# Names this alike (difflib ratio of the normalised names) are worth a second look.
SIMILAR_NAME_RATIO = 0.85


@dataclass
class LikelyDuplicates:
    same_code: Enterprise | None = None
    similar_names: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.same_code or self.similar_names)


def find_likely_duplicates(name, credit_code, exclude_pk=None) -> LikelyDuplicates:
    """Existing enterprises a new one may duplicate.

    ``same_code``: the enterprise with this credit code (a certain duplicate).
    ``similar_names``: enterprises whose normalised names are equal or very
    close (a likely duplicate, worth confirming). Names are compared in Python:
    a district has a few thousand enterprises, and only two columns are read.
    """
    found = LikelyDuplicates()
    others = Enterprise.objects.select_related("unit")
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    code = normalize_credit_code(credit_code)
    if code:
        found.same_code = others.filter(credit_code=code).first()
    wanted = normalise_name(name)
    if wanted:
        close_pks = []
        for pk, other_name in others.values_list("pk", "name"):
            other = normalise_name(other_name)
            if not other:
                continue
            if other == wanted or difflib.SequenceMatcher(None, wanted, other).ratio() >= SIMILAR_NAME_RATIO:
                close_pks.append(pk)
        if found.same_code:
            close_pks = [pk for pk in close_pks if pk != found.same_code.pk]
        if close_pks:
            found.similar_names = list(others.filter(pk__in=close_pks[:5]).order_by("name"))
    return found


def move_enterprises(enterprise_ids, unit, *, reason: str, at=None) -> int:
    """Enterprises follow their unit into a merger or split (``issues.unit_changes``), each with a history row."""
    moved = 0
    for enterprise in Enterprise.objects.filter(pk__in=list(enterprise_ids)).exclude(unit=unit):
        enterprise.unit = unit
        enterprise._change_reason = reason
        if at is not None:
            enterprise._history_date = at
        enterprise.save()
        moved += 1
    return moved
