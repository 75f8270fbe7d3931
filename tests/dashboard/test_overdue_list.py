"""The dashboard's overdue list: the ten tickets overdue the longest, oldest first, whatever the number overdue."""

import datetime as dt

from django.utils import timezone

from tests.factories import IssueFactory

from .helpers import by_testid, get_page, text


def test_the_ten_tickets_overdue_the_longest_oldest_first(client, world):
    now = timezone.now()
    # Twelve overdue tickets of two teams, answered (overdue since the resolution deadline), in a shuffled
    # order of deadlines; one unanswered whose response deadline passed first; one not overdue yet.
    for n, days in enumerate([5, 30, 12, 2, 25, 8, 19, 3, 40, 15, 22, 6]):
        IssueFactory(
            assignment=world.assignment_a if n % 2 else world.assignment_b,
            code=f"OD{days:02d}",
            status="processing",
            received_at=now - dt.timedelta(days=60),
            response_due=now - dt.timedelta(days=59),
            responded_at=now - dt.timedelta(days=59, hours=1),
            resolution_due=now - dt.timedelta(days=days),
        )
    IssueFactory(
        assignment=world.assignment_a,
        code="UNANSWERED",
        received_at=now - dt.timedelta(days=60),
        response_due=now - dt.timedelta(days=50),
        resolution_due=now - dt.timedelta(days=1),
    )
    IssueFactory(
        assignment=world.assignment_a,
        code="NOT-YET",
        received_at=now - dt.timedelta(days=1),
        response_due=now + dt.timedelta(days=1),
        resolution_due=now + dt.timedelta(days=9),
    )
    doc = get_page(client, world.leadership)
    codes = [r.get("data-code") for r in by_testid(doc, "overdue-list").xpath(".//tbody/tr")]
    assert codes == ["UNANSWERED", "OD40", "OD30", "OD25", "OD22", "OD19", "OD15", "OD12", "OD08", "OD06"]


def test_the_overdue_count_is_every_overdue_ticket_not_the_ten_listed(client, world):
    now = timezone.now()
    for n in range(13):
        IssueFactory(
            assignment=world.assignment_a if n % 2 else world.assignment_b,
            received_at=now - dt.timedelta(days=30),
            response_due=now - dt.timedelta(days=29),
            resolution_due=now - dt.timedelta(days=n + 1),
        )
    IssueFactory(
        assignment=world.assignment_a,
        received_at=now,
        response_due=now + dt.timedelta(days=1),
        resolution_due=now + dt.timedelta(days=9),
    )
    doc = get_page(client, world.leadership)
    assert len(by_testid(doc, "overdue-list").xpath(".//tbody/tr")) == 10
    assert text(by_testid(doc, "sum-overdue")) == "13"


def test_no_overdue_ticket_counts_zero(client, world):
    now = timezone.now()
    IssueFactory(
        assignment=world.assignment_a,
        received_at=now,
        response_due=now + dt.timedelta(days=1),
        resolution_due=now + dt.timedelta(days=9),
    )
    assert text(by_testid(get_page(client, world.leadership), "sum-overdue")) == "0"
