"""Shared by the enterprise page tests."""

import pytest

from tests.factories import EnterpriseFactory


@pytest.fixture
def enterprise(world):
    """An enterprise in unit_a, the unit team A covers."""
    return EnterpriseFactory(name="京南迅捷快递服务有限公司", unit=world.unit_a, headcount=80)


def signed_in(client, world, role):
    client.force_login(getattr(world, role))
    return client
