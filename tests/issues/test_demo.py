"""The demo tickets: every status and source, overdue, each step, rated; idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from issues import demo
from issues.models import ClosingKind, EscalationStep, Satisfaction, Source, Status, WorkerIssue


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())
    return WorkerIssue.objects.all()


def test_every_status_and_source(seeded):
    assert set(seeded.values_list("status", flat=True)) == set(Status.values)
    assert set(seeded.values_list("source", flat=True)) == set(Source.values)


def test_each_escalation_step_and_closing_kind(seeded):
    assert set(seeded.values_list("escalation_step", flat=True)) == set(EscalationStep.values)
    assert set(seeded.exclude(closing_kind="").values_list("closing_kind", flat=True)) == set(ClosingKind.values)


def test_overdue_rated_and_linked_to_visits(seeded):
    assert seeded.overdue(timezone.now()).count() >= 3
    assert set(seeded.exclude(satisfaction="").values_list("satisfaction", flat=True)) == set(Satisfaction.values)
    assert seeded.filter(visit__isnull=False).count() >= 2


def test_timeline_is_backdated(seeded):
    issue = seeded.get(title="骑手反映站点拖欠两个月提成")
    kinds = list(issue.actions.values_list("kind", flat=True))
    assert kinds == ["create", "accept", "contact", "escalate", "resolve", "satisfaction"]
    assert timezone.localtime(issue.closed_at).date().isoformat() == "2026-08-20"
    assert issue.escalation_step == 2


def test_seed_is_idempotent(seeded):
    before = seeded.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert WorkerIssue.objects.count() == before == len(demo.TICKETS)


def test_missing_campaign_is_a_note(db):
    out = io.StringIO()
    demo.seed(out)
    assert "跳过" in out.getvalue()
    assert not WorkerIssue.objects.exists()
