"""重点企业: staff mark them (history kept), a filter on the enterprise list, their first visits."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EnterpriseFactory, MembershipFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_pair(world):
    visited = EnterpriseFactory(unit=world.unit_a, name="亦创电子科技有限公司", is_key=True)
    waiting = EnterpriseFactory(unit=world.unit_a, name="瑞济制药有限公司", is_key=True)
    EnterpriseFactory(unit=world.unit_a, name="普通企业")
    for day in ("2026-09-20", "2026-07-28"):
        VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date=day).enterprises.add(visited)
    return visited, waiting


def test_staff_mark_an_enterprise_as_key_and_the_history_says_so(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.office_staff)
    response = client.post(reverse("outreach:enterprise_key", args=[enterprise.pk]), {"is_key": "on"}, follow=True)
    enterprise.refresh_from_db()
    assert enterprise.is_key
    assert enterprise.history.first().history_change_reason == "标记为重点企业"
    assert "重点企业" in response.content.decode()
    client.post(reverse("outreach:enterprise_key", args=[enterprise.pk]), {})
    enterprise.refresh_from_db()
    assert not enterprise.is_key


def test_cadres_cannot_mark_key_enterprises(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.leader_a)
    assert client.post(reverse("outreach:enterprise_key", args=[enterprise.pk]), {"is_key": "on"}).status_code == 403
    enterprise.refresh_from_db()
    assert not enterprise.is_key


def test_the_enterprise_list_filters_key_enterprises(client, world, key_pair):
    client.force_login(world.cadre_a)
    content = client.get(reverse("campaigns:enterprise_list"), {"key": "1"}).content.decode()
    assert "亦创电子科技有限公司" in content and "瑞济制药有限公司" in content and "普通企业" not in content


def test_first_visits_of_key_enterprises(client, world, key_pair):
    client.force_login(world.leadership)
    url = reverse("outreach:key_enterprises")
    content = client.get(url, {"campaign": world.campaign.pk}).content.decode()
    assert "2026-07-28" in content  # the first of the two visits
    assert "2026-09-20" not in content
    content = client.get(url, {"campaign": world.campaign.pk, "visited": "no"}).content.decode()
    assert "瑞济制药有限公司" in content and "亦创电子科技有限公司" not in content


def _first_visits(user, world, until):
    from outreach.metrics import key_enterprises

    rows = key_enterprises(user, world.campaign, [world.team_a.pk], until=until)
    return {e.name: (e.visited, e.first_visit) for e in rows}


def test_a_later_visit_moved_before_the_first_becomes_the_first_visit(world, key_pair):
    visited, _waiting = key_pair
    later = visited.visits.get(date="2026-09-20")
    later.date = dt.date(2026, 7, 20)
    later.save()
    shown = _first_visits(world.leadership, world, until=dt.date(2026, 11, 30))
    assert shown["亦创电子科技有限公司"] == (True, dt.date(2026, 7, 20))
    assert shown["瑞济制药有限公司"] == (False, None)


def test_the_first_visit_counts_only_up_to_the_day_asked(world, key_pair):
    shown = _first_visits(world.leadership, world, until=dt.date(2026, 7, 27))
    assert shown["亦创电子科技有限公司"] == (False, None)


def test_a_cadre_who_left_the_team_counts_only_the_visits_they_logged(world, key_pair):
    visited, _waiting = key_pair
    leaver = UserFactory()
    MembershipFactory(
        team=world.team_a, user=leaver, valid_from=world.campaign.start_date, valid_to=timezone.localdate()
    )
    VisitFactory(assignment=world.assignment_a, created_by=leaver, date="2026-08-15").enterprises.add(visited)
    # Leadership: every visit of the team (the earliest is a colleague's); the leaver: their own.
    assert _first_visits(world.leadership, world, dt.date(2026, 11, 30))["亦创电子科技有限公司"] == (
        True,
        dt.date(2026, 7, 28),
    )
    assert _first_visits(leaver, world, dt.date(2026, 11, 30))["亦创电子科技有限公司"] == (True, dt.date(2026, 8, 15))
