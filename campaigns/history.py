"""A record's change history in words a person reads, for any model with django-simple-history.

Enterprises, visits and tickets all show "who changed what, when" from their
historical rows; this is the one place that turns those rows into text.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.models import Enterprise

# Bookkeeping columns nobody edits by hand.
BOOKKEEPING = frozenset({"id", "created_by", "created_at", "updated_at"})
EMPTY = "（空）"
MAX_VALUE_CHARS = 200
KIND_LABELS = {"+": "新建", "~": "修改", "-": "删除"}


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str  # 新建 / 修改 / 删除
    reason: str = ""
    changes: list = field(default_factory=list)  # [(field label, old, new)]


def _user_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "系统"


def _related_names(records, fields) -> dict:
    """{(model, pk): name} for every foreign key value in the rows: one query per related model."""
    user_model = get_user_model()
    wanted: dict = {}
    for f in fields:
        if f.is_relation:
            wanted.setdefault(f.related_model, set()).update(
                v for r in records if (v := getattr(r, f.attname)) is not None
            )
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = _user_name(obj) if model is user_model else str(obj)
    return names


def _display(f, value, names, masks) -> str:
    if value is None or value == "":
        return EMPTY
    if f.name in masks:
        return masks[f.name](value)
    if f.is_relation:
        return names.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def readable_history(instance, *, skip=frozenset(), masks=None, limit=50) -> list[HistoryEntry]:
    """Newest first: who changed what, when; a fixed number of queries whatever the length.

    ``skip`` names fields not worth showing; ``masks`` maps a field name to a
    function that hides its value (workers' personal data for those who may
    not see it).
    """
    masks = masks or {}
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    records.reverse()
    fields = [f for f in type(instance)._meta.concrete_fields if f.name not in BOOKKEEPING | set(skip)]
    names = _related_names(records, fields)
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append((f.verbose_name, _display(f, old, names, masks), _display(f, new, names, masks)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_user_name(record.history_user),
                kind=KIND_LABELS.get(record.history_type, ""),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    # The extra, oldest row was read only to diff the first shown one against.
    return entries[:limit]


def change_history(enterprise: Enterprise, limit=50) -> list[HistoryEntry]:
    return readable_history(enterprise, limit=limit)
