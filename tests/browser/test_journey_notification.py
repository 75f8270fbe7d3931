"""Journey 5: a reminder appears in the bell and opens the record it is about."""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from dashboard import reminders
from notifications.models import Notification
from tests.browser.journeys import log_in, no_horizontal_scroll, seed_demo

# A working morning in the campaign (Friday 27 November 2026, 09:30 in Beijing): reminders go out.
WORKING_MORNING = timezone.make_aware(dt.datetime(2026, 11, 27, 9, 30))


def test_a_reminder_shows_in_the_bell_and_opens_its_ticket(page, url, screenshot):
    seed_demo()
    counts = reminders.sweep(now=WORKING_MORNING)
    assert counts.get("issues"), "the demo data should give the sweep tickets to remind about"
    team1 = get_user_model().objects.get(username="team1")
    notices = Notification.objects.filter(recipient=team1, read_at__isnull=True, url__startswith="/issues/")
    unread = Notification.objects.filter(recipient=team1, read_at__isnull=True).count()
    assert notices.exists()

    log_in(page, url, "team1")
    bell = page.get_by_test_id("bell")
    expect(page.get_by_test_id("bell-count")).to_have_text(str(unread))
    bell.click()

    expect(page).to_have_url(url("/notifications/"))
    expect(page.get_by_role("heading", name=re.compile(rf"通知\s*{unread} 条未读"))).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "journey5-notifications")
    notice = notices.order_by("-created_at", "-id").first()
    item = page.get_by_test_id("notification").filter(has_text=notice.title).first
    item.get_by_role("button", name="查看").click()

    expect(page).to_have_url(url(notice.url))
    expect(page.get_by_test_id("timeline")).to_be_visible()  # the ticket's page
    notice.refresh_from_db()
    assert notice.read_at is not None
    if unread > 1:
        expect(page.get_by_test_id("bell-count")).to_have_text(str(unread - 1))
    else:
        expect(page.get_by_test_id("bell-count")).to_have_count(0)
