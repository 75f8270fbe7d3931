"""Reads of the dashboard and the ledger go to the replica; writes, and a user who just wrote, to the primary.

Needs a second database configured as the replica (``DATABASE_REPLICA_URL``);
the two are separate databases here, so what a page shows tells where it read.
"""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from tests.factories import CampaignFactory, UserFactory
from tests.ops.conftest import require

# Without a replica the tests skip (tests/ops/conftest.py); the marker must not name a missing database.
pytestmark = pytest.mark.django_db(
    databases=["default", "replica"] if "replica" in settings.DATABASES else ["default"], transaction=True
)


@pytest.fixture(autouse=True)
def _replica_configured():
    require("REPLICA", "replica" in settings.DATABASES, "no DATABASE_REPLICA_URL: no replica to read from")


@pytest.fixture
def two_sides(db):
    """One campaign only on the primary, another only on the 'replica' (as if replication lagged)."""
    CampaignFactory(name="主库上的活动")
    CampaignFactory.build(name="副本上的活动").save(using="replica")


@pytest.fixture
def leadership_client(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="lin")
    user.groups.add(Group.objects.get(name="领导"))
    client.force_login(user)
    return client


def test_dashboard_reads_the_replica(two_sides, leadership_client):
    page = leadership_client.get(reverse("dashboard:index")).content.decode()

    assert "副本上的活动" in page
    assert "主库上的活动" not in page


def test_a_user_who_just_wrote_reads_the_primary_then_the_replica_again(two_sides, leadership_client):
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False) as clock:
        leadership_client.post(reverse("notifications:read_all"))
        pinned = leadership_client.get(reverse("dashboard:index")).content.decode()
        clock.shift(settings.REPLICA_PIN_SECONDS + 1)
        later = leadership_client.get(reverse("dashboard:index")).content.decode()

    assert "主库上的活动" in pinned and "副本上的活动" not in pinned
    assert "副本上的活动" in later


def test_writes_go_to_the_primary_even_on_a_replica_page(leadership_client):
    from ops.routers import read_from

    user = UserFactory(username="wang")
    with read_from("replica"):
        Notification.objects.create(
            recipient=user, kind="weekly_digest", object_key="k", day=dt.date(2026, 9, 1), title="t"
        )

    assert Notification.objects.using("default").count() == 1
    assert Notification.objects.using("replica").count() == 0


def test_pages_outside_the_read_side_read_the_primary(two_sides, leadership_client):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = leadership_client.get(reverse("campaigns:enterprise_list"))

    assert response.status_code == 200
    assert len(on_replica) == 0


def test_the_session_and_the_user_are_read_from_the_primary(two_sides, leadership_client):
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        leadership_client.get(reverse("dashboard:index"))

    main_tables = {
        q["sql"].split(" FROM ", 1)[1].split()[0] for q in on_replica.captured_queries if " FROM " in q["sql"]
    }
    assert '"campaigns_campaign"' in main_tables
    assert '"django_session"' not in main_tables
    assert '"auth_user"' not in main_tables
