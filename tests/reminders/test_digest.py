"""The weekly digest tells leadership the truth: the week and the campaign to date, each labelled with its period.

The digest sent on Monday 7 December 2026 covers 30 November – 6 December; the
campaign runs from 15 July.
"""

import pytest

from dashboard import reminders
from notifications.models import Kind, Notification
from tests.factories import IssueFactory

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 12, 7, 8, 30)


def _ticket(world, **kw):
    defaults = {
        "assignment": world.assignment_a,
        "handler": world.cadre_a,
        "received_at": local(2026, 9, 1, 9),
        "response_due": local(2026, 9, 2, 9),
        "resolution_due": local(2026, 9, 20, 18),
    }
    return IssueFactory(**(defaults | kw))


@pytest.fixture
def six_overdue(world):
    """Six tickets received in September, never responded, long past both deadlines."""
    return [_ticket(world) for _ in range(6)]


def _digest(at):
    at(MONDAY)
    assert reminders.send_weekly_digest(MONDAY) == 1
    return Notification.objects.get(kind=Kind.WEEKLY_DIGEST).body


def _section(body, heading):
    """The lines of the digest from ``heading`` up to the next blank line."""
    lines = body.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[start:end])


def test_an_idle_week_says_nothing_was_due_and_names_the_overdue_tickets(world, at, six_overdue):
    body = _digest(at)
    week = _section(body, "本周（2026-11-30 至 2026-12-06）")
    assert "本周没有到期应考核的工单" in week
    assert "%" not in week
    assert "超期未办结 6 件" in body


def test_a_week_with_one_ticket_responded_in_time_does_not_read_as_a_perfect_score(world, at, six_overdue):
    _ticket(
        world,
        received_at=local(2026, 12, 1, 9),
        response_due=local(2026, 12, 2, 9),
        responded_at=local(2026, 12, 1, 15),
        resolution_due=local(2026, 12, 20, 18),
    )
    body = _digest(at)
    week = _section(body, "本周（2026-11-30 至 2026-12-06）")
    assert "响应率 100.0%（1/1）" in week
    assert "解决率 —（0/0）" in week
    assert "综合得分 —" in week
    assert "综合得分 100.0" not in body
    assert "超期未办结 6 件" in body


def test_campaign_to_date_is_shown_beside_the_week(world, at, six_overdue):
    body = _digest(at)
    campaign = _section(body, f"{world.campaign.name} 至今（2026-07-15 至 2026-12-06）")
    # Since 15 July: six response deadlines missed (0/6), six resolution deadlines passed open (0/6),
    # no ticket closed, so nothing due for a callback: 满意率 "—" and so the score.
    assert "响应率 0.0%（0/6）" in campaign
    assert "解决率 0.0%（0/6）" in campaign
    assert "满意率 —（0/0）" in campaign
    assert "综合得分 —" in campaign


def test_digest_period_labels_in_the_title_and_body(world, at):
    body = _digest(at)
    assert "本周（2026-11-30 至 2026-12-06）" in body
    assert f"{world.campaign.name} 至今（2026-07-15 至 2026-12-06）" in body
    assert "目前没有超期未办结的工单" in body


def test_digest_counts_each_period_with_the_rates_module(world, at):
    _ticket(
        world,
        received_at=local(2026, 11, 20, 9),
        response_due=local(2026, 11, 21, 9),
        responded_at=local(2026, 11, 20, 10),
        resolution_due=local(2026, 12, 10, 18),
        status="closed",
        closing_kind="solved",
        closed_at=local(2026, 12, 1, 10),
        satisfaction="satisfied",
        satisfaction_at=local(2026, 12, 2, 10),
    )
    body = _digest(at)
    week = _section(body, "本周（2026-11-30 至 2026-12-06）")
    # Closed Tuesday 1 December: its callback window ends Friday the 4th, so it is due this week.
    assert "解决率 100.0%（1/1）" in week
    assert "满意率 100.0%（1/1）" in week
    assert "回访率 100.0%（1/1）" in week
    assert "响应率 —（0/0）" in week
    assert "综合得分 —" in week
