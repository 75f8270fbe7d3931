"""The Celery app, configured from Django settings (``CELERY_*``).

Tasks subclass ``DjangoTask`` so ``delay_on_commit`` is available: a task that
reads a row is enqueued only once the transaction that wrote the row commits.
"""

import logging
import os

from celery import Celery
from django.db import DatabaseError, transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")

app = Celery("dundian", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

log = logging.getLogger(__name__)

# How every task of ours retries: on a database or network hiccup, with
# exponential backoff (1 s, 2 s, 4 s … capped, jittered), at most 5 times,
# then it fails for good and the next sweep starts afresh. Programming errors
# are not retried (they would fail the same way five more times).
RETRY_POLICY = {
    "autoretry_for": (DatabaseError, OperationalError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


def enqueue_now(task, *args, **kwargs) -> bool:
    """Send a task to the broker; with the broker down, log and carry on.

    Returns whether the task was queued. Nothing is lost when it was not:
    reminders are derived from the state of the database, so the next sweep
    that reaches the broker (or ``manage.py send_reminders``) catches up.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs)
        return True
    except (OperationalError, OSError):
        log.error("broker unreachable: task %s not queued (the next sweep catches up)", task.name, exc_info=True)
        return False


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits; never fail the save.

    Like ``task.delay_on_commit`` (a task must not run before the rows it reads
    are committed), but a broker outage is logged instead of turning a saved
    form into an error page.
    """
    transaction.on_commit(lambda: enqueue_now(task, *args, **kwargs))
