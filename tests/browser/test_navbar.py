"""The navigation bar: a two-digit unread count stays inside the screen, the favicon is served."""

from django.contrib.auth import get_user_model

from notifications.models import Kind
from notifications.services import notify
from tests.browser.journeys import seed_demo


def test_a_two_digit_unread_count_stays_inside_the_screen(page, url, sign_in):
    seed_demo()
    user = get_user_model().objects.get(username="team1")
    for n in range(12):
        notify(user, kind=Kind.ISSUE_DUE_SOON, object_key=f"nav-test-{n}", title=f"提醒 {n}")
    sign_in(user)

    page.goto(url("/notifications/"))

    badge = page.get_by_test_id("bell-count")
    assert int(badge.inner_text()) >= 12
    box = badge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_pages_name_their_icon_and_it_loads(page, url, sign_in):
    seed_demo()
    sign_in(get_user_model().objects.get(username="cadre1"))
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    page.goto(url("/visits/"))
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(url(icon)).ok
    assert page.request.get(url("/favicon.ico")).ok  # pages without the link (the admin) ask for this
    assert not failed
