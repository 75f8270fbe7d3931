"""Tickets and a second cadre of team A, who sees team A's tickets masked."""

import pytest

from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory
from tests.issues.conftest import issue_a, make_issue  # noqa: F401  (shared fixtures)

PHONE = "13812345678"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def other_cadre_a(world):
    """A cadre of team A who neither recorded nor handles team A's tickets: sees them masked."""
    return MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user


@pytest.fixture
def enterprise_a(world):
    return EnterpriseFactory(unit=world.unit_a, name="宏达快递站")
