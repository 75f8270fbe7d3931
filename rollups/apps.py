from django.apps import AppConfig
from django.db.models.signals import post_migrate


def fill_if_empty(sender, using="default", **kwargs):
    """An installation that had visits or tickets before the rollups existed gets them computed once, at migrate.

    Not a data migration: migrations must not import our code
    (tests/test_migrations_frozen.py), and the computation is ``rebuild``'s.
    Two existence checks when there is nothing to do.
    """
    from issues.models import WorkerIssue
    from visits.models import Visit

    from .models import DayRollup
    from .services import rebuild

    if DayRollup.objects.using(using).exists():
        return
    if Visit.objects.using(using).exists() or WorkerIssue.objects.using(using).exists():
        rebuild()


class RollupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rollups"
    verbose_name = "汇总"

    def ready(self):
        from issues.signals import ticket_saved
        from visits.signals import visit_written

        from .services import on_ticket_saved, on_visit_written

        # The writers' own transactions: the summaries change with the rows or not at all.
        visit_written.connect(on_visit_written, dispatch_uid="rollups.on_visit_written")
        ticket_saved.connect(on_ticket_saved, dispatch_uid="rollups.on_ticket_saved")
        post_migrate.connect(fill_if_empty, sender=self, dispatch_uid="rollups.fill_if_empty")
