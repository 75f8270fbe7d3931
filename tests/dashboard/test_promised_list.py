"""表态建会未建: the count is every enterprise still waiting, the list only the twenty waiting the longest."""

from campaigns.models import UnionStatus
from tests.factories import EnterpriseFactory

from .helpers import by_testid, get_page, text


def test_the_waiting_count_is_every_enterprise_not_the_twenty_listed(client, world):
    for n in range(23):
        EnterpriseFactory(
            name=f"等待企业{n:02d}",
            unit=world.unit_a if n % 2 else world.unit_b,
            union_status=UnionStatus.PROMISED if n % 3 else UnionStatus.PREPARING,
        )
    EnterpriseFactory(unit=world.unit_a, union_status=UnionStatus.ESTABLISHED)
    doc = get_page(client, world.leadership)
    assert len(by_testid(doc, "promised-list").xpath(".//tbody/tr")) == 20
    assert text(by_testid(doc, "sum-promised")) == "23"


def test_none_waiting_counts_zero(client, world):
    EnterpriseFactory(unit=world.unit_a, union_status=UnionStatus.CONTACTED)
    assert text(by_testid(get_page(client, world.leadership), "sum-promised")) == "0"
