"""The mediation demo: each 言和 outcome, a 六方工作站 being set up at 新媒体产业基地, referrals; idempotent."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from issues.models import IssueAction
from mediation.choices import CaseOutcome
from mediation.models import MediationBody, MediationTarget, Referral, YanheCase


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_a_case_of_each_outcome_each_after_its_ticket_and_not_in_the_future(seeded):
    cases = YanheCase.objects.select_related("issue")
    assert set(cases.values_list("outcome", flat=True)) == set(CaseOutcome.values)
    today = timezone.localdate()
    for case in cases:
        assert timezone.localdate(case.issue.received_at) <= case.handed_over_on <= today
        assert case.outcome_on is None or case.handed_over_on <= case.outcome_on <= today


def test_each_case_left_its_entries_on_the_ticket(seeded):
    for case in YanheCase.objects.all():
        kinds = list(case.issue.actions.filter(kind__startswith="yanhe").values_list("kind", flat=True))
        expected = [IssueAction.Kind.YANHE_HANDOVER] + ([IssueAction.Kind.YANHE_OUTCOME] if case.outcome_on else [])
        assert kinds == expected


def test_a_six_party_station_is_being_set_up_at_the_new_media_base(seeded):
    station = MediationBody.objects.get(unit__name="新媒体产业基地", kind="six_party")
    assert station.status == "setting_up"
    assert list(station.steps.values_list("to_status", flat=True)) == ["planned", "setting_up"]
    assert MediationTarget.objects.filter(kind="six_party").count() == 2


def test_referrals_with_and_without_a_result(seeded):
    assert set(Referral.objects.values_list("result", flat=True)) == {"done", "pending"}


def test_seeding_twice_adds_nothing(seeded):
    counts = (
        YanheCase.objects.count(),
        MediationBody.objects.count(),
        Referral.objects.count(),
        IssueAction.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        YanheCase.objects.count(),
        MediationBody.objects.count(),
        Referral.objects.count(),
        IssueAction.objects.count(),
    )
