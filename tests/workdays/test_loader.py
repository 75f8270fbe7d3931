"""Loading a year's holiday schedule from a file: checks, nothing half-written, the shipped 2026 file."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from workdays.loader import CalendarFileError, load_year, parse_calendar
from workdays.models import CalendarDay, CalendarYear
from workdays.services import is_workday, missing_next_year

DATA = Path(__file__).resolve().parents[2] / "workdays" / "data"
# New Year's Day is a public holiday every year (全国年节及纪念日放假办法); this test file
# names nothing else, so it invents no date of the 2027 notice.
NEW_YEAR_2027 = "# 来源：测试数据（仅元旦，法定节假日）\n日期,安排,说明\n2027-01-01,休息,元旦\n"


def test_the_shipped_2026_file_matches_the_seeded_calendar(db):
    parsed = parse_calendar((DATA / "2026.csv").read_text(encoding="utf-8"))

    assert parsed.year == 2026
    assert load_year(parsed) == []  # the migration seeded the same days


def test_loading_a_year_marks_it_and_stores_its_exceptions(db):
    load_year(parse_calendar(NEW_YEAR_2027))

    assert CalendarYear.objects.get(year=2027).source == "测试数据（仅元旦，法定节假日）"
    assert not is_workday(dt.date(2027, 1, 1))


def test_a_holiday_listed_twice_is_refused_with_both_lines(db):
    text = NEW_YEAR_2027 + "2027-01-01,休息,元旦\n"

    with pytest.raises(CalendarFileError) as caught:
        parse_calendar(text)

    assert "第4行：2027-01-01 已在第3行列出，同一天只能列一次。" in caught.value.errors


def test_an_unknown_date_format_is_refused(db):
    with pytest.raises(CalendarFileError) as caught:
        parse_calendar("# 来源：通知\n2027年1月1日,休息,元旦\n")

    assert caught.value.errors == ["第2行：日期“2027年1月1日”格式无法识别，请写成 2027-01-01。"]


def test_a_file_without_its_source_is_refused(db):
    with pytest.raises(CalendarFileError) as caught:
        parse_calendar("2027-01-01,休息,元旦\n")

    assert "缺少“# 来源：……”一行：请写明所依据的国务院办公厅通知。" in caught.value.errors


def test_a_working_weekday_listed_as_make_up_day_is_refused(db):
    with pytest.raises(CalendarFileError) as caught:
        parse_calendar("# 来源：通知\n2027-01-05,上班,调休\n")

    assert caught.value.errors == ["第2行：2027-01-05 是周二，本来就上班，不需列出。"]


def test_command_with_bad_file_writes_nothing(db, tmp_path):
    bad = tmp_path / "2027.csv"
    bad.write_text(NEW_YEAR_2027 + "2027/01/02,休息,元旦\n", encoding="utf-8")

    with pytest.raises(CommandError, match="格式无法识别"):
        call_command("load_calendar", str(bad))

    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_command_loads_a_year(db, tmp_path, capsys):
    good = tmp_path / "2027.csv"
    good.write_text(NEW_YEAR_2027, encoding="utf-8")

    call_command("load_calendar", str(good))

    assert CalendarYear.objects.filter(year=2027).exists()
    assert "2027-01-01  按周一至周五 → 休息（元旦）" in capsys.readouterr().out


def test_next_year_is_missing_only_from_november(db):
    assert missing_next_year(dt.date(2026, 10, 31)) is None
    assert missing_next_year(dt.date(2026, 11, 1)) == 2027
    load_year(parse_calendar(NEW_YEAR_2027))
    assert missing_next_year(dt.date(2026, 11, 1)) is None


def test_staff_see_a_banner_when_next_year_is_missing(client, world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC))
    client.force_login(world.office_staff)

    html = client.get("/dashboard/").content.decode()

    assert "2027年工作日历尚未载入" in html


def test_cadres_see_no_calendar_banner(client, world, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC))
    client.force_login(world.cadre_a)

    assert "工作日历尚未载入" not in client.get("/dashboard/").content.decode()


def test_healthz_says_when_next_year_is_missing(client, db, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC))
    body = client.get("/healthz").json()
    assert body["calendar"] == "missing 2027"
    assert body["database"] == "ok"  # reported, but a data chore does not fail the server's status

    load_year(parse_calendar(NEW_YEAR_2027))
    assert client.get("/healthz").json()["calendar"] == "ok"


def test_healthz_calendar_is_ok_before_november(client, db, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 31, 10, 0, tzinfo=dt.UTC))
    assert client.get("/healthz").json()["calendar"] == "ok"
