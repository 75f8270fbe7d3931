"""The periodic jobs beat runs (rows in django-celery-beat, editable in admin)."""

from celery import shared_task

from dundian.celery import RETRY_POLICY

from . import reminders


@shared_task(name="dashboard.sweep_reminders", **RETRY_POLICY)
def sweep_reminders():
    """Every reminder kind, once per (event, person, day); nothing outside sending time."""
    return reminders.sweep()


@shared_task(name="dashboard.send_weekly_digest", **RETRY_POLICY)
def send_weekly_digest():
    return reminders.send_weekly_digest()
