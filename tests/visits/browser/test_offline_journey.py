"""Offline visits in Chromium: drafts kept on the phone, sent exactly once, kept when the world changed.

How the network is cut: tests/visits/browser/offline_steps.py.
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
from tests.visits.browser.offline_steps import (
    cut_network,
    fill_visit,
    open_form_and_keep_offline_copy,
    restore_network,
    save_offline,
)
from visits.models import Visit

ASSIGNMENT_MOVED = "该单位不是本小组在本次活动中的蹲点单位。"


@pytest.fixture(params=["phone"])
def viewport_name(request):
    return request.param


def _photo(path, color):
    Image.new("RGB", (1600, 1200), color).save(path, quality=90)
    return str(path)


@pytest.fixture
def enterprise(world):
    return EnterpriseFactory(unit=world.unit_a, name="外卖快递综合休闲驿站")


def test_a_visit_filled_offline_with_two_photos_is_saved_once_when_back_online(
    page, context, url, sign_in, world, enterprise, tmp_path, screenshot
):
    photos = [_photo(tmp_path / "a.jpg", "orange"), _photo(tmp_path / "b.jpg", "teal")]
    sign_in(world.cadre_a)
    open_form_and_keep_offline_copy(page, url)

    cut_network(context)
    page.get_by_label("外卖快递综合休闲驿站").check()
    fill_visit(page, "离线填报：慰问外卖快递小哥", photos)
    save_offline(page)
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

    restore_network(context)  # the "online" event sends the draft
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
    open_form_and_keep_offline_copy(page, url)
    cut_network(context)
    fill_visit(page, "回执丢失也只保存一次", [_photo(tmp_path / "a.jpg", "orange")])
    save_offline(page)
    page.goto(url("/visits/outbox/"))
    restore_network(context)
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
    open_form_and_keep_offline_copy(page, url)
    cut_network(context)
    fill_visit(page, "上传后回执丢失")
    save_offline(page)
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
    open_form_and_keep_offline_copy(page, url)
    cut_network(context)
    fill_visit(page, "单位已划给第二组")
    save_offline(page)
    page.goto(url("/visits/outbox/"))

    # Meanwhile office staff give the unit to the other team.
    Assignment.objects.filter(pk=world.assignment_a.pk).update(team=world.team_b)
    restore_network(context)
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


def test_plans_and_tickets_open_read_only_offline_with_the_time_of_the_last_sync(page, context, url, sign_in, world):
    plan = PlannedVisitFactory(
        assignment=world.assignment_a,
        created_by=world.leader_a,
        date=timezone.localdate() + dt.timedelta(days=2),
        purpose="走访园区地下物流仓库",
    )
    sign_in(world.cadre_a)
    open_form_and_keep_offline_copy(page, url)
    synced = page.evaluate("document.documentElement.dataset.offlineSynced")[:16].replace("T", " ")
    cut_network(context)

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
    open_form_and_keep_offline_copy(page, url)
    cut_network(context)
    fill_visit(page, "会话过期后补传")
    save_offline(page)
    page.goto(url("/visits/outbox/"))

    context.clear_cookies()  # the session ran out while the phone had no signal
    restore_network(context)
    draft = page.locator(".outbox-draft")
    expect(draft).to_contain_text("等待重新登录")
    expect(draft).to_contain_text("登录已过期，请重新登录。本机的草稿都还在，登录后会自动上传。")
    assert Visit.objects.count() == 0

    sign_in(world.cadre_a)
    page.goto(url("/visits/outbox/"))
    expect(page.get_by_test_id("outbox-empty")).to_be_visible()
    assert Visit.objects.get().summary == "会话过期后补传"
