"""The dashboard draws its charts, fits a 360 px phone and prints its tables."""

from playwright.sync_api import expect

from tests.dashboard.conftest import PERIOD


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_dashboard_charts_drawn_and_page_fits(page, url, sign_in, dataset, screenshot):
    sign_in(dataset.leadership)
    page.goto(url(f"/dashboard/?date_to={PERIOD['date_to']}"))
    expect(page.get_by_role("heading", name="领导看板")).to_be_visible()
    expect(page.locator('[data-unit="瀛海镇"]')).to_contain_text("从未走访")
    drawn = page.evaluate("Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => !!Chart.getChart(c))")
    assert drawn and all(drawn)
    assert _overflow(page) <= 0
    screenshot(page, "dashboard")


def test_dashboard_prints_tables_not_charts(page, url, sign_in, dataset):
    sign_in(dataset.leadership)
    page.goto(url(f"/dashboard/?date_to={PERIOD['date_to']}"))
    page.emulate_media(media="print")
    expect(page.locator("canvas").first).to_be_hidden()
    expect(page.locator("form.filter-bar")).to_be_hidden()
    expect(page.get_by_test_id("rates-table")).to_be_visible()
    expect(page.locator(".dash-print-head")).to_be_visible()


def test_today_page_fits_a_phone(page, url, sign_in, dataset, screenshot):
    sign_in(dataset.cadre_a)
    page.goto(url("/dashboard/today/"))
    expect(page.get_by_test_id("record-visit")).to_be_visible()
    assert _overflow(page) <= 0
    screenshot(page, "today")
