"""Rates that cannot be gamed (issue 10): hand-counted sets with skipped, late and pending callbacks.

August 2026: the 1st is a Saturday, the 3rd a Monday, the 28th a Friday.
The callback window is 3 working days after closing (end of that day).
"""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from issues.models import WorkerIssue
from issues.rates import combined, compute_rates, rates_by_team
from workdays.models import CalendarDay

from .conftest import aware
from .test_rates import AUG, ticket

AFTER_AUGUST = aware(2026, 9, 15, 12)
LAST_OF_AUGUST = aware(2026, 8, 31, 12)


def closed(world, team="a", *, on, answer="", answered=None, kind="solved"):
    """A ticket closed ``on`` (a datetime), responded in time in July, with an optional callback."""
    return ticket(
        world,
        team=team,
        closed_at=on,
        closing_kind=kind,
        satisfaction=answer,
        satisfaction_at=answered if answer else None,
    )


def test_skipping_callbacks_never_scores_higher_than_recording_them(world):
    # Both teams respond in time and solve both tickets; A records 满意 and 不满意, B records nothing.
    for team in ("a", "b"):
        ticket(world, team=team, response_due=aware(2026, 8, 4), responded_at=aware(2026, 8, 3))
    closed(world, "a", on=aware(2026, 8, 10), answer="satisfied", answered=aware(2026, 8, 11))
    closed(world, "a", on=aware(2026, 8, 10), answer="unsatisfied", answered=aware(2026, 8, 11))
    closed(world, "b", on=aware(2026, 8, 10))
    closed(world, "b", on=aware(2026, 8, 10))
    per_team = rates_by_team(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=AFTER_AUGUST)
    a, b = per_team[world.team_a.pk], per_team[world.team_b.pk]
    # A: 100×30 + 100×35 + 50×35 → 82.5; B: the two unrecorded callbacks count as not satisfied → 65.0.
    assert (a.satisfaction_numerator, a.satisfaction_denominator, a.score) == (1, 2, Decimal("82.5"))
    assert (b.satisfaction_numerator, b.satisfaction_denominator, b.score) == (0, 2, Decimal("65.0"))
    assert b.satisfaction_rate == Decimal("0.0")
    assert (a.callback_rate, b.callback_rate) == (Decimal("100.0"), Decimal("0.0"))
    assert b.score < a.score


def test_score_is_computed_from_unrounded_rates_and_rounded_once(world):
    # Response 1/2 = 50, resolution 5/7 = 71.428…, satisfaction 3/4 = 75:
    # (50×30 + 500/7×35 + 75×35) / 100 = 66.25 → 66.3 (the rounded rates would give 66.24 → 66.2).
    ticket(world, response_due=aware(2026, 8, 4), responded_at=aware(2026, 8, 3))
    ticket(world, response_due=aware(2026, 8, 5), responded_at=aware(2026, 8, 6))
    for answer in ("satisfied", "satisfied", "basically", "unsatisfied"):
        closed(world, on=aware(2026, 8, 10), answer=answer, answered=aware(2026, 8, 11))
    # Closed on Friday the 28th: solved, explained, explained; their windows end on 2 September.
    closed(world, on=aware(2026, 8, 28))
    closed(world, on=aware(2026, 8, 28), kind="explained")
    closed(world, on=aware(2026, 8, 28), kind="explained")
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=LAST_OF_AUGUST)
    assert (rates.response_numerator, rates.response_denominator) == (1, 2)
    assert (rates.resolution_numerator, rates.resolution_denominator) == (5, 7)
    assert (rates.satisfaction_numerator, rates.satisfaction_denominator) == (3, 4)
    assert rates.resolution_rate == Decimal("71.4")
    assert rates.score == Decimal("66.3")


def test_a_callback_recorded_after_the_window_counts_as_not_satisfied(world):
    # Closed Monday 3 August: the window ends Thursday the 6th; 满意 recorded on the 10th is too late.
    closed(world, on=aware(2026, 8, 3), answer="satisfied", answered=aware(2026, 8, 10))
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=AFTER_AUGUST)
    assert (rates.satisfaction_numerator, rates.satisfaction_denominator) == (0, 1)
    assert (rates.callback_numerator, rates.callback_rate) == (0, Decimal("0.0"))


def test_the_callback_window_counts_working_days_and_follows_the_setting(world, settings):
    closed(world, on=aware(2026, 8, 3), answer="satisfied", answered=aware(2026, 8, 7, 10))
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=AFTER_AUGUST)
    assert rates.satisfaction_numerator == 0  # the window ended on the 6th
    CalendarDay.objects.create(date=dt.date(2026, 8, 5), is_workday=False, name="测试假日")
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=AFTER_AUGUST)
    assert rates.satisfaction_numerator == 1  # a holiday on the 5th moves the end to the 7th
    settings.ISSUE_CALLBACK_WORKDAYS = 1
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=AFTER_AUGUST)
    assert (rates.satisfaction_numerator, rates.satisfaction_denominator) == (0, 1)
    assert "办结后1个工作日" in rates.satisfaction_formula


def test_a_ticket_inside_its_callback_window_is_not_yet_due(world):
    # Closed Friday the 28th and already answered: due only once its window ends on 2 September.
    closed(world, on=aware(2026, 8, 28), answer="satisfied", answered=aware(2026, 8, 28, 15))
    rates = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=LAST_OF_AUGUST)
    assert rates.satisfaction_denominator == 0
    assert rates.satisfaction_rate is None
    assert rates.score is None
    later = compute_rates(WorkerIssue.objects.all(), *AUG, weights=(30, 35, 35), now=AFTER_AUGUST)
    assert (later.satisfaction_numerator, later.satisfaction_denominator) == (1, 1)


def test_every_ticket_due_for_a_callback_is_counted_once_across_periods(world):
    # Closed 31 August: its window ends in September, but it belongs to August's rates, once.
    closed(world, on=aware(2026, 8, 31, 18), answer="basically", answered=aware(2026, 9, 1))
    closed(world, on=aware(2026, 9, 1), answer="satisfied", answered=aware(2026, 9, 2))
    closed(world, "b", on=aware(2026, 7, 31))
    months = [
        (dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
        AUG,
        (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
    ]
    issues = WorkerIssue.objects.all()
    per_month = [compute_rates(issues, *m, weights=(30, 35, 35), now=AFTER_AUGUST) for m in months]
    assert [r.satisfaction_denominator for r in per_month] == [1, 1, 1]
    assert [r.satisfaction_numerator for r in per_month] == [0, 1, 1]
    # Per team, the denominators add up to the overall one: nobody counted twice or left out.
    whole = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    overall = compute_rates(issues, *whole, weights=(30, 35, 35), now=AFTER_AUGUST)
    per_team = rates_by_team(issues, *whole, weights=(30, 35, 35), now=AFTER_AUGUST)
    assert overall.satisfaction_denominator == 3
    assert combined(per_team.values(), (30, 35, 35)) == overall


def test_list_shows_callback_rate_and_a_dash_score(client, world):
    ticket(world, response_due=aware(2026, 8, 4), responded_at=aware(2026, 8, 3))
    client.force_login(world.leader_a)
    html = client.get(reverse("issues:list"), {"start": "2026-08-01", "end": "2026-08-31"}).content.decode()
    assert "回访率" in html
    assert "回访率 = 回访期内已回访的工单数" in html
    assert "满意率 =（回访期内答复满意 + 基本满意的工单数）÷ 本期应回访的工单数" in html
    assert "100.0%" in html  # the response rate
    assert '<td data-label="综合得分" class="text-end fw-semibold">—</td>' in html
