"""Two people acting on one ticket at once: no lost update, no double transition.

Real concurrency needs PostgreSQL row locks (SQLite serialises whole-database
writes, so these tests are skipped there). Run with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/dundian_h3.
"""

import threading

import pytest
from django.db import connection, transaction

from issues import workflow
from issues.models import IssueAction, WorkerIssue
from issues.services import open_issue

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

Kind = IssueAction.Kind


def run_in_threads(*funcs):
    """Run each function in its own thread (own DB connection), started together."""
    barrier = threading.Barrier(len(funcs))
    results = [None] * len(funcs)

    def runner(i, func):
        try:
            barrier.wait()
            results[i] = ("ok", func())
        except workflow.TransitionError as error:
            results[i] = ("refused", error.message)
        except Exception as error:  # pragma: no cover - shown in the assertion
            results[i] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_accepts_at_once_make_one_transition(world, issue_a):
    results = run_in_threads(
        lambda: workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0),
        lambda: workflow.perform(issue_a.pk, world.cadre_a, Kind.ACCEPT, version=0),
    )
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["ok", "refused"], results
    refused = next(r[1] for r in results if r[0] == "refused")
    assert refused == workflow.STALE_MESSAGE
    issue = WorkerIssue.objects.get(pk=issue_a.pk)
    assert issue.version == 1
    assert issue.actions.filter(kind=Kind.ACCEPT).count() == 1


def test_resolve_and_escalate_at_once_do_not_both_happen(world, issue_a):
    issue = workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0)
    results = run_in_threads(
        lambda: workflow.perform(issue.pk, world.office_staff, Kind.RESOLVE, version=issue.version, note="已解决"),
        lambda: workflow.perform(
            issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, note="无法解决", escalated_to="属地党委政府"
        ),
    )
    assert sorted(r[0] for r in results) == ["ok", "refused"], results
    issue = WorkerIssue.objects.get(pk=issue.pk)
    assert issue.version == 2
    assert issue.actions.exclude(kind__in=[Kind.CREATE, Kind.ACCEPT]).count() == 1


def test_a_locked_ticket_waits_and_then_sees_the_new_version(world, issue_a):
    """Thread B blocks on A's row lock; after A commits, B's stale form is refused."""
    locked = threading.Event()
    release = threading.Event()

    def holder():
        with transaction.atomic():
            row = WorkerIssue.objects.select_for_update().get(pk=issue_a.pk)
            locked.set()
            release.wait(timeout=10)
            row.version += 1
            row.title = "A 的修改"
            row.save()
        return "committed"

    def latecomer():
        locked.wait(timeout=10)
        return workflow.perform(issue_a.pk, world.cadre_a, Kind.NOTE, version=0, note="B 的备注")

    def releaser():
        locked.wait(timeout=10)
        # Give B time to reach the lock; correctness does not depend on it.
        threading.Event().wait(0.5)
        release.set()
        return "released"

    results = run_in_threads(holder, latecomer, releaser)
    assert results[0] == ("ok", "committed")
    assert results[1] == ("refused", workflow.STALE_MESSAGE)
    issue = WorkerIssue.objects.get(pk=issue_a.pk)
    assert issue.title == "A 的修改"
    assert not issue.actions.filter(kind=Kind.NOTE).exists()


def test_codes_are_unique_when_opened_at_once(world):
    def make():
        return open_issue(
            created_by=world.cadre_a,
            source="field",
            category="wages",
            team=world.team_a,
            unit=world.unit_a,
            campaign=world.campaign,
            title="同时登记",
            description="并发",
        ).code

    results = run_in_threads(make, make, make, make)
    assert all(r[0] == "ok" for r in results), results
    assert len({r[1] for r in results}) == 4
