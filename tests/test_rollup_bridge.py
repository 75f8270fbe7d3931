"""The tests' rollup bridge refreshes rows written directly, and stays silent while a writer runs."""

import pytest

from issues.models import Source
from issues.services import open_issue
from rollups import services as rollups
from rollups.models import DayRollup
from tests.factories.campaigns import AssignmentFactory, UserFactory
from tests.factories.issues import IssueFactory

pytestmark = pytest.mark.django_db


def opened(team) -> int:
    return sum(DayRollup.objects.filter(team=team).values_list("tickets_opened", flat=True))


@pytest.fixture
def refreshes(monkeypatch):
    """Every call of rollups.services.refresh (the bridge's and the writers'), in order."""
    calls = []
    real = rollups.refresh

    def spy(keys, **kwargs):
        calls.append(kwargs.get("visits_changed", True))
        return real(keys, **kwargs)

    monkeypatch.setattr(rollups, "refresh", spy)
    return calls


def test_a_ticket_written_directly_is_refreshed_by_the_bridge(refreshes):
    assignment = AssignmentFactory()
    IssueFactory(assignment=assignment)
    assert refreshes == [False]  # a ticket: no first meeting can move
    assert opened(assignment.team) == 1


def test_a_ticket_the_writer_opens_is_refreshed_once_by_the_writer_alone(refreshes):
    assignment = AssignmentFactory()
    open_issue(
        created_by=UserFactory(),
        source=Source.HOTLINE_12345,
        hotline_number="GD202600001",
        category="wages",
        team=assignment.team,
        unit=assignment.unit,
        campaign=assignment.campaign,
        title="拖欠工资",
        description="职工反映企业拖欠两个月工资",
    )
    # The writer's own refresh (a ticket cannot move a first meeting: visits_changed=False).
    assert refreshes == [False]
    assert opened(assignment.team) == 1
