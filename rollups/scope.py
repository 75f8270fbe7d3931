"""Which summary rows a computation counts: everything, one campaign, or a set of keys."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

MIX_FIELDS = ("status", "escalation_step", "category", "source")

Key = tuple[int, int, int, dt.date]  # (campaign_id, team_id, unit_id, day)
Triple = tuple[int, int, int]


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    lo = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return lo, hi


def _triple_q(triple: Triple, prefix: str = "") -> dict:
    c, t, u = triple
    return {f"{prefix}campaign_id": c, f"{prefix}team_id": t, f"{prefix}unit_id": u}


@dataclass(frozen=True)
class Scope:
    """Which rows to count: ``campaign_id`` (None: every campaign) or, when ``keys`` is given, only those keys."""

    campaign_id: int | None = None
    keys: frozenset | None = None

    def _by_triple(self) -> dict:
        days = defaultdict(set)
        for c, t, u, d in self.keys:
            days[(c, t, u)].add(d)
        return days

    def triples(self) -> set:
        return set(self._by_triple()) if self.keys is not None else set()

    def on_date(self, field: str, prefix: str = "") -> Q:
        """Rows whose date ``field`` (with the key fields under ``prefix``) falls in the scope."""
        if self.keys is None:
            return Q() if self.campaign_id is None else Q(**{f"{prefix}campaign_id": self.campaign_id})
        q = Q(pk__in=[])
        for triple, days in self._by_triple().items():
            q |= Q(**_triple_q(triple, prefix), **{f"{field}__in": sorted(days)})
        return q

    def on_datetime(self, field: str) -> Q:
        """Tickets whose datetime ``field`` falls on a day of the scope (local days, as half-open ranges)."""
        if self.keys is None:
            return self.on_date(field)
        q = Q(pk__in=[])
        for c, t, u, d in sorted(self.keys):
            lo, hi = _day_bounds(d)
            q |= Q(**_triple_q((c, t, u)), **{f"{field}__gte": lo, f"{field}__lt": hi})
        return q

    def on_triple(self, prefix: str = "") -> Q:
        if self.keys is None:
            return Q() if self.campaign_id is None else Q(**{f"{prefix}campaign_id": self.campaign_id})
        q = Q(pk__in=[])
        for triple in self.triples():
            q |= Q(**_triple_q(triple, prefix))
        return q

    def rollups(self) -> Q:
        return self.on_date("day")
