from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from issues.retention import expired, mask_expired_personal_data


class Command(BaseCommand):
    help = "将办结超过 N 年（PERSONAL_DATA_RETENTION_YEARS）的工单的职工姓名、电话、身份证号（含修改历史）永久脱敏。"

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None, help="保存年限，默认取 PERSONAL_DATA_RETENTION_YEARS")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不修改")

    def handle(self, *args, years=None, dry_run=False, **options):
        years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError("保存年限至少为 1 年。")
        if dry_run:
            self.stdout.write(f"办结超过 {years} 年、待脱敏的工单：{expired(years=years).count()} 件。")
            return
        count = mask_expired_personal_data(years=years)
        self.stdout.write(f"已对办结超过 {years} 年的 {count} 件工单的职工个人信息脱敏（含修改历史）。")
