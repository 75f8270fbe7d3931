"""Putting the generated world, visits and tickets together (``manage.py generate_data``)."""

from campaigns.models import Assignment, Campaign, Enterprise, EnterpriseStatusChange, TeamMembership, WorkTeam
from issues.models import IssueAction, WorkerIssue
from visits.models import PlannedVisit, Recruitment, Visit
from workdays.models import CalendarDay, CalendarYear

from .tickets import Deadliner, generate_tickets, ticket_specs
from .visits import generate_visits
from .world import build_world

FIELD_SHARE = 0.45  # tickets found at visits; the rest come from the hotlines


def split(total: int, campaigns: int) -> list:
    """Per campaign, oldest first: the running (last) one holds 60 %, the others share the rest."""
    if campaigns == 1:
        return [total]
    current = total * 6 // 10
    rest = total - current
    counts = [rest // (campaigns - 1)] * (campaigns - 1)
    counts[0] += rest - sum(counts)
    return [*counts, current]


def generate(rnd, *, visits, tickets, campaigns, enterprises, now, log):
    # Deterministic for a seed: the clock only decides which day is "today" (and what has happened by now).
    world = build_world(rnd, campaigns=campaigns, enterprises=enterprises, now=now)
    log(f"world: {campaigns} campaigns, {enterprises:,} enterprises")
    calendar = dict(CalendarDay.objects.values_list("date", "is_workday"))
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    field = min(int(tickets * FIELD_SHARE), visits)
    found = generate_visits(rnd, world, split(visits, campaigns), calendar, now, field, log)
    log(f"visits written ({visits:,}); {len(found):,} field tickets found at them")
    specs = ticket_specs(rnd, world, split(tickets, campaigns), found, now)
    entries = generate_tickets(rnd, world, specs, Deadliner(calendar, loaded), now, log)
    log(f"tickets written ({len(specs):,}) with {entries:,} timeline entries")
    from .writer import reset_sequences

    reset_sequences(
        [Campaign, WorkTeam, Assignment, TeamMembership, Enterprise, EnterpriseStatusChange, Visit,
         Visit.enterprises.through, Visit.cadres.through, Recruitment, PlannedVisit,
         PlannedVisit.enterprises.through, WorkerIssue, IssueAction]
    )  # fmt: skip
    # The rows were written around the services, so the daily summaries those keep are rebuilt from
    # them (set-based, rollups.services.rebuild): the read side then counts what was generated.
    from rollups.services import rebuild

    rows = rebuild(None)
    log(f"daily summaries rebuilt: {rows:,} rows")
