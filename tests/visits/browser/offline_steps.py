"""The steps the offline journeys share: a cadre with the form kept offline, the network cut and back.

The network is cut twice over: ``context.set_offline(True)`` makes the page see no network
(``navigator.onLine``), but it does not cut the service worker's own fetches, so every request
is also aborted with ``context.route`` (Chromium routes the worker's requests too).
"""

from playwright.sync_api import expect


def cut_network(context):
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def restore_network(context):
    context.unroute("**/*")
    context.set_offline(False)


def open_form_and_keep_offline_copy(page, url):
    """The cadre opens the visit form once with signal: the service worker and the offline copy are ready."""
    page.goto(url("/visits/new/"))
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.wait_for_function("document.documentElement.dataset.offlineSynced")


def fill_visit(page, summary, photos=()):
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


def save_offline(page):
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("draft-saved")).to_contain_text("已保存在本机，联网后自动上传")
