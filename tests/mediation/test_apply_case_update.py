"""``apply_case_update``: the one function the import, the case page and the 言和 API use."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from issues.models import IssueAction
from mediation.services import MediationError, apply_case_update
from tests.factories import IssueFactory

from .conftest import hand

OUTCOME = IssueAction.Kind.YANHE_OUTCOME


def update(world, **kwargs):
    params = {"case_number": "YH-2026-0001", "outcome": "settled", "outcome_date": dt.date(2026, 8, 20)}
    params.update(kwargs)
    return apply_case_update(actor=world.office_staff, via="api", **params)


def test_the_same_update_twice_writes_one_entry(world, dispute):
    hand(dispute, world.cadre_a)
    first = update(world, amount=Decimal("8000"))
    second = update(world, amount=Decimal("8000"))
    assert (first.changed, second.changed) == (True, False)
    assert dispute.actions.filter(kind=OUTCOME).count() == 1


def test_a_changed_outcome_writes_a_second_entry(world, dispute):
    hand(dispute, world.cadre_a)
    update(world, outcome="arbitration")
    result = update(world, outcome="settled", outcome_date=dt.date(2026, 8, 25))
    assert result.changed and result.case.outcome == "settled"
    assert dispute.actions.filter(kind=OUTCOME).count() == 2


def test_the_entry_names_where_the_update_came_from(world, dispute):
    hand(dispute, world.cadre_a)
    update(world)
    assert "言和平台接口" in dispute.actions.get(kind=OUTCOME).note


def test_unknown_case_number_matched_by_hotline_number_hands_the_ticket_over(world, dispute):
    result = update(world, case_number="YH-NEW", hotline_number="12345-0801", handed_over_on=dt.date(2026, 8, 6))
    assert result.created and result.changed
    assert result.case.issue == dispute and result.case.handed_over_on == dt.date(2026, 8, 6)
    kinds = list(dispute.actions.values_list("kind", flat=True))
    assert kinds == [IssueAction.Kind.YANHE_HANDOVER, OUTCOME]


def test_hotline_match_of_a_ticket_handed_over_under_another_number_is_refused(world, dispute):
    hand(dispute, world.cadre_a, number="YH-OLD")
    with pytest.raises(MediationError, match="案件编号为“YH-OLD”"):
        update(world, case_number="YH-NEW", hotline_number="12345-0801")


def test_no_case_and_no_hotline_number_is_refused(world):
    with pytest.raises(MediationError, match="系统中没有言和案件编号“YH-X”"):
        update(world, case_number="YH-X")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome_date": dt.date(2026, 8, 4)}, "不能早于移交言和的日期"),
        ({"amount": Decimal("-0.01")}, "不能为负数"),
        ({"outcome": "withdrawn", "amount": Decimal("5")}, "只有调解成功的案件填写调解金额"),
        ({"outcome_date": None}, "请填写结果日期"),
        ({"outcome": "closed"}, "调解结果应为"),
        ({"outcome_date": dt.date.today() + dt.timedelta(days=30)}, "不能晚于今天"),
    ],
)
def test_bad_updates_are_refused_and_change_nothing(world, dispute, kwargs, message):
    case = hand(dispute, world.cadre_a)
    with pytest.raises(MediationError, match=message):
        update(world, **kwargs)
    case.refresh_from_db()
    assert case.outcome == "pending" and case.outcome_on is None
    assert not dispute.actions.filter(kind=OUTCOME).exists()


UPDATES = st.tuples(
    st.sampled_from(["pending", "settled", "arbitration", "withdrawn"]),
    st.integers(min_value=0, max_value=20),
    st.sampled_from([None, Decimal("0"), Decimal("1500.00"), Decimal("-3")]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(sequence=st.lists(UPDATES, min_size=1, max_size=6))
def test_entries_count_exactly_the_changes_under_any_sequence(world, sequence):
    """Property: each update writes one entry iff it changes the case; a refused one writes nothing."""
    issue = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a, category="dispute")
    case = hand(issue, world.cadre_a, number=f"YH-P-{issue.pk}")
    expected = 0
    state = ("pending", None, None)
    for outcome, days, amount in sequence:
        day = None if outcome == "pending" else case.handed_over_on + dt.timedelta(days=days)
        money = amount if outcome == "settled" else None
        try:
            result = apply_case_update(
                case_number=case.case_number,
                outcome=outcome,
                outcome_date=day,
                amount=money,
                actor=world.office_staff,
                via="api",
            )
        except MediationError:
            assert money is not None and money < 0
            continue
        new_state = (outcome, day, money)
        assert result.changed == (new_state != state)
        expected += result.changed
        state = new_state
        # the same update again never writes
        assert not apply_case_update(
            case_number=case.case_number,
            outcome=outcome,
            outcome_date=day,
            amount=money,
            actor=world.office_staff,
            via="api",
        ).changed
    assert issue.actions.filter(kind=OUTCOME).count() == expected
