"""The Celery app, configured from Django settings (``CELERY_*``).

Tasks subclass ``DjangoTask`` so ``delay_on_commit`` is available: a task that
reads a row is enqueued only once the transaction that wrote the row commits.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dundian.settings")

app = Celery("dundian", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
