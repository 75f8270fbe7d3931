"""The dashboard's 基层服务·阵地与办实事 section against a hand count, each figure opening its list."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from outreach.services import set_project_status
from tests.factories import EnterpriseFactory, VisitFactory
from visits.models import CareItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def field_work(world, site_a, site_b, project_a, project_b):
    """By hand: team A 2 care visits in August (60 + 5 people, 3600 + 100 yuan), one in October (10, 500);
    team B one in August (7, 70). Projects: A done, B planned. Key enterprises: A has 2, one visited."""
    for day, rows in (
        ("2026-08-04", [(40, "2400"), (20, "1200")]),
        ("2026-08-20", [(5, "100")]),
        ("2026-10-10", [(10, "500")]),
    ):
        visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date=day, kind="care")
        for people, value in rows:
            CareItem.objects.create(visit=visit, recipients="骑手", people=people, items="慰问包", value=Decimal(value))
    visit_b = VisitFactory(assignment=world.assignment_b, created_by=world.cadre_b, date="2026-08-10", kind="care")
    CareItem.objects.create(visit=visit_b, recipients="快递员", people=7, items="慰问包", value=Decimal("70"))
    set_project_status(project_a, "done", by=world.leader_a, on=dt.date(2026, 9, 2))
    visited = EnterpriseFactory(unit=world.unit_a, is_key=True)
    EnterpriseFactory(unit=world.unit_a, is_key=True)
    VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date="2026-08-01").enterprises.add(visited)


def _section(client, user, **params):
    client.force_login(user)
    # Loaded after the dashboard page, for the same filters (dashboard.sections).
    response = client.get(reverse("dashboard:outreach_section"), params, headers={"HX-Request": "true"})
    content = response.content.decode()
    start = content.index('data-testid="outreach-section"')
    return content[start : content.index("</section>", start)]


def _figure(html, testid, col):
    table = html[html.index(f'data-testid="{testid}"') :]
    cell = re.search(rf'data-col="{col}">(?:<a[^>]*>)?([\d.,]+)', table)
    return cell.group(1)


def test_the_figures_match_a_hand_count_for_all_teams(client, world, field_work):
    html = _section(client, world.leadership)
    assert "基层服务·阵地与办实事" in html
    assert _figure(html, "outreach-care", "visits") == "4"
    assert _figure(html, "outreach-care", "people") == "82"  # 60 + 5 + 10 + 7
    assert _figure(html, "outreach-key", "total") == "2"
    assert _figure(html, "outreach-key", "visited") == "1"
    assert _figure(html, "outreach-key", "not_visited") == "1"


def test_a_period_counts_only_its_care_visits_and_says_which(client, world, field_work):
    html = _section(client, world.leadership, team=world.team_a.pk, date_from="2026-08-01", date_to="2026-08-31")
    assert "慰问（2026-08-01 至 2026-08-31）" in html
    assert _figure(html, "outreach-care", "visits") == "2"
    assert _figure(html, "outreach-care", "people") == "65"


def test_each_figure_opens_its_filtered_list(client, world, field_work):
    html = _section(client, world.leadership)
    assert "/visits/?kind=care" in html
    assert "/projects/?campaign=" in html and "status=done" in html
    assert "/sites/?kind=station" in html
    assert "/enterprises/key/?campaign=" in html and "visited=no" in html
    client.force_login(world.leadership)
    done = client.get(reverse("outreach:project_list"), {"status": "done"}).content.decode()
    assert "共 1 个项目" in done


def test_a_team_leader_sees_the_own_teams_figures_only(client, world, field_work):
    html = _section(client, world.leader_a)
    assert _figure(html, "outreach-care", "visits") == "3"
    assert "兴丰职工书屋" not in html
