"""Logging out drops everything the phone kept for the cadre, and never waits on the network for it.

The logout lets an upload under way end (at most a few seconds), drops the drafts, the offline
pages and the service worker, then signs out. A step that does not end in time does not keep the
cadre signed in: the next page the browser opens (the login page) finishes the job first.
"""

import re

import pytest
from playwright.sync_api import expect

from campaigns.models import Assignment
from tests.visits.browser.offline_steps import (
    cut_network,
    fill_visit,
    open_form_and_keep_offline_copy,
    restore_network,
    save_offline,
)
from visits.models import Visit

# Each of the logout's two waits is at most 5 s (LOGOUT_STEP_MS in static/js/offline.js); the rest is
# the test server answering one request at a time on a busy CI machine.
LOGOUT_TIMEOUT_MS = 30_000


@pytest.fixture(params=["phone"])
def viewport_name(request):
    return request.param


class Watch:
    """What the page did after 退出 was clicked: printed when the login page does not come."""

    def __init__(self, page):
        self.events = []
        page.on("dialog", self._dialog)
        page.on("request", lambda request: self.events.append(f"request {request.method} {request.url}"))
        page.on("requestfailed", lambda request: self.events.append(f"failed {request.url} {request.failure}"))
        page.on("console", lambda message: self.events.append(f"console {message.type}: {message.text}"))

    def _dialog(self, dialog):
        self.events.append(f"dialog {dialog.message}")
        dialog.accept()  # "本机还有 1 条未上传的走访草稿，退出后将从本机删除。确定退出吗？"

    def __str__(self):
        return "\n".join(self.events) or "(nothing)"


def _log_out(page):
    watch = Watch(page)
    page.get_by_role("button", name="展开菜单").click()
    expect(page.locator("#mainNav")).to_have_class(re.compile(r"\bshow\b"))  # the menu has opened
    page.get_by_role("button", name="退出").click()
    try:
        expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=LOGOUT_TIMEOUT_MS)
    except AssertionError as error:
        locks = page.evaluate("navigator.locks.query().then(q => JSON.stringify(q))")
        raise AssertionError(f"{error}\nlocks: {locks}\nafter 退出:\n{watch}") from None
    # The URL changes when the login page starts loading; its offline.js may not have run yet.
    page.wait_for_function("() => window.DundianOffline !== undefined")
    page.wait_for_function("() => localStorage.getItem('dundian-offline-clear-pending') === null")


def _nothing_kept(page):
    """No draft and no page of the cadre's is left (the login page puts back only the app's shell)."""
    assert page.evaluate("DundianOffline.listDrafts().then(d => d.length)") == 0
    assert "dundian-data" not in page.evaluate("caches.keys()")


def test_logout_clears_the_offline_store(page, context, url, sign_in, world):
    sign_in(world.cadre_a)
    open_form_and_keep_offline_copy(page, url)
    cut_network(context)
    fill_visit(page, "退出时一并清除")
    save_offline(page)
    Assignment.objects.filter(pk=world.assignment_a.pk).update(team=world.team_b)  # so the draft stays
    restore_network(context)
    page.goto(url("/visits/outbox/"))
    expect(page.locator(".outbox-draft")).to_contain_text("需要修改")
    assert "dundian-data" in page.evaluate("caches.keys()")

    _log_out(page)

    _nothing_kept(page)


def test_an_upload_that_never_answers_does_not_keep_the_cadre_signed_in(page, context, url, sign_in, world):
    sign_in(world.cadre_a)
    open_form_and_keep_offline_copy(page, url)
    cut_network(context)
    fill_visit(page, "信号只有一格")
    save_offline(page)

    hanging = []

    def never_answer(route):
        if route.request.method == "POST":
            hanging.append(route)  # neither answered nor aborted: the upload hangs, as on one bar of signal
        else:
            route.continue_()

    context.unroute("**/*")
    context.route(re.compile(r".*/visits/sync/$"), never_answer)
    context.set_offline(False)  # the "online" event starts the upload
    page.wait_for_function("DundianOffline.listDrafts().then(d => d.length === 1 && d[0].state === 'sending')")

    _log_out(page)

    _nothing_kept(page)
    assert hanging  # the upload was under way all along, and never reached the server
    assert not Visit.objects.exists()


def test_a_logout_that_could_not_finish_is_finished_by_the_next_page(page, context, url, sign_in, world):
    sign_in(world.cadre_a)
    open_form_and_keep_offline_copy(page, url)
    assert "dundian-data" in page.evaluate("caches.keys()")
    # As a logout leaves it when its steps ran out of time: signed out, the stores still there.
    page.evaluate("localStorage.setItem('dundian-offline-clear-pending', '1')")
    context.clear_cookies()

    page.goto(url("/accounts/login/"))
    page.wait_for_function("() => localStorage.getItem('dundian-offline-clear-pending') === null")

    _nothing_kept(page)
