"""python manage.py export_ledger --campaign ID [--team ID …] [--from DATE --to DATE] --out FILE.xlsx"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from ledger.exports import export_for_command
from ledger.scope import SHEET_KEYS


def _date(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "导出蹲点活动的工作台账（Excel）。"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, required=True, help="蹲点活动 ID")
        parser.add_argument("--team", type=int, action="append", default=[], help="小组 ID（可重复）")
        parser.add_argument("--from", dest="date_from", type=_date, help="起始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", type=_date, help="截止日期 YYYY-MM-DD")
        parser.add_argument("--sheet", action="append", choices=SHEET_KEYS, default=[], help="只导出这些表")
        parser.add_argument("--out", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, **options):
        if not Campaign.objects.filter(pk=options["campaign"]).exists():
            raise CommandError(f"没有 ID 为 {options['campaign']} 的蹲点活动。")
        if options["date_from"] and options["date_to"] and options["date_from"] > options["date_to"]:
            raise CommandError("截止日期不能早于起始日期。")
        try:
            rows = export_for_command(
                options["campaign"],
                options["team"],
                options["date_from"],
                options["date_to"],
                options["out"],
                sheets=options["sheet"] or None,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {rows} 行到 {options['out']}"))
