"""manage.py load_calendar FILE.csv [--dry-run]: load a year's State Council holiday schedule."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workdays.loader import CalendarFileError, load_year, parse_calendar, preview


class Command(BaseCommand):
    help = "载入一年的国务院节假日安排（CSV：日期,安排,说明；首行“# 来源：……”）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只显示将要改动的日期，不写入")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {file}：{exc}") from exc
        try:
            parsed = parse_calendar(text)
        except CalendarFileError as exc:
            raise CommandError("日历文件有误，未写入任何数据：\n" + "\n".join(exc.errors)) from exc
        changes = preview(parsed) if dry_run else load_year(parsed)
        for change in changes:
            self.stdout.write(f"{change.date:%Y-%m-%d}  {change.before} → {change.after}")
        verb = "将改动" if dry_run else "已载入"
        self.stdout.write(
            self.style.SUCCESS(f"{parsed.year}年工作日历{verb}：{len(changes)} 天有变化（{parsed.source}）。")
        )
