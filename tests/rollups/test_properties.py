"""The rollup equals the raw aggregates after any sequence of writes through the real writers (issue 15).

A hypothesis state machine drives random sequences of new and edited visits
(other day, other unit, enterprises, recruitment rows added, changed and
removed) through ``visits.services.save_visit``, and tickets opened, acted
on, transferred, re-imported, edited, moved to a successor unit and given new
deadlines through ``issues.services`` / ``issues.workflow`` (all of which save
through ``issues.timeline.commit``). After every step the stored rollup must
equal what ``rollups.services.compute`` counts from the raw rows (the check
``check_rollups`` runs), and a rebuild from scratch must leave the table as the
incremental refreshes left it. The rates read from the summaries
(``rollups.rates``) must equal the rates counted from the tickets
(``issues.rates``) for periods before, around and after today, while time
passes (callback windows end, deadlines pass) and the working-day calendar
changes (deadlines and callback windows move).

Marked ``writers_only``: the test bridge that refreshes rollups for rows the
factories write is off here, so only the writers keep the rollup current.
Visits have no delete in the application (no writer deletes one), so none is driven.
"""

import contextlib
import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from campaigns.models import Assignment, WorkerGroup
from issues import workflow
from issues.models import DeadlineRule, IssueAction, Status, WorkerIssue
from issues.rates import rates_by_team as raw_rates_by_team
from issues.services import edit_issue, import_update, move_to_successor, open_issue, recompute_deadlines
from rollups import rates as summarized
from rollups import services as rollups
from rollups.models import COUNTS, DayRollup, GroupRollup, TicketMixRollup
from tests.factories import AssignmentFactory, EnterpriseFactory, MembershipFactory, UnionUnitFactory, UserFactory
from visits import services as visit_services
from visits.forms import RecruitmentFormSet, VisitForm
from visits.models import Visit
from workdays.models import CalendarDay
from workdays.services import save_day

pytestmark = [pytest.mark.django_db, pytest.mark.writers_only]

BUDGET = settings(
    max_examples=15,
    stateful_step_count=14,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
KINDS = list(workflow.TRANSITIONS)
Kind = IssueAction.Kind
ROLES = ["cadre_a", "leader_a", "cadre_b", "leader_b", "office_staff", "leadership"]
VISIT_DAYS = [dt.date(2026, 8, 3), dt.date(2026, 8, 4), dt.date(2026, 8, 10), dt.date(2026, 9, 1)]
# The machine's clock: from a day of the factories' campaign (2026-07-15 – 2026-12-31) after the
# visit days, to three weeks before its end.
START = dt.datetime(2026, 9, 14, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
LAST_MOMENT = dt.datetime(2026, 12, 10, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def build_world(world):
    """Team A with one unit, team B with two; two enterprises per unit; the users by role."""
    unit_b2 = UnionUnitFactory(name="清源街道")
    AssignmentFactory(campaign=world.campaign, team=world.team_b, unit=unit_b2)
    units = [world.unit_a, world.unit_b, unit_b2]
    enterprises = {u.pk: [EnterpriseFactory(unit=u), EnterpriseFactory(unit=u)] for u in units}
    MembershipFactory(team=world.team_b, user=UserFactory(username="cadre_b2"))
    return {
        "users": {name: getattr(world, name) for name in ROLES},
        "visitors": [(world.cadre_a, world.team_a, [world.unit_a]), (world.cadre_b, world.team_b, units[1:])],
        "units": units,
        "enterprises": enterprises,
        "groups": list(WorkerGroup.objects.order_by("sort_order")[:3]),
    }


def stored_table():
    days = {tuple(r[:4]): r[4:] for r in DayRollup.objects.values_list("campaign", "team", "unit", "day", *COUNTS)}
    groups = {
        (c, t, u, d, g): n
        for c, t, u, d, g, n in GroupRollup.objects.values_list("campaign", "team", "unit", "day", "group", "recruited")
    }
    mix = set(
        TicketMixRollup.objects.values_list(
            "campaign", "team", "unit", "day", "status", "escalation_step", "category", "source", "tickets"
        )
    )
    return days, groups, mix


def machine_for(world, extra):
    class RollupMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            # A stopped clock inside the campaign (after the visit days) that the rules below move on:
            # callback windows end, deadlines pass. Whatever day the suite runs on.
            self.clock = time_machine.travel(START, tick=False)
            self.coordinates = self.clock.start()
            self.tickets = []
            self.visits = []  # (pk, visitor index)
            self.hour = 0

        def teardown(self):
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            self.clock.stop()

        def _at(self):
            # Tickets received over the last weeks, some near midnight (the local day matters).
            self.hour += 19
            return timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=self.hour)

        def _pick(self, items, index):
            return items[index % len(items)]

        # --- visits --------------------------------------------------------------------
        def _save_visit(self, visitor, instance, unit, day, enterprises, workers, recruitment):
            user, team, _units = extra["visitors"][visitor]
            data = {
                "unit": str(unit.pk), "date": day.isoformat(), "kind": "site", "place": "", "people_met": "",
                "cadres": [str(user.pk)], "workers_reached": str(workers), "summary": "走访企业",
                "operations_findings": "", "mood_findings": "", "hotspot_findings": "",
                "enterprises": [str(e.pk) for e in enterprises],
            }  # fmt: skip
            existing = list(instance.recruitments.order_by("pk")) if instance.pk else []
            rows = []
            for r in existing:
                change = recruitment.get(r.group_id)
                rows.append({"id": str(r.pk), "group": str(r.group_id), "count": str(change or r.count),
                             "DELETE": "on" if change == 0 else ""})  # fmt: skip
            for group_id, count in recruitment.items():
                if count and group_id not in {r.group_id for r in existing}:
                    rows.append({"id": "", "group": str(group_id), "count": str(count), "DELETE": ""})
            data |= {"recruit-TOTAL_FORMS": str(len(rows)), "recruit-INITIAL_FORMS": str(len(existing)),
                     "recruit-MIN_NUM_FORMS": "0", "recruit-MAX_NUM_FORMS": "8"}  # fmt: skip
            for i, row in enumerate(rows):
                data |= {f"recruit-{i}-{k}": v for k, v in row.items() if v}
            form = VisitForm(data, {}, instance=instance, user=user, teams=[team])
            formset = RecruitmentFormSet(data, instance=instance, prefix="recruit")
            assert form.is_valid(), form.errors
            assert formset.is_valid(), formset.errors
            return visit_services.save_visit(form, formset, user)

        @rule(
            visitor=st.integers(0, 1), unit=st.integers(0, 1), day=st.sampled_from(VISIT_DAYS),
            met=st.sets(st.integers(0, 1)), workers=st.integers(0, 40),
            recruited=st.dictionaries(st.integers(0, 2), st.integers(1, 9), max_size=2),
        )  # fmt: skip
        def new_visit(self, visitor, unit, day, met, workers, recruited):
            unit_obj = self._pick(extra["visitors"][visitor][2], unit)
            enterprises = [extra["enterprises"][unit_obj.pk][i] for i in met]
            groups = {extra["groups"][g].pk: n for g, n in recruited.items()}
            visit = self._save_visit(visitor, Visit(), unit_obj, day, enterprises, workers, groups)
            self.visits.append((visit.pk, visitor))

        @rule(
            index=st.integers(0, 20), unit=st.integers(0, 1), day=st.sampled_from(VISIT_DAYS),
            met=st.sets(st.integers(0, 1)), workers=st.integers(0, 40),
            recruited=st.dictionaries(st.integers(0, 2), st.integers(0, 9), max_size=3),
        )  # fmt: skip
        def edit_visit(self, index, unit, day, met, workers, recruited):
            if not self.visits:
                return
            pk, visitor = self._pick(self.visits, index)
            unit_obj = self._pick(extra["visitors"][visitor][2], unit)
            enterprises = [extra["enterprises"][unit_obj.pk][i] for i in met]
            groups = {extra["groups"][g].pk: n for g, n in recruited.items()}
            self._save_visit(visitor, Visit.objects.get(pk=pk), unit_obj, day, enterprises, workers, groups)

        # --- tickets -------------------------------------------------------------------
        @rule(team=st.integers(0, 1))
        def open(self, team):
            team_obj, unit = (world.team_a, world.team_b)[team], extra["units"][team]
            issue = open_issue(
                created_by=extra["users"]["office_staff"], source="field", category="wages", team=team_obj,
                unit=unit, campaign=world.campaign, title="拖欠工资", description="职工反映", at=self._at(),
            )  # fmt: skip
            self.tickets.append(issue.pk)

        @initialize()
        def a_ticket_and_a_visit(self):
            self.open(0)
            self.new_visit(1, 0, VISIT_DAYS[1], {0}, 12, {0: 3})

        @rule(data=st.data(), index=st.integers(0, 20))
        def act(self, data, index):
            if not self.tickets:
                return
            pk = self._pick(self.tickets, index)
            issue = WorkerIssue.objects.get(pk=pk)
            able = [r for r in ROLES if workflow.allowed_actions(issue, extra["users"][r])]
            if not able:
                return
            user = extra["users"][data.draw(st.sampled_from(able))]
            kind = data.draw(st.sampled_from(workflow.allowed_actions(issue, user)))
            params = data.draw(
                st.fixed_dictionaries(
                    {
                        "note": st.just("已电话联系职工"), "to_step": st.sampled_from([None, 3, 1]),
                        "team": st.sampled_from([world.team_a, world.team_b]),
                        "unit": st.sampled_from([None, *extra["units"]]),
                        "handler": st.just(None), "escalated_to": st.just("区人社局"),
                        "reply_on": st.just(timezone.localdate()),
                        "satisfaction": st.sampled_from(["satisfied", "unsatisfied", ""]),
                    }
                )
            )  # fmt: skip
            with contextlib.suppress(workflow.TransitionError):
                workflow.perform(pk, user, kind, version=issue.version, **params)

        @rule(index=st.integers(0, 20), by_import=st.booleans(), unit=st.integers(0, 2))
        def change_registration(self, index, by_import, unit):
            if not self.tickets:
                return
            pk = self._pick(self.tickets, index)
            unit_obj = extra["units"][unit]
            staff = extra["users"]["office_staff"]
            try:
                if by_import:
                    team = Assignment.objects.get(campaign=world.campaign, unit=unit_obj).team
                    import_update(pk, staff, {"unit": unit_obj, "title": "欠薪"}, team=team)
                else:
                    version = WorkerIssue.objects.get(pk=pk).version
                    edit_issue(pk, staff, {"unit": unit_obj, "title": "欠薪"}, version=version)
            except workflow.TransitionError:
                pass

        @rule(index=st.integers(0, 20), unit=st.integers(0, 2))
        def move_to_successor_unit(self, index, unit):
            """What a unit merger does to each open ticket of the old unit."""
            if not self.tickets:
                return
            assignment = Assignment.objects.get(campaign=world.campaign, unit=extra["units"][unit])
            move_to_successor(self._pick(self.tickets, index), assignment, extra["users"]["office_staff"], "单位合并")

        @rule(workdays=st.integers(1, 12))
        def deadlines_recomputed(self, workdays):
            """Staff change the rule, every open ticket's deadlines are counted again (new deadline days)."""
            DeadlineRule.objects.filter(source="field").update(
                resolution_hours=0, resolution_workdays=workdays, response_hours=0, response_workdays=1 + workdays % 2
            )
            for pk in WorkerIssue.objects.filter(pk__in=self.tickets).exclude(status=Status.CLOSED).values_list("pk"):
                recompute_deadlines(pk[0], "时限规则调整")

        @rule(days=st.integers(1, 6), hours=st.integers(0, 23))
        def time_passes(self, days, hours):
            self._move_on(dt.timedelta(days=days, hours=hours))

        def _move_on(self, delta):
            # Not past the campaign's end: its teams' memberships end with it.
            if timezone.now() + delta < LAST_MOMENT:
                self.coordinates.shift(delta)

        @rule(
            index=st.integers(0, 20),
            days=st.integers(0, 9),
            answer=st.sampled_from(["satisfied", "basically", "unsatisfied"]),
        )
        def closed_then_called_back(self, index, days, answer):
            """A ticket is handled and closed now, and called back some days later (in the window or after it)."""
            if not self.tickets:
                return
            pk, staff = self._pick(self.tickets, index), extra["users"]["office_staff"]
            for kind in (Kind.ACCEPT, Kind.RESOLVE):
                with contextlib.suppress(workflow.TransitionError):
                    version = WorkerIssue.objects.get(pk=pk).version
                    workflow.perform(pk, staff, kind, version=version, note="已解决")
            self._move_on(dt.timedelta(days=days, hours=3))
            with contextlib.suppress(workflow.TransitionError):
                version = WorkerIssue.objects.get(pk=pk).version
                workflow.perform(pk, staff, Kind.SATISFACTION, version=version, satisfaction=answer)

        @rule(offset=st.integers(-12, 8), workday=st.booleans())
        def calendar_changed(self, offset, workday):
            """Staff mark a day as a holiday or a working day (deadlines and callback windows move)."""
            date = timezone.localdate() + dt.timedelta(days=offset)
            day = CalendarDay.objects.filter(date=date).first() or CalendarDay(date=date, name="调整")
            day.is_workday = workday
            save_day(day)

        # --- the properties --------------------------------------------------------------
        @invariant()
        def rates_from_summaries_equal_rates_from_tickets(self):
            today = timezone.localdate()
            tickets = WorkerIssue.objects.filter(campaign=world.campaign)
            summaries = DayRollup.objects.filter(campaign=world.campaign)
            for start, end in (
                (today - dt.timedelta(days=60), today),  # the campaign to date (the dashboard's default)
                (today - dt.timedelta(days=60), today - dt.timedelta(days=9)),  # a period that is over
                (today - dt.timedelta(days=20), today + dt.timedelta(days=10)),  # one that runs on after today
                (today - dt.timedelta(days=2), today - dt.timedelta(days=2)),  # one past day
            ):
                raw = raw_rates_by_team(tickets, start, end, (1, 1, 1))
                want = {team: r for team, r in raw.items() if summarized._counts_something(r)}
                assert summarized.rates_by_team(summaries, tickets, start, end, (1, 1, 1)) == want, (start, end)

        @invariant()
        def rollup_equals_raw_aggregates(self):
            assert rollups.differences() == []

        @rule()
        def rebuild_leaves_the_incremental_table(self):
            before = stored_table()
            rollups.rebuild()
            assert stored_table() == before

    return RollupMachine


def test_rollup_equals_raw_aggregates_after_any_writes(world):
    run_state_machine_as_test(machine_for(world, build_world(world)), settings=BUDGET)
