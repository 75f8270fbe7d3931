"""Offline visits in Chromium: drafts kept on the phone, sent exactly once, kept when the world changed.

The network is cut twice over: ``context.set_offline(True)`` makes the page see no network
(``navigator.onLine``), but it does not cut the service worker's own fetches, so every request
is also aborted with ``context.route`` (Chromium routes the worker's requests too).
Phone only: this is the phone's feature, and each run costs a browser on a 2-core CI box.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from campaigns.models import Assignment
from tests.factories import EnterpriseFactory, PlannedVisitFactory
from visits.models import Visit

ASSIGNMENT_MOVED = "该单位不是本小组在本次活动中的蹲点单位。"


@pytest.fixture(params=["phone"])
def viewport_name(request):
    return request.param


def _photo(path, color):
    Image.new("RGB", (1600, 1200), color).save(path, quality=90)
    return str(path)


def _cut_network(context):
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def _restore_network(context):
    context.unroute("**/*")
    context.set_offline(False)


def _open_form_and_keep_offline_copy(page, url):
    """The cadre opens the visit form once with signal: the service worker and the offline copy are ready."""
    page.goto(url("/visits/new/"))
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function("document.documentElement.dataset.offlineSynced")


def _fill_visit(page, summary, photos=()):
    page.get_by_label("走访日期").fill("2026-08-04")
    page.get_by_label("形式").select_option(label="慰问")
    page.get_by_label("地点").fill("外卖快递综合休闲驿站")
    page.get_by_label("覆盖职工人数").fill("30")
    page.get_by_label("工作内容").fill(summary)
    page.locator("select[name=recruit-0-group]").select_option(label="快递员")
    page.locator("input[name=recruit-0-count]").fill("5")
    if photos:
        page.locator("input[name=photos]").set_input_files(list(photos))
        expect(page.locator("#photo-status")).to_contain_text(f"已选择 {len(photos)} 张照片")


def _save_offline(page):
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("draft-saved")).to_contain_text("已保存在本机，联网后自动上传")


@pytest.fixture
def enterprise(world):
    return EnterpriseFactory(unit=world.unit_a, name="外卖快递综合休闲驿站")


def test_a_visit_filled_offline_with_two_photos_is_saved_once_when_back_online(
    page, context, url, sign_in, world, enterprise, tmp_path, screenshot
):
    photos = [_photo(tmp_path / "a.jpg", "orange"), _photo(tmp_path / "b.jpg", "teal")]
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)

    _cut_network(context)
    page.get_by_label("外卖快递综合休闲驿站").check()
    _fill_visit(page, "离线填报：慰问外卖快递小哥", photos)
    _save_offline(page)
    assert Visit.objects.count() == 0

    page.reload()  # no signal: the page comes from the phone, and says so
    expect(page.get_by_test_id("offline-copy")).to_contain_text("当前离线")
    expect(page.locator("#offline-outbox-badge")).to_contain_text("本机有 1 条走访草稿待上传")
    page.goto(url("/visits/outbox/"))
    draft = page.locator(".outbox-draft")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("待上传")
    expect(draft).to_contain_text("2 张照片 · 入会 5 人")
    screenshot(page, "offline-outbox")

    _restore_network(context)  # the "online" event sends the draft
    expect(page.get_by_test_id("outbox-empty")).to_be_visible()
    page.reload()  # a page load sends again if anything were left: still one visit
    expect(page.get_by_text("查看走访记录").first).to_be_visible()

    visit = Visit.objects.get()
    assert visit.summary == "离线填报：慰问外卖快递小哥"
    assert visit.photos.count() == 2
    assert list(visit.enterprises.all()) == [enterprise]
    assert [(r.group.name, r.count) for r in visit.recruitments.all()] == [("快递员", 5)]
    assert visit.created_by == world.cadre_a
    page.goto(url(f"/visits/{visit.pk}/"))
    expect(page.locator("img.photo-thumb")).to_have_count(2)


def test_the_same_draft_sent_twice_creates_one_visit(page, context, url, sign_in, world, tmp_path):
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)
    _cut_network(context)
    _fill_visit(page, "回执丢失也只保存一次", [_photo(tmp_path / "a.jpg", "orange")])
    _save_offline(page)
    page.goto(url("/visits/outbox/"))
    _restore_network(context)
    expect(page.get_by_test_id("outbox-empty")).to_be_visible()
    first = Visit.objects.get()

    # The phone sends the same draft again, as after a lost answer: the server answers with the first visit.
    page.goto(url("/visits/outbox/"))
    status = page.evaluate(
        """async (id) => {
            const token = (await (await fetch('/visits/sync/')).json()).csrf;
            const data = new FormData();
            data.append('client_id', id);
            data.append('summary', '回执丢失也只保存一次');
            const response = await fetch('/visits/sync/', {method: 'POST', body: data, headers: {'X-CSRFToken': token}});
            return [response.status, (await response.json()).url];
        }""",
        str(first.client_id),
    )
    assert status == [200, f"/visits/{first.pk}/"]
    assert Visit.objects.count() == 1
    assert first.photos.count() == 1


def test_a_lost_answer_leaves_the_draft_and_the_retry_saves_nothing_more(page, context, url, sign_in, world):
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)
    _cut_network(context)
    _fill_visit(page, "上传后回执丢失")
    _save_offline(page)
    page.goto(url("/visits/outbox/"))

    def lose_the_answer(route):
        if route.request.method == "POST":
            route.fetch()  # the server saves the visit …
            route.abort("connectionreset")  # … and the phone never hears back
        else:
            route.continue_()

    context.unroute("**/*")
    context.route(re.compile(r".*/visits/sync/$"), lose_the_answer)
    context.set_offline(False)
    expect(page.locator(".outbox-draft")).to_contain_text("网络不通")
    assert Visit.objects.count() == 1

    context.unroute(re.compile(r".*/visits/sync/$"))
    page.get_by_role("button", name="立即上传").click()
    expect(page.get_by_test_id("outbox-empty")).to_be_visible()
    expect(page.get_by_text("已上传过（没有重复保存）")).to_be_visible()
    assert Visit.objects.count() == 1


def test_a_draft_whose_unit_was_reassigned_stays_in_the_outbox_with_the_servers_message(
    page, context, url, sign_in, world, screenshot
):
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)
    _cut_network(context)
    _fill_visit(page, "单位已划给第二组")
    _save_offline(page)
    page.goto(url("/visits/outbox/"))

    # Meanwhile office staff give the unit to the other team.
    Assignment.objects.filter(pk=world.assignment_a.pk).update(team=world.team_b)
    _restore_network(context)
    draft = page.locator(".outbox-draft")
    expect(draft).to_contain_text("需要修改")
    expect(draft).to_contain_text(ASSIGNMENT_MOVED)
    assert Visit.objects.count() == 0
    screenshot(page, "offline-outbox-message")

    page.reload()  # kept: a page load does not drop it
    expect(page.locator(".outbox-draft")).to_contain_text(ASSIGNMENT_MOVED)
    page.get_by_role("link", name="修改").click()
    expect(page.get_by_test_id("draft-message")).to_contain_text(ASSIGNMENT_MOVED)
    expect(page.get_by_label("工作内容")).to_have_value("单位已划给第二组")
    expect(page.get_by_label("地点")).to_have_value("外卖快递综合休闲驿站")
    expect(page.locator("input[name=recruit-0-count]")).to_have_value("5")


def test_logout_clears_the_offline_store(page, context, url, sign_in, world):
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)
    _cut_network(context)
    _fill_visit(page, "退出时一并清除")
    _save_offline(page)
    Assignment.objects.filter(pk=world.assignment_a.pk).update(team=world.team_b)  # so the draft stays
    _restore_network(context)
    page.goto(url("/visits/outbox/"))
    expect(page.locator(".outbox-draft")).to_contain_text("需要修改")
    assert "dundian-data" in page.evaluate("caches.keys()")

    page.on("dialog", lambda dialog: dialog.accept())  # "本机还有 1 条未上传的走访草稿…确定退出吗？"
    page.get_by_role("button", name="展开菜单").click()
    page.get_by_role("button", name="退出").click()
    # Logging out first lets a send round under way end (the draft's retry after the network came back), then
    # drops the stores, then posts: behind the one-request test server under both suites' load that took more
    # than the usual 10 s once in CI.
    expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=30_000)
    # The URL changes when the login page starts loading; its offline.js may not have run yet.
    page.wait_for_function("() => window.DundianOffline !== undefined")

    assert page.evaluate("DundianOffline.listDrafts().then(d => d.length)") == 0
    assert "dundian-data" not in page.evaluate("caches.keys()")


def test_plans_and_tickets_open_read_only_offline_with_the_time_of_the_last_sync(page, context, url, sign_in, world):
    plan = PlannedVisitFactory(
        assignment=world.assignment_a,
        created_by=world.leader_a,
        date=timezone.localdate() + dt.timedelta(days=2),
        purpose="走访园区地下物流仓库",
    )
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)
    synced = page.evaluate("document.documentElement.dataset.offlineSynced")[:16].replace("T", " ")
    _cut_network(context)

    page.goto(url("/plans/"))
    expect(page.get_by_test_id("offline-copy")).to_contain_text(f"离线查看（只读）：这是 {synced} 同步时的内容")
    expect(page.get_by_text(plan.purpose).first).to_be_visible()
    assert page.locator("main form button:not([disabled])").count() == 0  # read-only: nothing to press

    page.goto(url("/issues/"))
    expect(page.get_by_test_id("offline-copy")).to_contain_text(synced)
    expect(page.get_by_role("heading", name="职工诉求")).to_be_visible()

    page.goto(url(f"/plans/{plan.pk}/done/"))  # "标记完成" still opens the visit form, filled from the plan
    expect(page.get_by_test_id("offline-copy")).to_contain_text("当前离线")
    expect(page.get_by_label("工作内容")).to_have_value(plan.purpose)


def test_a_draft_waits_for_a_new_login_when_the_session_expired_and_is_sent_after_it(
    page, context, url, sign_in, world
):
    sign_in(world.cadre_a)
    _open_form_and_keep_offline_copy(page, url)
    _cut_network(context)
    _fill_visit(page, "会话过期后补传")
    _save_offline(page)
    page.goto(url("/visits/outbox/"))

    context.clear_cookies()  # the session ran out while the phone had no signal
    _restore_network(context)
    draft = page.locator(".outbox-draft")
    expect(draft).to_contain_text("等待重新登录")
    expect(draft).to_contain_text("登录已过期，请重新登录。本机的草稿都还在，登录后会自动上传。")
    assert Visit.objects.count() == 0

    sign_in(world.cadre_a)
    page.goto(url("/visits/outbox/"))
    expect(page.get_by_test_id("outbox-empty")).to_be_visible()
    assert Visit.objects.get().summary == "会话过期后补传"
