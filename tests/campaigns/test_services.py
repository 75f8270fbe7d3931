import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Enterprise, EnterpriseStatusChange, UnionStatus
from campaigns.services import change_union_status, create_enterprise, find_likely_duplicates, normalise_name
from tests.factories import EnterpriseFactory, UnionUnitFactory, UserFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def test_status_change_is_dated_and_attributed():
    enterprise = EnterpriseFactory()
    user = UserFactory()
    change = change_union_status(enterprise, UnionStatus.PROMISED, by=user, on=dt.date(2026, 8, 9), note="沟通会后表态")
    assert (change.from_status, change.to_status) == (UnionStatus.NONE, UnionStatus.PROMISED)
    assert change.changed_on == dt.date(2026, 8, 9)
    assert change.changed_by == user
    assert change.note == "沟通会后表态"


def test_status_change_updates_the_enterprise():
    enterprise = EnterpriseFactory()
    change_union_status(enterprise, UnionStatus.CONTACTED, by=UserFactory(), on=dt.date(2026, 8, 9))
    enterprise.refresh_from_db()
    assert enterprise.union_status == UnionStatus.CONTACTED
    assert enterprise.union_status_date == dt.date(2026, 8, 9)


def test_status_change_history_names_the_user():
    enterprise = EnterpriseFactory()
    user = UserFactory()
    change_union_status(enterprise, UnionStatus.CONTACTED, by=user, on=dt.date(2026, 8, 9))
    assert enterprise.history.first().history_user == user


def test_leaving_established_clears_the_mechanisms():
    enterprise = EnterpriseFactory(
        union_status=UnionStatus.ESTABLISHED, has_collective_bargaining=True, has_hardship_aid=True
    )
    change_union_status(enterprise, UnionStatus.PREPARING, by=UserFactory(), on=dt.date(2026, 8, 9))
    enterprise.refresh_from_db()
    assert enterprise.mechanisms == []


def test_status_change_to_the_same_status_is_refused_in_chinese():
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as exc:
        change_union_status(enterprise, UnionStatus.NONE, by=UserFactory())
    assert "已是“未建会”" in exc.value.message_dict["to_status"][0]
    assert not EnterpriseStatusChange.objects.exists()


def test_status_change_in_the_future_is_refused():
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError, match="不能晚于今天"):
        change_union_status(enterprise, UnionStatus.CONTACTED, by=UserFactory(), on=dt.date(2099, 1, 1))


def test_status_change_before_the_last_step_is_refused():
    enterprise = EnterpriseFactory()
    user = UserFactory()
    change_union_status(enterprise, UnionStatus.CONTACTED, by=user, on=dt.date(2026, 8, 9))
    with pytest.raises(ValidationError, match="2026-08-09"):
        change_union_status(enterprise, UnionStatus.PROMISED, by=user, on=dt.date(2026, 8, 1))
    enterprise.refresh_from_db()
    assert enterprise.union_status == UnionStatus.CONTACTED


def test_create_enterprise_with_a_starting_status_records_the_first_step():
    user = UserFactory()
    enterprise = create_enterprise(
        Enterprise(name="甲公司", unit=UnionUnitFactory(), union_status=UnionStatus.ESTABLISHED),
        by=user,
        status_on=dt.date(2026, 7, 20),
    )
    step = enterprise.status_changes.get()
    assert (step.from_status, step.to_status, step.changed_on, step.changed_by) == (
        UnionStatus.NONE,
        UnionStatus.ESTABLISHED,
        dt.date(2026, 7, 20),
        user,
    )
    assert enterprise.created_by == user


def test_create_enterprise_without_union_records_no_step():
    enterprise = create_enterprise(Enterprise(name="乙公司", unit=UnionUnitFactory()), by=UserFactory())
    assert not enterprise.status_changes.exists()
    assert enterprise.union_status_date is None


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("顺丰速运（北京）有限公司", "顺丰速运北京"),
        ("北京 京东 股份有限公司", "北京京东"),
        ("兴丰彩印有限责任公司", "兴丰彩印"),
    ],
)
def test_names_are_normalised_without_legal_form_words(raw, normalised):
    assert normalise_name(raw) == normalised


def test_same_credit_code_is_a_duplicate():
    existing = EnterpriseFactory(credit_code=valid_credit_code(900))
    found = find_likely_duplicates("完全不同的名字", valid_credit_code(900).lower())
    assert found.same_code == existing


def test_same_name_in_another_legal_form_is_a_likely_duplicate():
    existing = EnterpriseFactory(name="兴丰同城配送有限公司")
    found = find_likely_duplicates("兴丰同城配送有限责任公司", "")
    assert found.similar_names == [existing]


def test_nearly_the_same_name_is_a_likely_duplicate():
    existing = EnterpriseFactory(name="京南迅捷快递服务有限公司")
    assert find_likely_duplicates("京南迅捷快递服务站有限公司", "").similar_names == [existing]


def test_unrelated_name_is_not_a_duplicate():
    EnterpriseFactory(name="兴丰同城配送有限公司")
    assert not find_likely_duplicates("华康生物医药有限公司", "")


def test_the_enterprise_itself_is_not_its_own_duplicate():
    existing = EnterpriseFactory(name="兴丰同城配送有限公司")
    assert not find_likely_duplicates(existing.name, existing.credit_code, exclude_pk=existing.pk)
