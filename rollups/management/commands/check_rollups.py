"""manage.py check_rollups [--campaign ID]: compare the daily summaries with the raw aggregates.

Exits non-zero and prints the differing keys when they disagree.
"""

from django.core.management.base import BaseCommand, CommandError

from rollups.services import differences


class Command(BaseCommand):
    help = "核对每日汇总与原始记录的统计是否一致；不一致时列出差异并以非零状态退出。"

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, help="只核对这次蹲点活动（ID）")

    def handle(self, *args, campaign=None, **options):
        lines = differences(campaign)
        if lines:
            for line in lines:
                self.stdout.write(line)
            raise CommandError(f"每日汇总与原始记录不一致：{len(lines)} 处。运行 manage.py rebuild_rollups 修复。")
        self.stdout.write("每日汇总与原始记录一致。")
