"""Journey 3: leadership opens the dashboard and drills down from the overdue figures."""

import re
from urllib.parse import parse_qs, urlparse

from django.utils import timezone
from playwright.sync_api import expect

from campaigns.demo import CAMPAIGN_NAME
from campaigns.models import WorkTeam
from issues.models import WorkerIssue
from tests.browser.journeys import log_in, no_horizontal_scroll, seed_demo


def _codes_on_list(page) -> set[str]:
    return set(page.locator("td[data-label=工单号] a").all_inner_texts())


def test_leadership_clicks_an_overdue_figure_and_lands_on_the_overdue_tickets(page, url, screenshot):
    seed_demo()
    overdue = WorkerIssue.objects.overdue(timezone.now())
    assert overdue.exists(), "the demo data should have overdue tickets"

    log_in(page, url, "leader")  # 领导: home is the dashboard
    expect(page).to_have_url(url("/dashboard/"))
    figure = page.get_by_test_id("sum-overdue").locator("a")
    expect(figure).to_be_visible()
    shown = int(figure.inner_text())
    assert no_horizontal_scroll(page)
    screenshot(page, "journey3-dashboard")

    figure.click()

    expect(page).to_have_url(re.compile(r"/issues/\?"))
    query = parse_qs(urlparse(page.url).query)
    assert query["view"] == ["overdue"]
    expect(page.get_by_text(f"共 {shown} 件诉求")).to_be_visible()
    expect(page.locator("[data-view=overdue]")).to_have_class(re.compile(r"\bactive\b"))
    assert _codes_on_list(page) <= set(overdue.values_list("code", flat=True))


def test_a_teams_overdue_figure_opens_that_teams_overdue_tickets(page, url):
    seed_demo()
    # team1 led team 1 last year too: the running campaign's team.
    team = WorkTeam.objects.get(
        campaign__name=CAMPAIGN_NAME, memberships__user__username="team1", memberships__role="leader"
    )
    expected = set(WorkerIssue.objects.overdue(timezone.now()).filter(team=team).values_list("code", flat=True))
    assert expected, "the demo data should give team 1 overdue tickets"

    log_in(page, url, "leader")
    row = page.locator("tr", has_text=team.name).filter(has=page.locator("[data-col=overdue] a")).first
    row.locator("[data-col=overdue] a").click()

    expect(page).to_have_url(re.compile(r"/issues/\?"))
    query = parse_qs(urlparse(page.url).query)
    assert query["team"] == [str(team.pk)] and query["view"] == ["overdue"]
    expect(page.get_by_text(f"共 {len(expected)} 件诉求")).to_be_visible()
    assert _codes_on_list(page) == expected
