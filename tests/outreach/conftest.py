"""Records of the outreach tests, on the shared ``world``: team A covers 高米店街道, team B 兴丰街道."""

import pytest

from outreach.models import Project, ServiceSite
from outreach.services import save_project, save_site


@pytest.fixture
def site_a(world):
    return save_site(
        ServiceSite(
            unit=world.unit_a,
            name="绿地缤纷城外卖快递综合休闲驿站",
            kind=ServiceSite.Kind.STATION,
            services=["charging", "water", "lockers"],
            opening_hours="24小时",
        ),
        by=world.cadre_a,
    )


@pytest.fixture
def site_b(world):
    return save_site(
        ServiceSite(unit=world.unit_b, name="兴丰职工书屋", kind=ServiceSite.Kind.BOOKSHOP), by=world.cadre_b
    )


@pytest.fixture
def project_a(world):
    return save_project(
        Project(
            team=world.team_a,
            unit=world.unit_a,
            title="骑手暖心驿站",
            beneficiaries="外卖骑手",
            responsible=world.cadre_a,
        ),
        by=world.cadre_a,
    )


@pytest.fixture
def project_b(world):
    return save_project(
        Project(team=world.team_b, unit=world.unit_b, title="书屋延时开放", beneficiaries="快递员"), by=world.cadre_b
    )


def care_rows(*rows):
    """The care formset's fields for ``rows`` of (recipients, people, items, value)."""
    data = {
        "care-TOTAL_FORMS": str(max(len(rows), 1)),
        "care-INITIAL_FORMS": "0",
        "care-MIN_NUM_FORMS": "0",
        "care-MAX_NUM_FORMS": "10",
    }
    for i, (recipients, people, items, value) in enumerate(rows):
        data.update(
            {
                f"care-{i}-recipients": recipients,
                f"care-{i}-people": str(people),
                f"care-{i}-items": items,
                f"care-{i}-value": str(value),
            }
        )
    return data
