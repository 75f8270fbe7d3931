"""Readable change history of an enterprise, from django-simple-history's rows."""

from dataclasses import dataclass, field

from campaigns.models import Enterprise, UnionUnit, WorkerGroup

# Bookkeeping columns nobody edits by hand.
_SKIPPED = {"id", "created_by", "created_at", "updated_at"}
_EMPTY = "（空）"


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # 新建 / 修改 / 删除
    changes: list = field(default_factory=list)  # [(label, old, new)]


def _tracked_fields():
    return [f for f in Enterprise._meta.concrete_fields if f.name not in _SKIPPED]


def _display(f, value, names):
    if value is None or value == "":
        return _EMPTY
    if f.is_relation:
        return names.get((f.related_model, value), f"#{value}")
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def change_history(enterprise, limit=50):
    """Newest first: who changed what, when. Three queries whatever the length."""
    records = list(
        enterprise.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    records.reverse()
    fields = _tracked_fields()
    unit_ids = {r.unit_id for r in records}
    group_ids = {r.eight_group_id for r in records if r.eight_group_id}
    names = {(UnionUnit, u.pk): u.name for u in UnionUnit.objects.filter(pk__in=unit_ids)}
    if group_ids:
        names |= {(WorkerGroup, g.pk): g.name for g in WorkerGroup.objects.filter(pk__in=group_ids)}
    entries = []
    previous = None
    for record in records:
        kind = {"+": "新建", "~": "修改", "-": "删除"}[record.history_type]
        changes = []
        if previous is not None:
            for f in fields:
                old, new = getattr(previous, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append((f.verbose_name, _display(f, old, names), _display(f, new, names)))
        entries.append(HistoryEntry(record.history_date, record.history_user, kind, changes))
        previous = record
    entries.reverse()
    # The extra, oldest row was read only to diff the first shown one against.
    return entries[:limit]
