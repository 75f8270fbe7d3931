"""Run one reminder sweep (and the weekly digest) by hand; running it twice sends nothing more."""

from django.core.management.base import BaseCommand

from dashboard import reminders
from workdays.services import next_send_time


class Command(BaseCommand):
    help = "立即执行一次提醒巡检（到期/超期工单、明日走访计划、久未走访单位、每周简报）。重复执行不会重复发送。"

    def handle(self, *args, **options):
        counts = reminders.sweep()
        if not counts:
            self.stdout.write(f"现在不是发送时间（夜间或非工作日），下次发送时间：{next_send_time():%Y-%m-%d %H:%M}")
            return
        counts["digest"] = reminders.send_weekly_digest()
        labels = {
            "issues": "工单提醒",
            "plans": "走访计划提醒",
            "unvisited": "久未走访提醒",
            "emails": "补发邮件",
            "digest": "每周简报",
        }
        self.stdout.write("，".join(f"{labels[k]} {v} 条" for k, v in counts.items()))
