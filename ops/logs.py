"""Request ids: one per request, on every log line, carried into the Celery tasks it starts.

The proxy's ``X-Request-ID`` is kept when it looks sane (nginx sets ``$request_id``);
otherwise a new one is made. A task enqueued while handling a request carries the
id in its message headers, and the worker logs that task's lines with it.
"""

import contextvars
import logging
import logging.config
import re
import uuid

_request_id = contextvars.ContextVar("dundian_request_id", default="-")
HEADER = "request_id"
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id(incoming: str | None = None) -> str:
    return incoming if incoming and _SANE.match(incoming) else uuid.uuid4().hex


def get_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request or task)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


def _add_header(headers=None, **kwargs):
    current = _request_id.get()
    if headers is not None and current != "-":
        headers.setdefault(HEADER, current)


def _task_started(task=None, **kwargs):
    value = getattr(task.request, HEADER, None) if task is not None else None
    if value is None and task is not None:
        value = (task.request.headers or {}).get(HEADER) if isinstance(task.request.headers, dict) else None
    if not value:  # an eager task keeps the id of the request running it
        value = _request_id.get() if _request_id.get() != "-" else f"task-{uuid.uuid4().hex[:12]}"
    task._dundian_request_token = _request_id.set(value)


def _task_finished(task=None, **kwargs):
    token = getattr(task, "_dundian_request_token", None)
    if token is not None:
        _request_id.reset(token)
        task._dundian_request_token = None


def _celery_handlers(logger=None, **kwargs):
    """Celery set up its own handlers (worker log, --logfile): give them the request id, and JSON if asked."""
    from django.conf import settings

    formatting = settings.LOGGING["handlers"]["console"]["formatter"]
    for handler in logger.handlers if logger is not None else []:
        handler.addFilter(RequestIdFilter())
        if formatting == "json":
            handler.setFormatter(
                logging.config.DictConfigurator({}).configure_formatter(dict(settings.LOGGING["formatters"]["json"]))
            )


def connect_celery_signals() -> None:
    from celery import signals

    signals.after_setup_logger.connect(_celery_handlers, weak=False, dispatch_uid="dundian_celery_logger")
    signals.after_setup_task_logger.connect(_celery_handlers, weak=False, dispatch_uid="dundian_celery_task_logger")

    signals.before_task_publish.connect(_add_header, weak=False, dispatch_uid="dundian_request_id_publish")
    signals.task_prerun.connect(_task_started, weak=False, dispatch_uid="dundian_request_id_prerun")
    signals.task_postrun.connect(_task_finished, weak=False, dispatch_uid="dundian_request_id_postrun")
