"""A property test of the ticket service layer (issue 10), with hypothesis.

A state machine drives random sequences of opening, actions, transfers,
re-imports and edits through the services, as different roles, with stale
versions and missing fields now and then. After every step it checks:

- team, unit and handler agree: the ticket's assignment is the (campaign,
  team, unit) it shows, and its handler is a member of its team;
- one timeline entry per change: entries == version + 1 (登记 is version 0);
- the version strictly increases with every change;
- a refused step (TransitionError) changed nothing: ticket row and timeline;
- every open ticket is counted exactly once in the coverage rows of the
  dashboard (dashboard.coverage.coverage_rows) and of the ledger's 覆盖情况汇总
  (ledger.sheets.scope_coverage / coverage_total);
- every ticket due in a period is counted exactly once in that period's rates
  (issues.rates): the teams' counts add up to the overall ones, the response
  and resolution denominators equal a recount of the definition in Python,
  and the response denominators of two halves of the period add up to the
  whole (a response deadline falls in exactly one of them).

Budget: 20 examples of at most 15 steps each (a few seconds on SQLite), so it
runs inside ``make test``; each example runs in a savepoint rolled back at
its end, so examples do not see each other's tickets.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from campaigns.models import Assignment
from dashboard.coverage import coverage_rows
from issues import workflow
from issues.models import IssueAction, Status, WorkerIssue
from issues.rates import compute_rates, period_bounds, rates_by_team
from issues.services import edit_issue, import_update, open_issue
from ledger.scope import LedgerFilters, resolve
from ledger.sheets import coverage_total, scope_coverage
from tests.factories import AssignmentFactory, MembershipFactory, UnionUnitFactory, UserFactory, WorkTeamFactory

Kind = IssueAction.Kind
BUDGET = settings(
    max_examples=20,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
KINDS = list(workflow.TRANSITIONS)
ROLES = ["cadre_a", "leader_a", "cadre_b", "leader_b", "cadre_b2", "office_staff", "leadership"]
NOTES = st.sampled_from(["已电话联系职工", "企业无力解决", ""])
RARELY = st.sampled_from([False, False, False, False, True])  # mostly the productive branch
COUNT_FIELDS = [
    "response_numerator",
    "response_denominator",
    "resolution_numerator",
    "resolution_denominator",
    "satisfaction_numerator",
    "satisfaction_denominator",
    "callback_numerator",
]
EDITORS = ["office_staff", "leader_a", "leader_b", "cadre_a", "cadre_b"]


def snapshot(pk):
    issue = WorkerIssue.objects.get(pk=pk)
    return model_to_dict(issue, exclude=["updated_at"]) | {"version": issue.version}, issue.actions.count()


def build_world(world):
    """The shared world plus a third unit of team B and a team C without units."""
    cadre_b2 = MembershipFactory(team=world.team_b, user=UserFactory(username="cadre_b2")).user
    unit_b2 = UnionUnitFactory(name="清源街道")
    AssignmentFactory(campaign=world.campaign, team=world.team_b, unit=unit_b2)
    team_c = WorkTeamFactory(campaign=world.campaign, name="第三蹲点小组")
    users = {name: getattr(world, name) for name in ROLES if name != "cadre_b2"} | {"cadre_b2": cadre_b2}
    return {
        "users": users,
        "teams": [world.team_a, world.team_b, team_c],
        "units": [world.unit_a, world.unit_b, unit_b2],
    }


def machine_for(world, extra):
    class TicketMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.tickets = {}  # pk -> last version seen
            self.day = 0

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        def _at(self):
            self.day += 1
            return timezone.now() - dt.timedelta(days=40 - self.day)

        def _pick(self, index):
            pks = sorted(self.tickets)
            return pks[index % len(pks)]

        def _attempt(self, pk, call):
            """Run one change; a refusal must leave the ticket and its timeline as they were."""
            before = snapshot(pk)
            try:
                call()
            except workflow.TransitionError as error:
                assert error.message, "a refusal says why"
                assert snapshot(pk) == before, "a refused step changed the ticket"
                return
            after = WorkerIssue.objects.get(pk=pk)
            if after.version == before[0]["version"]:
                assert snapshot(pk) == before  # "nothing to change" writes nothing
            else:
                assert after.version == before[0]["version"] + 1
                assert after.actions.count() == before[1] + 1
            assert after.version >= self.tickets[pk]
            self.tickets[pk] = after.version

        @rule(team=st.integers(0, 1), by_staff=st.booleans())
        def open(self, team, by_staff):
            team_obj, unit = extra["teams"][team], extra["units"][team]
            author = extra["users"]["office_staff" if by_staff else ("cadre_a", "cadre_b")[team]]
            issue = open_issue(
                created_by=author, source="field", category="wages", team=team_obj, unit=unit,
                campaign=world.campaign, title="拖欠工资", description="职工反映", at=self._at(),
            )  # fmt: skip
            self.tickets[issue.pk] = issue.version

        @initialize()
        def two_tickets(self):
            self.open(0, False)
            self.open(1, True)

        @rule(data=st.data(), index=st.integers(0, 20))
        def act(self, data, index):
            self._act(data, index)

        @rule(data=st.data(), index=st.integers(0, 20))
        def act_again(self, data, index):
            self._act(data, index)  # actions weigh twice as much as the other rules

        def _act(self, data, index):
            pk = self._pick(index)
            issue = WorkerIssue.objects.get(pk=pk)
            # Mostly someone who may act, taking an action allowed now (so changes happen);
            # now and then anyone, any action, a stale version (so refusals are exercised).
            able = [r for r in ROLES if workflow.allowed_actions(issue, extra["users"][r])]
            role = data.draw(st.sampled_from(able) if able and not data.draw(RARELY) else st.sampled_from(ROLES))
            user = extra["users"][role]
            allowed = workflow.allowed_actions(issue, user)
            kind = data.draw(st.sampled_from(allowed) if allowed and not data.draw(RARELY) else st.sampled_from(KINDS))
            params = data.draw(
                st.fixed_dictionaries(
                    {
                        "note": NOTES, "to_step": st.sampled_from([None, None, 3, 4, 1]),
                        "team": st.sampled_from(extra["teams"]), "unit": st.sampled_from([None, *extra["units"]]),
                        "handler": st.sampled_from([None, None, *extra["users"].values()]),
                        "escalated_to": st.sampled_from(["属地党委政府", "区人社局", ""]),
                        "reply_on": st.integers(-3, 0).map(lambda d: timezone.localdate() + dt.timedelta(days=d)),
                        "satisfaction": st.sampled_from(["satisfied", "unsatisfied", ""]),
                    }
                )
            )  # fmt: skip
            version = issue.version - 1 if issue.version and data.draw(RARELY) else issue.version
            self._attempt(pk, lambda: workflow.perform(pk, user, kind, version=version, **params))

        @rule(
            index=st.integers(0, 20),
            by_import=st.booleans(),
            role=st.sampled_from(EDITORS),
            unit=st.integers(0, 2),
            title=st.sampled_from(["拖欠工资", "拖欠三个月工资", "欠薪"]),
        )
        def change_registration(self, index, by_import, role, unit, title):
            """A re-imported hotline row (team follows the unit) or an edit on the page (same team)."""
            pk = self._pick(index)
            unit_obj = extra["units"][unit]
            if by_import:
                team = Assignment.objects.get(campaign=world.campaign, unit=unit_obj).team
                staff = extra["users"]["office_staff"]
                self._attempt(pk, lambda: import_update(pk, staff, {"unit": unit_obj, "title": title}, team=team))
                return
            version = WorkerIssue.objects.get(pk=pk).version
            user = extra["users"][role]
            changes = {"unit": unit_obj, "title": title}
            self._attempt(pk, lambda: edit_issue(pk, user, changes, version=version))

        @invariant()
        def team_unit_handler_agree(self):
            for issue in WorkerIssue.objects.filter(pk__in=self.tickets).select_related("assignment"):
                assert issue.assignment is not None
                assert (issue.assignment.campaign_id, issue.assignment.team_id, issue.assignment.unit_id) == (
                    issue.campaign_id, issue.team_id, issue.unit_id,
                )  # fmt: skip
                if issue.handler_id:
                    assert issue.team.memberships.filter(user_id=issue.handler_id).exists()
                assert issue.actions.count() == issue.version + 1

        @invariant()
        def open_tickets_counted_once(self):
            open_count = WorkerIssue.objects.filter(campaign=world.campaign).exclude(status=Status.CLOSED).count()
            rows = list(coverage_rows(world.campaign))
            assert sum(r.issues_open for r in rows) == open_count
            for r in rows:
                mine = WorkerIssue.objects.filter(team=r.team, unit=r.unit).exclude(status=Status.CLOSED).count()
                assert r.issues_open == mine
            scope = resolve(extra["users"]["office_staff"], LedgerFilters(campaign_id=world.campaign.pk))
            assert coverage_total(scope_coverage(scope))[6] == open_count

        @invariant()
        def due_tickets_counted_once_in_rates(self):
            now = timezone.now()
            start, end = timezone.localdate() - dt.timedelta(days=45), timezone.localdate()
            qs = WorkerIssue.objects.filter(campaign=world.campaign)
            whole = compute_rates(qs, start, end, (30, 35, 35), now=now)
            teams = rates_by_team(qs, start, end, (30, 35, 35), now=now).values()
            for field in COUNT_FIELDS:
                assert sum(getattr(t, field) for t in teams) == getattr(whole, field), field
            lo, hi = period_bounds(start, end)
            due_hi = min(hi, now)
            tickets = list(qs)
            response_due = [
                i for i in tickets if lo <= i.response_due < hi and (i.response_due < due_hi or i.responded_at)
            ]
            resolution_due = [
                i
                for i in tickets
                if (i.closed_at and lo <= i.closed_at < hi)
                or (lo <= i.resolution_due < due_hi and (not i.closed_at or i.closed_at > i.resolution_due))
            ]
            assert whole.response_denominator == len(response_due)
            assert whole.resolution_denominator == len(resolution_due)
            middle = start + (end - start) / 2
            first = compute_rates(qs, start, middle, (30, 35, 35), now=now)
            second = compute_rates(qs, middle + dt.timedelta(days=1), end, (30, 35, 35), now=now)
            assert first.response_denominator + second.response_denominator == whole.response_denominator

    return TicketMachine


@pytest.mark.django_db
def test_ticket_services_keep_their_invariants(world):
    run_state_machine_as_test(machine_for(world, build_world(world)), settings=BUDGET)
