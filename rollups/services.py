"""Computing the daily summaries from the raw rows: incrementally, from scratch, and as a check.

One definition, :func:`compute`, counts every figure of ``models.DayRollup`` and
``models.GroupRollup`` from visits, recruitment rows, visit–enterprise links and
tickets with grouped SQL aggregates (one query per source, whatever the number
of rows), for a *scope*: everything, one campaign, or a set of keys.

- :func:`refresh` runs when the writers (``visits.services.save_visit``,
  ``issues.timeline.commit``) announce a change in their own transaction
  (``visits.signals.visit_written``, ``issues.signals.ticket_saved``, received in
  ``rollups.apps``; lower apps may not import this one) with the keys the change
  touched, before and after it. Those keys are recomputed from the raw rows
  (bounded by the raw tables' indexes on exactly that key) — correct rather
  than clever: no deltas to get wrong, an edit that moves a visit to another day
  or a ticket to another team fixes both days. "Enterprises met for the first
  time" depends on earlier visits, so the whole (campaign, team, unit) is
  re-counted for that figure and every day whose first meetings changed is
  recomputed too.
- :func:`rebuild` recomputes everything (or one campaign) from scratch.
- :func:`differences` compares the stored rows with :func:`compute` (the check).

What a computation counts is a :class:`rollups.scope.Scope`; the first meetings and the
ticket totals beside the daily rows are written by ``rollups.totals``, called from here only.
"""

import zlib
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from issues.models import ClosingKind, Status, WorkerIssue
from issues.signals import KEY_FIELDS
from visits.models import Recruitment, Visit

from .callbacks import callback_figures
from .models import COUNTS, DayRollup, FirstMeeting, GroupRollup, TicketMixRollup, TicketMixTotal
from .scope import MIX_FIELDS, Scope
from .totals import (
    _move_mix_totals,
    _stored_mix,
    _write_meetings,
    _write_mix_totals,
    first_meetings,
    first_met_counts,
    meetings,
    mix_totals,
)

# The ticket fields whose local day keys a figure.
TICKET_DAY_FIELDS = ("received_at", "closed_at", "response_due", "resolution_due")
TICKET_KEY_FIELDS = KEY_FIELDS


def _ticket_rows(scope: Scope, field: str, figures: dict):
    tz = timezone.get_current_timezone()
    return (
        WorkerIssue.objects.filter(scope.on_datetime(field), **{f"{field}__isnull": False})
        .order_by()
        .values("campaign_id", "team_id", "unit_id", day=TruncDate(field, tzinfo=tz))
        # "n_" names: two figures share a name with the ticket's deadline fields.
        .annotate(**{f"n_{name}": aggregate for name, aggregate in figures.items()})
    )


def compute(scope: Scope, first_met: dict | None = None) -> tuple[dict, dict, dict]:
    """(rows, groups, mix) for ``scope`` from the raw rows: ``{key: {figure: n}}`` (non-zero figures only),
    ``{(key, group_id): recruited}`` and ``{(key, status, step, category, source): tickets}``.
    Nine grouped queries and a calendar query (one fewer when ``first_met`` is given)."""
    rows: dict = defaultdict(dict)

    def add(key, values):
        for name, value in values.items():
            if value:
                rows[key][name] = rows[key].get(name, 0) + value

    visits = (
        Visit.objects.filter(scope.on_date("date"))
        .order_by()
        .values("campaign_id", "team_id", "unit_id", "date")
        .annotate(visits=Count("pk"), workers_reached=Sum("workers_reached"))
    )
    for r in visits:
        add(
            (r["campaign_id"], r["team_id"], r["unit_id"], r["date"]),
            {"visits": r["visits"], "workers_reached": r["workers_reached"]},
        )

    groups = {}
    recruitment = (
        Recruitment.objects.filter(scope.on_date("visit__date", "visit__"))
        .order_by()
        .values("visit__campaign_id", "visit__team_id", "visit__unit_id", "visit__date", "group_id")
        .annotate(n=Sum("count"))
    )
    for r in recruitment:
        key = (r["visit__campaign_id"], r["visit__team_id"], r["visit__unit_id"], r["visit__date"])
        groups[(key, r["group_id"])] = r["n"]
        add(key, {"recruited": r["n"]})

    if first_met is None:
        first_met = first_meetings(scope)
    for key, n in first_met.items():
        if scope.keys is None or key in scope.keys:
            add(key, {"enterprises_first_met": n})

    closed = Q(status=Status.CLOSED)
    ticket_figures = {
        "received_at": {"tickets_opened": Count("pk"), "tickets_opened_closed": Count("pk", filter=closed)},
        "closed_at": {
            "tickets_closed": Count("pk"),
            "tickets_closed_solved": Count("pk", filter=Q(closing_kind=ClosingKind.SOLVED)),
        },
        "response_due": {
            "response_due": Count("pk"),
            "responded_on_time": Count("pk", filter=Q(responded_at__lte=F("response_due"))),
        },
        "resolution_due": {
            "resolution_due": Count("pk"),
            "resolution_missed": Count("pk", filter=Q(closed_at__isnull=True) | Q(closed_at__gt=F("resolution_due"))),
            "resolution_open": Count("pk", filter=Q(closed_at__isnull=True)),
        },
    }
    for field, figures in ticket_figures.items():
        for r in _ticket_rows(scope, field, figures):
            add((r["campaign_id"], r["team_id"], r["unit_id"], r["day"]), {n: r[f"n_{n}"] for n in figures})
    for key, values in callback_figures(scope.on_datetime("closed_at")).items():
        add(key, values)

    tz = timezone.get_current_timezone()
    mix = {}
    received = (
        WorkerIssue.objects.filter(scope.on_datetime("received_at"))
        .order_by()
        .values("campaign_id", "team_id", "unit_id", *MIX_FIELDS, day=TruncDate("received_at", tzinfo=tz))
        .annotate(n=Count("pk"))
    )
    for r in received:
        key = (r["campaign_id"], r["team_id"], r["unit_id"], r["day"])
        mix[(key, *(r[f] for f in MIX_FIELDS))] = r["n"]

    rows = {key: {n: values.get(n, 0) for n in COUNTS} for key, values in rows.items() if values}
    return rows, groups, mix


def _write(scope: Scope, rows: dict, groups: dict, mix: dict):
    DayRollup.objects.filter(scope.rollups()).delete()
    GroupRollup.objects.filter(scope.rollups()).delete()
    TicketMixRollup.objects.filter(scope.rollups()).delete()
    TicketMixRollup.objects.bulk_create(
        [
            TicketMixRollup(
                campaign_id=c,
                team_id=t,
                unit_id=u,
                day=d,
                status=status,
                escalation_step=step,
                category=category,
                source=source,
                tickets=n,
            )  # fmt: skip
            for ((c, t, u, d), status, step, category, source), n in mix.items()
        ],
        batch_size=2000,
    )
    DayRollup.objects.bulk_create(
        [DayRollup(campaign_id=c, team_id=t, unit_id=u, day=d, **values) for (c, t, u, d), values in rows.items()],
        batch_size=2000,
    )
    GroupRollup.objects.bulk_create(
        [
            GroupRollup(campaign_id=c, team_id=t, unit_id=u, day=d, group_id=g, recruited=n)
            for ((c, t, u, d), g), n in groups.items()
        ],
        batch_size=2000,
    )


def _lock(triples):
    """Serialise concurrent refreshes of the same (campaign, team, unit) until the transaction ends.

    Each refresh reads the raw rows after taking the lock, so under READ
    COMMITTED it sees what the transaction that held it committed. SQLite
    serialises writers already.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for c, t, u in sorted(triples):
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [0x524F4C4C, zlib.crc32(f"{c}/{t}/{u}".encode()) - 2**31]
            )


def refresh(keys, *, visits_changed: bool = True) -> None:
    """Recompute the rollup of ``keys`` (campaign_id, team_id, unit_id, day) from the raw rows.

    Called by the writers inside their transaction, after their raw rows are
    written. Days whose first meetings of an enterprise moved are added. A
    ticket write (``visits_changed=False``) cannot move a first meeting: the
    stored counts are kept instead of re-counting the (campaign, team, unit).
    """
    keys = {k for k in keys if None not in k}
    if not keys:
        return
    with transaction.atomic():
        scope = Scope(keys=frozenset(keys))
        _lock(scope.triples())
        stored = DayRollup.objects.filter(scope.on_triple() if visits_changed else scope.rollups()).values_list(
            "campaign_id", "team_id", "unit_id", "day", "enterprises_first_met"
        )
        stored_first = {(c, t, u, d): n for c, t, u, d, n in stored}
        if visits_changed:
            met = meetings(scope)
            _write_meetings(scope, met)
            first_met = first_met_counts(met)
            moved = {k for k in set(first_met) | set(stored_first) if first_met.get(k, 0) != stored_first.get(k, 0)}
            scope = Scope(keys=frozenset(keys | moved))
        else:
            first_met = stored_first
        # A visit's write leaves every ticket figure as it was (the daily rows are rewritten equal).
        mix_before = {} if visits_changed else _stored_mix(scope)
        rows, groups, mix = compute(scope, first_met)
        _write(scope, rows, groups, mix)
        if not visits_changed:
            _move_mix_totals(scope, mix_before, mix)


def rebuild(campaign_id: int | None = None) -> int:
    """Recompute every row (of one campaign) from scratch; returns the number of day rows."""
    with transaction.atomic():
        scope = Scope(campaign_id=campaign_id)
        met = meetings(scope)
        rows, groups, mix = compute(scope, first_met_counts(met))
        _write(scope, rows, groups, mix)
        _write_mix_totals(scope, mix_totals(mix))
        FirstMeeting.objects.filter(scope.on_triple()).delete()
        _write_meetings(scope, met)
    return len(rows)


def differences(campaign_id: int | None = None) -> list[str]:
    """Where the stored rollup differs from the raw aggregates: one line per differing key (empty: equal)."""
    scope = Scope(campaign_id=campaign_id)
    met = meetings(scope)
    rows, groups, mix = compute(scope, first_met_counts(met))
    fields = ["campaign_id", "team_id", "unit_id", "day"]
    stored = {
        tuple(r[f] for f in fields): {n: r[n] for n in COUNTS}
        for r in DayRollup.objects.filter(scope.rollups()).values(*fields, *COUNTS)
    }
    stored_groups = {
        (tuple(r[f] for f in fields), r["group_id"]): r["recruited"]
        for r in GroupRollup.objects.filter(scope.rollups()).values(*fields, "group_id", "recruited")
    }
    lines = []
    for key in sorted(set(rows) | set(stored)):
        want, have = rows.get(key), stored.get(key)
        if want != have:
            diff = {
                n: (have or {}).get(n, 0) - (want or {}).get(n, 0)
                for n in COUNTS
                if (have or {}).get(n, 0) != (want or {}).get(n, 0)
            }
            if not diff:
                diff = {"row": "all zero" if have else "missing"}
            lines.append(f"{key}: stored − raw = {diff}")
    for key in sorted(set(groups) | set(stored_groups)):
        if groups.get(key) != stored_groups.get(key):
            lines.append(f"{key}: recruited stored {stored_groups.get(key)} raw {groups.get(key)}")
    stored_mix = {
        (tuple(r[f] for f in fields), *(r[f] for f in MIX_FIELDS)): r["tickets"]
        for r in TicketMixRollup.objects.filter(scope.rollups()).values(*fields, *MIX_FIELDS, "tickets")
    }
    for key in sorted(set(mix) | set(stored_mix), key=str):
        if mix.get(key) != stored_mix.get(key):
            lines.append(f"{key}: tickets stored {stored_mix.get(key)} raw {mix.get(key)}")
    stored_totals = {
        ((c, t, u), *fields): n
        for c, t, u, *fields, n in TicketMixTotal.objects.filter(scope.on_triple()).values_list(
            "campaign_id", "team_id", "unit_id", *MIX_FIELDS, "tickets"
        )
    }
    totals = mix_totals(mix)
    for key in sorted(set(totals) | set(stored_totals), key=str):
        if totals.get(key) != stored_totals.get(key):
            lines.append(f"{key}: tickets in total stored {stored_totals.get(key)} raw {totals.get(key)}")
    stored_met = {
        (c, t, u, e): day
        for c, t, u, e, day in FirstMeeting.objects.filter(scope.on_triple()).values_list(
            "campaign_id", "team_id", "unit_id", "enterprise_id", "day"
        )
    }
    for key in sorted(set(met) | set(stored_met)):
        if met.get(key) != stored_met.get(key):
            lines.append(f"{key}: first met stored {stored_met.get(key)} raw {met.get(key)}")
    return lines


# --- the keys a change touches -----------------------------------------------------


def visit_keys(*visits) -> set:
    """Keys of visits given as instances or (campaign_id, team_id, unit_id, date) tuples; None skipped."""
    keys = set()
    for v in visits:
        if v is None:
            continue
        keys.add(v if isinstance(v, tuple) else (v.campaign_id, v.team_id, v.unit_id, v.date))
    return keys


def stored_visit_key(pk) -> tuple | None:
    """The key of a visit as stored (before an edit changes it); None for a new visit."""
    if pk is None:
        return None
    return Visit.objects.filter(pk=pk).values_list("campaign_id", "team_id", "unit_id", "date").first()


def stored_ticket_state(pk) -> dict | None:
    """The key fields of a ticket as stored (before a change); None for a new ticket."""
    if pk is None:
        return None
    return WorkerIssue.objects.filter(pk=pk).values(*TICKET_KEY_FIELDS).first()


def ticket_state(issue) -> dict:
    return {f: getattr(issue, f) for f in TICKET_KEY_FIELDS}


def ticket_keys(*states) -> set:
    """Every (campaign, team, unit, local day) a ticket's figures sit on, for each state given (None skipped)."""
    keys = set()
    for s in states:
        if s is None:
            continue
        for f in TICKET_DAY_FIELDS:
            if s[f] is not None:
                keys.add((s["campaign_id"], s["team_id"], s["unit_id"], timezone.localdate(s[f])))
    return keys


# --- receivers of the writers' signals (connected in rollups.apps) --------------------------


def on_visit_written(sender, visit, before, **kwargs):
    refresh(visit_keys(before, visit))


def on_ticket_saved(sender, issue, before, **kwargs):
    refresh(ticket_keys(before, ticket_state(issue)), visits_changed=False)
