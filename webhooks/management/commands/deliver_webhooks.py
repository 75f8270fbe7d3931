"""Send the due webhook deliveries now, by hand (what the periodic task does every 10 seconds)."""

from django.core.management.base import BaseCommand

from webhooks import delivery
from webhooks.models import Delivery


class Command(BaseCommand):
    help = "立即投递到期的 Webhook 推送（与每10秒的周期任务相同）；已投递的不会重复发送。"

    def handle(self, *args, **options):
        counts = delivery.deliver_due()
        pending = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
        failed = Delivery.objects.filter(status=Delivery.Status.FAILED).count()
        self.stdout.write(
            f"本次送达 {counts['delivered']} 条，失败 {counts['failed']} 条（将按退避时间重试）；"
            f"待投递 {pending} 条，已放弃 {failed} 条。"
        )
