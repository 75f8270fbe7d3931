"""manage.py rebuild_rollups [--campaign ID]: recompute the daily summaries from the raw rows."""

from django.core.management.base import BaseCommand

from rollups.services import rebuild


class Command(BaseCommand):
    help = "从走访、入会和工单记录重新计算每日汇总（全部或某次活动）。"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="只重算这次蹲点活动（ID）")

    def handle(self, *args, campaign=None, **options):
        rows = rebuild(campaign)
        self.stdout.write(f"每日汇总已重算：{rows} 行。")
