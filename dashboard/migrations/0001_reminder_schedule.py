"""The beat schedule of the reminders, as django-celery-beat rows staff can see and change in admin.

- 提醒巡检 every minute: due-soon/overdue tickets, the coming day's planned
  visits, units left unvisited, e-mails to catch up. Outside sending time it
  does nothing, so running it often costs a few queries and nothing else; a
  ticket that becomes due soon is in the bell within a minute.
- 每周工作简报 every day at 08:30: sends last week's digest to leadership once
  per week, on the first working morning of the week.
"""

from django.db import migrations
from django.utils import timezone

TZ = "Asia/Shanghai"

SCHEDULE = [
    {
        "name": "提醒巡检（每分钟）",
        "task": "dashboard.sweep_reminders",
        "crontab": {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
        "description": "到期/超期工单、明日走访计划、久未走访单位的提醒；夜间和非工作日自动跳过，次日工作时间补发。",
    },
    {
        "name": "每周工作简报（每天 08:30 检查）",
        "task": "dashboard.send_weekly_digest",
        "crontab": {"minute": "30", "hour": "8", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
        "description": "向领导发送上周工作简报，每周一次，在本周第一个工作日上午发送。",
    },
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for row in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(timezone=TZ, **row["crontab"])
        PeriodicTask.objects.update_or_create(
            name=row["name"],
            defaults={"task": row["task"], "crontab": crontab, "enabled": True, "description": row["description"]},
        )
    # Tell a running beat that the schedule changed (what the admin does on save).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[row["name"] for row in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
