"""A visit's change history (its own fields; enterprise and cadre lists and photos are not tracked)."""

from campaigns.history import HistoryEntry, readable_history

from .models import Visit


def visit_history(visit: Visit) -> list[HistoryEntry]:
    return readable_history(visit)
