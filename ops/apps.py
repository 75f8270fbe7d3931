from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running on several machines: files, replica routing, request ids, metrics, health, backups.

    Cross-cutting and below every domain app: it imports none of them (the
    metrics read their tables by app label, lazily).
    """

    name = "ops"
    verbose_name = "运行维护"

    def ready(self):
        from . import logs

        logs.connect_celery_signals()
