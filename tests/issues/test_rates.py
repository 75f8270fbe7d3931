"""The three rates and the score on hand-counted tickets (DESIGN.md §4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from issues.models import RateWeights, WorkerIssue
from issues.rates import compute_rates, format_rate, rates_by_team
from tests.factories import IssueFactory

from .conftest import aware

AUG = (dt.date(2026, 8, 1), dt.date(2026, 8, 31))
NOW = aware(2026, 9, 15, 12)


def ticket(world, team="a", **kw):
    assignment = world.assignment_a if team == "a" else world.assignment_b
    defaults = {
        "received_at": aware(2026, 7, 20),
        "response_due": aware(2026, 7, 21),
        "resolution_due": aware(2026, 12, 10),
    }
    defaults.update(kw)
    if defaults.get("closed_at"):
        defaults.setdefault("status", "closed")
        defaults.setdefault("closing_kind", "solved")
    return IssueFactory(assignment=assignment, **defaults)


@pytest.fixture
def august(world):
    """Hand-counted August: response 1/3, resolution 2/5, satisfaction 2/3."""
    # Response: due in August — on time, late, never; one due in September is not counted.
    ticket(world, response_due=aware(2026, 8, 4), responded_at=aware(2026, 8, 3))
    ticket(world, response_due=aware(2026, 8, 5), responded_at=aware(2026, 8, 6))
    ticket(world, response_due=aware(2026, 8, 10))
    ticket(world, response_due=aware(2026, 9, 2), responded_at=aware(2026, 8, 30))
    # Resolution: closed in August (solved, explained), past deadline while open (still open,
    # closed later), closed before a deadline in August (counted once), deadline in September.
    ticket(world, closed_at=aware(2026, 8, 10), satisfaction="satisfied", satisfaction_at=aware(2026, 8, 11))
    ticket(
        world,
        closed_at=aware(2026, 8, 20),
        closing_kind="explained",
        escalation_step=4,
        satisfaction="basically",
        satisfaction_at=aware(2026, 8, 21),
    )
    ticket(world, resolution_due=aware(2026, 8, 20))
    ticket(
        world,
        resolution_due=aware(2026, 8, 25),
        closed_at=aware(2026, 9, 3),
        satisfaction="satisfied",
        satisfaction_at=aware(2026, 9, 4),
    )
    ticket(
        world,
        resolution_due=aware(2026, 8, 28),
        closed_at=aware(2026, 8, 27),
        satisfaction="unsatisfied",
        satisfaction_at=aware(2026, 8, 28),
    )
    ticket(world, resolution_due=aware(2026, 9, 10))


def test_response_rate_counts_tickets_due_in_the_period(august):
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, now=NOW)
    assert (rates.response_numerator, rates.response_denominator) == (1, 3)
    assert rates.response_rate == Decimal("33.3")


def test_resolution_rate_counts_closed_or_past_deadline(august):
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, now=NOW)
    assert (rates.resolution_numerator, rates.resolution_denominator) == (2, 5)
    assert rates.resolution_rate == Decimal("40.0")


def test_satisfaction_rate_counts_tickets_closed_in_the_period_past_their_callback_window(august):
    # Closed 08-10, 08-20, 08-27 (answered in their window: 满意, 基本满意, 不满意); the one closed
    # 09-03 belongs to September.
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, now=NOW)
    assert (rates.satisfaction_numerator, rates.satisfaction_denominator) == (2, 3)
    assert rates.satisfaction_rate == Decimal("66.7")
    assert (rates.callback_numerator, rates.callback_rate) == (3, Decimal("100.0"))


def test_score_uses_the_default_weights(august):
    # (100/3×30 + 40×35 + 200/3×35) / 100 = 47.333…
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, now=NOW)
    assert rates.weights == (30, 35, 35)
    assert rates.score == Decimal("47.3")


def test_score_follows_weights_staff_set(august):
    RateWeights.objects.filter(pk=1).update(response_weight=50, resolution_weight=50, satisfaction_weight=0)
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, now=NOW)
    # (100/3 + 40) / 2 = 36.666…
    assert rates.score == Decimal("36.7")


def test_score_is_dash_when_a_rate_has_nothing_to_count(world):
    # Only a response was due: the missing rates are not dropped and the weights not scaled up.
    ticket(world, response_due=aware(2026, 8, 4), responded_at=aware(2026, 8, 3))
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=NOW)
    assert rates.response_rate == Decimal("100.0")
    assert rates.resolution_rate is None
    assert rates.score is None


def test_a_rate_without_weight_does_not_blank_the_score(world):
    ticket(world, response_due=aware(2026, 8, 4), responded_at=aware(2026, 8, 3))
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(100, 0, 0), now=NOW)
    assert rates.score == Decimal("100.0")


def test_empty_period_has_no_rates(august):
    rates = compute_rates(WorkerIssue.objects.all(), dt.date(2026, 3, 1), dt.date(2026, 3, 31), now=NOW)
    assert rates.response_rate is None
    assert rates.resolution_rate is None
    assert rates.satisfaction_rate is None
    assert rates.score is None
    assert format_rate(rates.response_rate) == "—"


def test_deadline_still_ahead_is_not_yet_due(world):
    ticket(world, response_due=aware(2026, 9, 20), resolution_due=aware(2026, 9, 25))
    rates = compute_rates(WorkerIssue.objects.all(), dt.date(2026, 9, 1), dt.date(2026, 9, 30), now=NOW)
    assert rates.response_denominator == 0
    assert rates.resolution_denominator == 0


def test_rates_by_team_in_the_same_three_queries_grouped(world, august, django_assert_num_queries):
    ticket(world, team="b", response_due=aware(2026, 8, 4))
    with django_assert_num_queries(3):  # the calendar, the counts and the callbacks, grouped by team
        per_team = rates_by_team(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=NOW)
    assert per_team[world.team_a.pk].response_denominator == 3
    assert per_team[world.team_b.pk].response_denominator == 1
    assert per_team[world.team_b.pk].response_rate == Decimal("0.0")


def test_compute_rates_is_three_queries_with_weights_given(august, django_assert_num_queries):
    # The working-day calendar (callback windows), the counts, the callbacks by day.
    with django_assert_num_queries(3):
        compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=NOW)


def test_list_shows_rates_and_formula(client, world, august):
    client.force_login(world.leader_a)
    html = client.get(reverse("issues:list"), {"start": "2026-08-01", "end": "2026-08-31"}).content.decode()
    assert "33.3%" in html
    assert "(1/3)" in html
    assert "响应率 = 按时响应的工单数" in html


def test_list_shows_dash_for_an_empty_period(client, world, august):
    client.force_login(world.leader_a)
    html = client.get(reverse("issues:list"), {"start": "2026-03-01", "end": "2026-03-31"}).content.decode()
    assert "(0/0)" in html
    assert "—" in html
    assert "0.0%" not in html
