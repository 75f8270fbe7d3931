"""The logging configuration (settings.LOGGING): one console handler, plain or JSON lines.

Every line carries the request id (ops.logs.RequestIdFilter: X-Request-ID from the proxy, or a
new one, also passed into the Celery tasks a request starts), so one request's lines can be
found across the web server and the workers.
"""


def logging_config(*, level: str, json: bool) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json else "plain",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.request": {"level": "ERROR"}},
    }
