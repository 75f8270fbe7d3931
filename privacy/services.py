"""Writing and pruning the access log of unmasked personal data."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import PersonalDataAccess

# A very large export keeps the first codes and the count (the file name says which export).
MAX_CODES = 5000


def record_access(user, *, kind, where, tickets) -> PersonalDataAccess | None:
    """One entry for a page or file that showed ``tickets``' workers unmasked; nothing for none.

    ``user`` may be unsaved (``manage.py export_ledger`` runs as a superuser of no account).
    """
    codes = list(dict.fromkeys(tickets))
    if not codes:
        return None
    saved = user if getattr(user, "pk", None) else None
    return PersonalDataAccess.objects.create(
        user=saved,
        actor=getattr(user, "username", "") or "系统",
        kind=kind,
        where=str(where)[:300],
        tickets=codes[:MAX_CODES],
        ticket_count=len(codes),
    )


def purge_access_log(now=None) -> int:
    """Delete entries older than PERSONAL_DATA_ACCESS_LOG_DAYS; returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.PERSONAL_DATA_ACCESS_LOG_DAYS)
    deleted, _ = PersonalDataAccess.objects.filter(accessed_at__lt=cutoff).delete()
    return deleted
