"""The summaries kept beside the daily rows: first meetings and the ticket breakdown's totals.

Both are written by ``rollups.services.refresh`` and ``rebuild`` only, and checked by
``differences``.
"""

from collections import defaultdict

from django.db.models import Min

from visits.models import Visit

from .models import FirstMeeting, TicketMixRollup, TicketMixTotal
from .scope import MIX_FIELDS, Scope


def meetings(scope: Scope) -> dict:
    """{(campaign, team, unit, enterprise): day of the first visit of that (campaign, team, unit) that met it}.

    One grouped query over the visit–enterprise links of the scope's whole
    (campaign, team, unit)s (a first day depends on every earlier visit).
    """
    links = Visit.enterprises.through.objects.filter(scope.on_triple("visit__")).order_by()
    rows = links.values_list("visit__campaign_id", "visit__team_id", "visit__unit_id", "enterprise_id").annotate(
        first_day=Min("visit__date")
    )
    return {(c, t, u, e): day for c, t, u, e, day in rows}


def first_met_counts(met: dict) -> dict:
    """{key: enterprises met for the first time that day by that (campaign, team, unit)} from :func:`meetings`."""
    counts = defaultdict(int)
    for (c, t, u, _e), day in met.items():
        counts[(c, t, u, day)] += 1
    return dict(counts)


def first_meetings(scope: Scope) -> dict:
    return first_met_counts(meetings(scope))


def _write_meetings(scope: Scope, met: dict) -> None:
    """Store :func:`meetings` for the scope's (campaign, team, unit)s: only the rows that changed."""
    stored = {
        (c, t, u, e): (pk, day)
        for pk, c, t, u, e, day in FirstMeeting.objects.filter(scope.on_triple()).values_list(
            "pk", "campaign_id", "team_id", "unit_id", "enterprise_id", "day"
        )
    }
    stale = [pk for key, (pk, day) in stored.items() if met.get(key) != day]
    if stale:
        FirstMeeting.objects.filter(pk__in=stale).delete()
    FirstMeeting.objects.bulk_create(
        [
            FirstMeeting(campaign_id=c, team_id=t, unit_id=u, enterprise_id=e, day=day)
            for (c, t, u, e), day in met.items()
            if stored.get((c, t, u, e), (None, None))[1] != day
        ],
        batch_size=2000,
    )


def mix_totals(mix: dict) -> dict:
    """{((campaign, team, unit), status, step, category, source): tickets} summed over the days of ``mix``."""
    totals = defaultdict(int)
    for ((c, t, u, _d), *fields), n in mix.items():
        totals[((c, t, u), *fields)] += n
    return dict(totals)


def _write_mix_totals(scope: Scope, totals: dict) -> None:
    """Replace every total of the scope (a rebuild) with ``totals`` (:func:`mix_totals`)."""
    TicketMixTotal.objects.filter(scope.on_triple()).delete()
    TicketMixTotal.objects.bulk_create(
        [
            TicketMixTotal(
                campaign_id=c,
                team_id=t,
                unit_id=u,
                status=status,
                escalation_step=step,
                category=category,
                source=source,
                tickets=n,
            )  # fmt: skip
            for ((c, t, u), status, step, category, source), n in totals.items()
        ],
        batch_size=2000,
    )


def _stored_mix(scope: Scope) -> dict:
    """The daily breakdown stored for the scope's keys, as :func:`compute` returns it."""
    rows = TicketMixRollup.objects.filter(scope.rollups()).values_list(
        "campaign_id", "team_id", "unit_id", "day", *MIX_FIELDS, "tickets"
    )
    return {((c, t, u, d), *fields): n for c, t, u, d, *fields, n in rows}


def _move_mix_totals(scope: Scope, before: dict, after: dict) -> None:
    """Add to the totals what the scope's daily breakdown gained from ``before`` to ``after``.

    A ticket's refresh rewrites the daily rows of a few days; summing the whole
    (campaign, team, unit) again would read ten thousand rows at city scale. The
    totals equal the days' sum before (``differences`` checks it; the property
    test after every step), so adding the difference keeps them equal. A total
    that would go negative breaks the check constraint: the write fails.
    """
    delta = defaultdict(int)
    for sign, mix in ((1, after), (-1, before)):
        for ((c, t, u, _d), *fields), n in mix.items():
            delta[((c, t, u), *fields)] += sign * n
    delta = {key: n for key, n in delta.items() if n}
    if not delta:
        return
    stored = {
        ((c, t, u), *fields): (pk, n)
        for pk, c, t, u, *fields, n in TicketMixTotal.objects.filter(scope.on_triple()).values_list(
            "pk", "campaign_id", "team_id", "unit_id", *MIX_FIELDS, "tickets"
        )
    }
    gone, changed, new = [], [], []
    for key, n in delta.items():
        pk, total = stored.get(key, (None, 0))
        (c, t, u), status, step, category, source = key
        if pk is None:
            new.append(
                TicketMixTotal(
                    campaign_id=c,
                    team_id=t,
                    unit_id=u,
                    status=status,
                    escalation_step=step,
                    category=category,
                    source=source,
                    tickets=n,
                )  # fmt: skip
            )
        elif total + n == 0:
            gone.append(pk)
        else:
            changed.append(TicketMixTotal(pk=pk, tickets=total + n))
    if gone:
        TicketMixTotal.objects.filter(pk__in=gone).delete()
    if changed:
        TicketMixTotal.objects.bulk_update(changed, ["tickets"])
    if new:
        TicketMixTotal.objects.bulk_create(new)
