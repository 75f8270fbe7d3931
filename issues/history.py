"""Readable change history of a ticket, from django-simple-history's rows.

Personal data (worker name, phone, ID number) in the history is masked for
users who may not see it in full, like everywhere else.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.models import Enterprise, UnionUnit, WorkTeam

from . import masking
from .models import WorkerIssue

_SKIPPED = {"id", "created_by", "created_at", "updated_at", "version", "code", "campaign", "visit"}
_PERSONAL = {
    "worker_name": masking.mask_name,
    "worker_phone": masking.mask_phone,
    "worker_id_number": masking.mask_id_number,
}
_EMPTY = "（空）"


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # 新建 / 修改 / 删除
    reason: str = ""
    changes: list = field(default_factory=list)  # [(label, old, new)]


def _display(f, value, names, mask):
    if value is None or value == "":
        return _EMPTY
    if f.name in _PERSONAL and mask:
        return _PERSONAL[f.name](value)
    if f.is_relation:
        return names.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def change_history(issue, user, limit=50):
    """Newest first: who changed what, when. A fixed number of queries whatever the length."""
    records = list(issue.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    records.reverse()
    fields = [f for f in WorkerIssue._meta.concrete_fields if f.name not in _SKIPPED]
    mask = not issue.can_see_personal_data(user)
    user_model = get_user_model()
    ids = {
        UnionUnit: {r.unit_id for r in records},
        WorkTeam: {r.team_id for r in records},
        Enterprise: {r.enterprise_id for r in records if r.enterprise_id},
        user_model: {r.handler_id for r in records if r.handler_id},
    }
    names = {}
    for model, pks in ids.items():
        if pks:
            for obj in model.objects.filter(pk__in=pks):
                names[(model, obj.pk)] = (obj.get_full_name() or obj.username) if model is user_model else str(obj)
    entries = []
    previous = None
    for record in records:
        kind = {"+": "新建", "~": "修改", "-": "删除"}[record.history_type]
        changes = []
        if previous is not None:
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append((f.verbose_name, _display(f, old, names, mask), _display(f, new, names, mask)))
        entries.append(
            HistoryEntry(record.history_date, record.history_user, kind, record.history_change_reason or "", changes)
        )
        previous = record
    entries.reverse()
    # The extra, oldest row was read only to diff the first shown one against.
    return entries[:limit]
