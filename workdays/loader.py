"""Loading a year's State Council holiday schedule from a small CSV file.

The admin form (工作日历 › 载入年度日历) and ``manage.py load_calendar FILE``
both call ``parse_calendar`` then ``load_year``: bad input raises
``CalendarFileError`` with every problem as a Chinese message and nothing is
written. The file lists the holidays and the make-up working days exactly as
the notice does; holiday days that fall on a weekend are accepted and not
stored (only exceptions to Monday–Friday are)::

    # 来源：国务院办公厅关于2026年部分节假日安排的通知
    日期,安排,说明
    2026-01-01,休息,元旦
    2026-01-04,上班,元旦调休上班

Loading replaces that year's exceptions and sends ``calendar_changed`` so the
ticket app recomputes the deadlines the change affects.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import CalendarDay, CalendarYear
from .signals import calendar_changed

OFF_WORDS = {"休息", "放假", "休"}
ON_WORDS = {"上班", "调休上班", "班"}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SOURCE_RE = re.compile(r"^#\s*来源[：:]\s*(.+)$")
WEEKDAYS = "一二三四五六日"


class CalendarFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass
class ParsedCalendar:
    year: int
    source: str
    # (date, is_workday, name): what will be stored (exceptions to Mon–Fri only).
    days: list[tuple[dt.date, bool, str]] = field(default_factory=list)
    # Holidays on a weekend: listed in the notice, off anyway, not stored.
    weekend_holidays: list[tuple[dt.date, str]] = field(default_factory=list)


def _parse_date(text: str) -> dt.date | None:
    if not DATE_RE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_calendar(text: str) -> ParsedCalendar:
    """Check a calendar file; every problem is reported, with its line number."""
    errors: list[str] = []
    source = ""
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            match = SOURCE_RE.match(stripped)
            if match:
                source = match.group(1).strip()
            continue
        cells = [c.strip() for c in next(csv.reader(io.StringIO(stripped)))]
        if cells and cells[0] == "日期":
            continue
        rows.append((number, cells))
    if not source:
        errors.append("缺少“# 来源：……”一行：请写明所依据的国务院办公厅通知。")
    if not rows:
        errors.append("文件中没有日期。")
        raise CalendarFileError(errors)

    seen: dict[dt.date, int] = {}
    parsed: list[tuple[int, dt.date, bool, str]] = []
    for number, cells in rows:
        if len(cells) < 2:
            errors.append(f"第{number}行：应为“日期,安排,说明”三列。")
            continue
        day = _parse_date(cells[0])
        if day is None:
            errors.append(f"第{number}行：日期“{cells[0]}”格式无法识别，请写成 2027-01-01。")
            continue
        kind = cells[1]
        if kind not in OFF_WORDS | ON_WORDS:
            errors.append(f"第{number}行：安排“{kind}”无法识别，请写“休息”或“上班”。")
            continue
        if day in seen:
            errors.append(f"第{number}行：{day:%Y-%m-%d} 已在第{seen[day]}行列出，同一天只能列一次。")
            continue
        seen[day] = number
        parsed.append((number, day, kind in ON_WORDS, cells[2] if len(cells) > 2 else ""))

    years = sorted({day.year for _, day, _, _ in parsed})
    if len(years) > 1:
        errors.append(f"一个文件只能载入一年的日历，文件中有：{'、'.join(str(y) for y in years)}年。")
    result = ParsedCalendar(year=years[0] if years else 0, source=source)
    for number, day, is_workday, name in parsed:
        weekend = day.weekday() >= 5
        if is_workday and not weekend:
            errors.append(f"第{number}行：{day:%Y-%m-%d} 是周{WEEKDAYS[day.weekday()]}，本来就上班，不需列出。")
        elif not name:
            errors.append(f"第{number}行：请填写说明（如：元旦、国庆调休上班）。")
        elif not is_workday and weekend:
            result.weekend_holidays.append((day, name))
        else:
            result.days.append((day, is_workday, name))
    if errors:
        raise CalendarFileError(errors)
    result.days.sort()
    return result


@dataclass
class Change:
    date: dt.date
    before: str
    after: str


def preview(parsed: ParsedCalendar) -> list[Change]:
    """What loading would change, day by day, against what is stored for that year."""
    stored = {d.date: d for d in CalendarDay.objects.filter(date__year=parsed.year)}
    wanted = {day: (is_workday, name) for day, is_workday, name in parsed.days}
    changes = []
    for day in sorted(set(stored) | set(wanted)):
        old = stored.get(day)
        before = f"{'上班' if old.is_workday else '休息'}（{old.name}）" if old else "按周一至周五"
        new = wanted.get(day)
        after = f"{'上班' if new[0] else '休息'}（{new[1]}）" if new else "按周一至周五"
        if before != after:
            changes.append(Change(day, before, after))
    return changes


@transaction.atomic
def load_year(parsed: ParsedCalendar, *, at=None, actor=None) -> list[Change]:
    """Replace the year's exceptions with the file's, mark the year loaded, tell the ticket app."""
    at = at or timezone.now()
    changes = preview(parsed)
    was_loaded = CalendarYear.objects.filter(year=parsed.year).exists()
    CalendarDay.objects.filter(date__year=parsed.year).exclude(date__in=[d for d, _, _ in parsed.days]).delete()
    for day, is_workday, name in parsed.days:
        CalendarDay.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})
    CalendarYear.objects.update_or_create(year=parsed.year, defaults={"source": parsed.source, "loaded_at": at})
    calendar_changed.send(
        sender=CalendarYear,
        dates=[c.date for c in changes],
        years=[] if was_loaded else [parsed.year],
        reason=f"载入{parsed.year}年工作日历（{parsed.source}）",
        at=at,
        actor=actor,
    )
    return changes
