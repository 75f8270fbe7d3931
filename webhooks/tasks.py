"""The periodic delivery of the webhook outbox (a django-celery-beat row, every 10 seconds)."""

from celery import shared_task

from . import delivery


# No autoretry: the next beat tick is the retry, and what is owed is in the rows.
@shared_task(name="webhooks.deliver_due", ignore_result=True)
def deliver_due():
    return delivery.deliver_due()
