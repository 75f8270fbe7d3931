"""The forms a cadre fills in the field, in the browser: a ticket from a visit, date hints."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.journeys import seed_demo
from visits.models import Visit


def test_a_ticket_from_a_visit_carries_its_findings_and_hides_the_hotline_fields(page, url, sign_in):
    seed_demo()
    cadre = get_user_model().objects.get(username="cadre1")
    visit = Visit.objects.visible_to(cadre).order_by("id").first()
    Visit.objects.filter(pk=visit.pk).update(hotspot_findings="快递驿站十余名快递员反映社保断缴")
    sign_in(cadre)

    page.goto(url(f"/issues/new/?visit={visit.pk}"))

    expect(page.locator("#id_description")).to_have_value("快递驿站十余名快递员反映社保断缴")
    expect(page.locator("#id_source")).to_have_value("field")
    expect(page.locator("#id_hotline_number")).to_be_hidden()
    expect(page.locator("#id_received_at")).to_be_hidden()

    page.locator("#id_source").select_option(label="12345接诉即办")
    expect(page.locator("#id_hotline_number")).to_be_visible()
    expect(page.locator("#id_received_at")).to_be_visible()


def test_date_fields_show_their_format(page, url, sign_in):
    seed_demo()
    sign_in(get_user_model().objects.get(username="cadre1"))

    page.goto(url("/visits/new/"))

    date = page.locator("input[type=date]").first
    expect(date).to_have_attribute("placeholder", "年-月-日")
    hint_id = date.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{hint_id}")).to_have_text("格式：年-月-日，如 2026-07-15")
    expect(page.locator(f"#{hint_id}")).to_be_visible()
