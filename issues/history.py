"""A ticket's change history, with workers' personal data masked for those who may not see it."""

from campaigns.history import HistoryEntry, readable_history

from . import masking
from .models import WorkerIssue

# Derived or fixed fields; the timeline shows the actions themselves.
_SKIPPED = {
    "version",
    "code",
    "campaign",
    "visit",
    # Not kept in the history rows (see WorkerIssue.history).
    "worker_phone_hash",
    "worker_id_number_hash",
    "personal_data_masked_at",
}
_PERSONAL = {
    "worker_name": masking.mask_name,
    "worker_phone": masking.mask_phone,
    "worker_id_number": masking.mask_id_number,
}


def change_history(issue: WorkerIssue, user, limit=50) -> list[HistoryEntry]:
    masks = {} if issue.can_see_personal_data(user) else _PERSONAL
    return readable_history(issue, skip=_SKIPPED, masks=masks, limit=limit)
