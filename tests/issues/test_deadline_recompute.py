"""Deadlines across New Year 2027: flagged without the 2027 calendar, recomputed when it is loaded or changed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from issues.models import IssueAction, Source, Urgency
from workdays.loader import load_year, parse_calendar

from .conftest import aware

NEW_YEAR_2027 = "# 来源：测试数据（仅元旦，法定节假日）\n日期,安排,说明\n2027-01-01,休息,元旦\n"


@pytest.fixture
def hotline_complex(make_issue, world):
    """A complex 12345 ticket received 2026-12-31 18:00 (rule: respond in 1, resolve in 15 working days)."""
    return make_issue(
        source=Source.HOTLINE_12345, urgency=Urgency.COMPLEX, received_at=aware(2026, 12, 31, 18, 0),
        hotline_number="12345-0001",
    )  # fmt: skip


def local_day(moment):
    return timezone.localtime(moment).date()


def test_without_the_2027_calendar_the_deadline_is_counted_on_weekdays_and_flagged(hotline_complex):
    assert local_day(hotline_complex.response_due) == dt.date(2027, 1, 1)
    assert local_day(hotline_complex.resolution_due) == dt.date(2027, 1, 21)
    assert hotline_complex.deadline_provisional
    assert "2027年工作日历尚未载入" in hotline_complex.actions.get().note


def test_with_the_2027_calendar_new_year_is_skipped(make_issue, db):
    load_year(parse_calendar(NEW_YEAR_2027))

    issue = make_issue(source=Source.HOTLINE_12345, urgency=Urgency.COMPLEX, received_at=aware(2026, 12, 31, 18, 0))

    assert local_day(issue.response_due) == dt.date(2027, 1, 4)
    assert local_day(issue.resolution_due) == dt.date(2027, 1, 22)
    assert not issue.deadline_provisional


def test_loading_2027_recomputes_the_open_ticket_with_a_timeline_entry(hotline_complex):
    load_year(parse_calendar(NEW_YEAR_2027), at=aware(2027, 1, 1, 9, 0))

    hotline_complex.refresh_from_db()
    assert local_day(hotline_complex.response_due) == dt.date(2027, 1, 4)
    assert local_day(hotline_complex.resolution_due) == dt.date(2027, 1, 22)
    assert not hotline_complex.deadline_provisional
    entry = hotline_complex.actions.get(kind=IssueAction.Kind.RECOMPUTE)
    assert entry.note.startswith(
        "载入2027年工作日历（测试数据（仅元旦，法定节假日））：响应时限 2027-01-01 23:59 → 2027-01-04 23:59"
    )


def test_a_closed_ticket_keeps_its_deadlines(hotline_complex, world):
    from issues.workflow import perform

    issue = perform(hotline_complex.pk, world.leader_a, "accept", version=hotline_complex.version)
    issue = perform(issue.pk, world.leader_a, "resolve", version=issue.version, note="已解决")
    before = issue.resolution_due

    load_year(parse_calendar(NEW_YEAR_2027))

    issue.refresh_from_db()
    assert issue.resolution_due == before
    assert not issue.actions.filter(kind=IssueAction.Kind.RECOMPUTE).exists()


def test_a_ticket_the_changed_day_does_not_touch_gets_no_entry(make_issue, db):
    issue = make_issue(received_at=aware(2026, 11, 2, 9, 0))  # field, ordinary: due within November

    load_year(parse_calendar(NEW_YEAR_2027))

    assert not issue.actions.filter(kind=IssueAction.Kind.RECOMPUTE).exists()


def test_staff_load_2027_in_the_admin_preview_then_confirm(client, world, hotline_complex):
    client.force_login(world.admin)
    url = reverse("admin:workdays_calendaryear_load")
    upload = SimpleUploadedFile("2027.csv", NEW_YEAR_2027.encode())

    html = client.post(url, {"file": upload, "preview": "1"}).content.decode()
    assert "按周一至周五" in html and "休息（元旦）" in html
    hotline_complex.refresh_from_db()
    assert hotline_complex.deadline_provisional  # a preview writes nothing

    response = client.post(url, {"text": NEW_YEAR_2027, "confirm": "1"})
    assert response.status_code == 302
    hotline_complex.refresh_from_db()
    assert local_day(hotline_complex.resolution_due) == dt.date(2027, 1, 22)


def test_a_bad_file_in_the_admin_shows_the_reason_and_writes_nothing(client, world, hotline_complex):
    client.force_login(world.admin)
    url = reverse("admin:workdays_calendaryear_load")

    html = client.post(url, {"text": NEW_YEAR_2027 + "2027-01-01,休息,元旦\n", "confirm": "1"}).content.decode()

    assert "同一天只能列一次" in html
    hotline_complex.refresh_from_db()
    assert hotline_complex.deadline_provisional


def test_adding_a_holiday_in_the_admin_recomputes_the_deadline_with_the_reason(client, world, make_issue):
    issue = make_issue(received_at=aware(2026, 11, 2, 9, 0))  # field, ordinary: 2 / 10 working days
    assert local_day(issue.resolution_due) == dt.date(2026, 11, 16)
    client.force_login(world.admin)

    response = client.post(
        reverse("admin:workdays_calendarday_add"), {"date": "2026-11-10", "is_workday": "", "name": "临时休息"}
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert local_day(issue.resolution_due) == dt.date(2026, 11, 17)
    entry = issue.actions.get(kind=IssueAction.Kind.RECOMPUTE)
    assert "工作日历修改：2026-11-10 临时休息（休息）" in entry.note
    assert "办结时限 2026-11-16 23:59 → 2026-11-17 23:59" in entry.note
    assert entry.actor == world.admin


def test_the_ticket_page_says_the_deadline_is_provisional(client, world, hotline_complex):
    client.force_login(world.leader_a)

    html = client.get(reverse("issues:detail", args=[hotline_complex.pk])).content.decode()

    assert "暂按周一至周五计算，待载入当年工作日历后重算" in html
