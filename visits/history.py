"""A visit's change history (django-simple-history) in words a person reads."""

from dataclasses import dataclass, field

from django.utils import timezone

from .models import Visit

TYPE_LABELS = {"+": "创建", "~": "修改", "-": "删除"}
MAX_VALUE_CHARS = 200


@dataclass
class HistoryEntry:
    when: object
    who: str
    action: str
    changes: list = field(default_factory=list)  # (field label, old, new)


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "strftime"):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if hasattr(value, "hour") else f"{value:%Y-%m-%d}"
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "系统"
    return user.get_full_name() or user.username


def visit_history(visit: Visit) -> list[HistoryEntry]:
    """Newest first: who changed what, when. Enterprise/cadre lists and photos are not tracked here."""
    records = list(visit.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        entry = HistoryEntry(
            when=record.history_date, who=_who(record), action=TYPE_LABELS.get(record.history_type, "")
        )
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            for change in delta.changes:
                model_field = Visit._meta.get_field(change.field)
                entry.changes.append(
                    (model_field.verbose_name, _display(model_field, change.old), _display(model_field, change.new))
                )
        entries.append(entry)
        previous = record
    entries.reverse()
    return entries
