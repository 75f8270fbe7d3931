from django.conf import settings
from django.core.management.base import BaseCommand

from privacy.services import purge_access_log


class Command(BaseCommand):
    help = "删除超过保存期限（PERSONAL_DATA_ACCESS_LOG_DAYS）的个人信息访问记录。"

    def handle(self, *args, **options):
        deleted = purge_access_log()
        days = settings.PERSONAL_DATA_ACCESS_LOG_DAYS
        self.stdout.write(f"已删除 {deleted} 条超过 {days} 天的访问记录。")
