"""WorkerIssueQuerySet helpers used by reminders and the dashboard."""

import pytest

from issues.models import WorkerIssue
from tests.factories import IssueFactory

from .conftest import aware

NOW = aware(2026, 8, 10, 12)


@pytest.fixture
def tickets(world):
    a = world.assignment_a
    return {
        "fresh": IssueFactory(assignment=a, response_due=aware(2026, 8, 20), resolution_due=aware(2026, 8, 30)),
        "response_late": IssueFactory(assignment=a, response_due=aware(2026, 8, 9), resolution_due=aware(2026, 8, 30)),
        "responded": IssueFactory(
            assignment=a,
            response_due=aware(2026, 8, 9),
            responded_at=aware(2026, 8, 8),
            resolution_due=aware(2026, 8, 30),
            status="processing",
        ),
        "resolution_late": IssueFactory(
            assignment=a,
            response_due=aware(2026, 8, 1),
            responded_at=aware(2026, 8, 1),
            resolution_due=aware(2026, 8, 9),
        ),
        "response_soon": IssueFactory(assignment=a, response_due=aware(2026, 8, 11), resolution_due=aware(2026, 8, 30)),
        "resolution_soon": IssueFactory(
            assignment=a,
            response_due=aware(2026, 8, 5),
            responded_at=aware(2026, 8, 5),
            resolution_due=aware(2026, 8, 11),
        ),
        "closed_late": IssueFactory(
            assignment=a,
            response_due=aware(2026, 8, 1),
            resolution_due=aware(2026, 8, 2),
            status="closed",
            closing_kind="solved",
            closed_at=aware(2026, 8, 3),
        ),
        "escalated": IssueFactory(
            assignment=a, escalation_step=3, response_due=aware(2026, 8, 20), resolution_due=aware(2026, 8, 30)
        ),
    }


def names(qs, tickets):
    pks = set(qs.values_list("pk", flat=True))
    return {name for name, t in tickets.items() if t.pk in pks}


def test_open(tickets):
    assert names(WorkerIssue.objects.open(), tickets) == set(tickets) - {"closed_late"}


def test_overdue(tickets):
    assert names(WorkerIssue.objects.overdue(NOW), tickets) == {"response_late", "resolution_late"}


def test_due_soon(tickets, settings):
    settings.ISSUE_DUE_SOON_HOURS = 24
    assert names(WorkerIssue.objects.due_soon(NOW), tickets) == {"response_soon", "resolution_soon"}


def test_escalated(tickets):
    assert names(WorkerIssue.objects.escalated(), tickets) == {"escalated"}
