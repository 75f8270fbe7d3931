"""A cadre logs the courier care visit to the 驿站 on a 360 px phone: site, leader and care packages."""

import re

import pytest
from playwright.sync_api import expect

from outreach.models import ServiceSite
from outreach.services import save_site
from visits.models import Visit


@pytest.mark.parametrize("viewport_name", ["phone"], indirect=True)
def test_cadre_logs_a_care_visit_to_the_station_on_a_phone(page, url, sign_in, world):
    station = save_site(
        ServiceSite(unit=world.unit_a, name="绿地缤纷城外卖快递综合休闲驿站", kind=ServiceSite.Kind.STATION),
        by=world.cadre_a,
    )
    sign_in(world.cadre_a)
    page.goto(url("/visits/new/"))
    expect(page.get_by_role("heading", name="填报走访记录")).to_be_visible()
    page.get_by_label("走访日期").fill("2026-08-04")
    page.get_by_label("形式").select_option(label="慰问")
    page.get_by_label(station.name).check()
    page.get_by_label("工作内容").fill("慰问外卖、快递小哥，送去清凉慰问品")
    page.get_by_label("慰问对象").first.fill("外卖骑手")
    page.get_by_label("慰问人数").first.fill("40")
    page.get_by_label("慰问品").first.fill("清凉慰问包")
    page.get_by_label("价值（元）").first.fill("2400")
    page.get_by_role("button", name="＋ 再加一行慰问").click()
    page.get_by_label("慰问对象").nth(1).fill("快递小哥")
    page.get_by_label("慰问人数").nth(1).fill("20")
    page.get_by_label("慰问品").nth(1).fill("清凉慰问包")
    page.get_by_label("价值（元）").nth(1).fill("1200")
    # Nothing sticks out of a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/visits/\d+/$"))
    expect(page.get_by_text("慰问明细（共 60 人，价值 3600.00 元）")).to_be_visible()
    visit = Visit.objects.get()
    assert list(visit.sites.all()) == [station]
    assert visit.care_items.count() == 2

    page.goto(url(f"/sites/{station.pk}/"))
    expect(page.get_by_text("走访记录（1）")).to_be_visible()
