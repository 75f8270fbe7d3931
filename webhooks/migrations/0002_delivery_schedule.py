"""The beat row of the webhook delivery, as a django-celery-beat row staff can see and change in admin.

- Webhook 投递（每10秒）: sends the due rows of the outbox. A run that finds
  nothing costs one query; a queued run older than the interval is dropped
  (expire_seconds), so a busy worker does not collect a backlog of runs.
"""

from django.db import migrations
from django.utils import timezone

NAME = "Webhook 投递（每10秒）"
TASK = "webhooks.deliver_due"
EVERY_SECONDS = 10
DESCRIPTION = "把工单状态变更推送给已登记的接收方；失败的按退避时间重试，同一工单按顺序投递。"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    interval, _ = IntervalSchedule.objects.get_or_create(every=EVERY_SECONDS, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": interval,
            "crontab": None,
            "enabled": True,
            "expire_seconds": EVERY_SECONDS,
            "description": DESCRIPTION,
        },
    )
    # Tell a running beat that the schedule changed (what the admin does on save).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
