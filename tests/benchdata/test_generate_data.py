"""manage.py generate_data (issue 15): deterministic for a seed, and only states the services could produce."""

import datetime as dt
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from benchdata.generate import generate
from campaigns.models import Enterprise, TeamMembership
from campaigns.validators import validate_credit_code, validate_id_number, validate_phone
from dashboard.coverage import coverage_rows
from issues import workflow
from issues.models import IssueAction, Status, WorkerIssue
from issues.rates import compute_rates, rates_by_team
from visits.models import Visit
from workdays.services import WorkCalendar

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 15, 30))
COUNT_FIELDS = ["response_numerator", "response_denominator", "resolution_numerator", "resolution_denominator"]


def _generate(seed, visits=300, tickets=300, campaigns=2):
    generate(
        random.Random(seed),
        visits=visits,
        tickets=tickets,
        campaigns=campaigns,
        enterprises=60,
        now=NOW,
        log=lambda message: None,
    )


def _snapshot():
    tickets = [
        (i.code, i.team.name, i.unit.name, i.source, i.hotline_number, i.status, i.title, i.worker_name,
         i.worker_phone, i.received_at, i.resolution_due, i.handler.username if i.handler else "", i.version,
         tuple(i.actions.values_list("kind", "created_at", "note")))
        for i in WorkerIssue.objects.select_related("team", "unit", "handler").order_by("code")
    ]  # fmt: skip
    visits = [
        (v.date, v.unit.name, v.kind, v.summary, v.created_by.username, tuple(sorted(e.credit_code for e in v.enterprises.all())))
        for v in Visit.objects.select_related("unit", "created_by").prefetch_related("enterprises").order_by("date", "id")
    ]  # fmt: skip
    enterprises = list(Enterprise.objects.order_by("credit_code").values_list("name", "credit_code", "union_status"))
    return tickets, visits, enterprises


def _snapshot_of_a_run(seed):
    with transaction.atomic():
        _generate(seed)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


def test_the_same_seed_gives_the_same_data():
    first = _snapshot_of_a_run(7)
    assert first[0] and first[1] and first[2]
    assert _snapshot_of_a_run(7) == first
    assert _snapshot_of_a_run(8) != first


def test_the_command_fills_an_empty_database_and_refuses_a_second_time():
    call_command("generate_data", visits=40, tickets=40, campaigns=1, seed=3, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Visit.objects.count() == 40 and WorkerIssue.objects.count() == 40
    with pytest.raises(CommandError, match="空数据库"):
        call_command("generate_data", visits=1, tickets=1, campaigns=1)


def test_tickets_are_states_the_services_could_produce():
    _generate(11, visits=400, tickets=600, campaigns=2)
    tickets = list(WorkerIssue.objects.select_related("assignment", "team").prefetch_related("actions"))
    assert {t.status for t in tickets} == {Status.NEW, Status.PROCESSING, Status.CLOSED}
    assert any(t.escalation_step > 1 for t in tickets) and any(t.satisfaction for t in tickets)
    for t in tickets:
        # The property test's invariants (tests/issues/test_properties.py).
        assert (t.assignment.campaign_id, t.assignment.team_id, t.assignment.unit_id) == (
            t.campaign_id,
            t.team_id,
            t.unit_id,
        )
        if t.handler_id:
            assert TeamMembership.objects.filter(team_id=t.team_id, user_id=t.handler_id).exists()
        actions = list(t.actions.all())
        assert len(actions) == t.version + 1
        assert actions[0].kind == IssueAction.Kind.CREATE and actions[0].note.startswith("时限规则：")
        assert [a.created_at for a in actions] == sorted(a.created_at for a in actions) and actions[
            -1
        ].created_at <= NOW
        assert actions[-1].to_status == t.status and actions[-1].to_step == t.escalation_step
        for before, after in zip(actions, actions[1:], strict=False):
            assert after.from_status == before.to_status
        assert t.response_due <= t.resolution_due and t.received_at <= actions[0].created_at
        assert (t.responded_at is None) == (t.status == Status.NEW)
        if t.worker_phone:
            validate_phone(t.worker_phone)
        if t.worker_id_number:
            validate_id_number(t.worker_id_number)


def test_the_read_side_counts_generated_tickets_once():
    _generate(12, visits=300, tickets=400, campaigns=1)
    ticket = WorkerIssue.objects.first()
    campaign = ticket.campaign
    open_count = WorkerIssue.objects.filter(campaign=campaign).exclude(status=Status.CLOSED).count()
    assert sum(r.issues_open for r in coverage_rows(campaign)) == open_count
    qs = WorkerIssue.objects.filter(campaign=campaign)
    start, end = campaign.start_date, timezone.localdate()
    whole = compute_rates(qs, start, end, (30, 35, 35))
    teams = rates_by_team(qs, start, end, (30, 35, 35)).values()
    for field in COUNT_FIELDS:
        assert sum(getattr(t, field) for t in teams) == getattr(whole, field), field


def test_the_services_carry_on_from_a_generated_ticket():
    _generate(13, visits=100, tickets=200, campaigns=1)
    issue = WorkerIssue.objects.filter(status=Status.PROCESSING, escalation_step=1, handler__isnull=False).first()
    workflow.perform(issue.pk, issue.handler, "resolve", version=issue.version, note="已解决")
    issue.refresh_from_db()
    assert issue.status == Status.CLOSED and issue.actions.count() == issue.version + 1


def test_visits_and_enterprises_are_valid():
    _generate(14, visits=300, tickets=50, campaigns=2)
    calendar = WorkCalendar(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    for visit in Visit.objects.select_related("campaign", "team", "unit"):
        visit.full_clean()  # in its campaign, by a team of it, to a unit the team covers
        assert calendar.is_workday(visit.date) and visit.date <= NOW.date()
        assert visit.enterprises.exists() and not visit.enterprises.exclude(unit=visit.unit).exists()
    for enterprise in Enterprise.objects.all():
        validate_credit_code(enterprise.credit_code)
        assert (enterprise.union_status == "none") == (not enterprise.status_changes.exists())
