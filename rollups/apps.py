from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Migrations that changed what a summary row counts: when one of them is applied, every row is
# recomputed after migrate (the new figures of existing rows would otherwise stay zero).
REDEFINED_BY = {
    ("rollups", "0002_rates_figures"),
    ("rollups", "0003_first_meetings"),
    ("rollups", "0004_ticket_mix_totals"),
}


def fill_if_empty(sender, using="default", plan=None, **kwargs):
    """An installation that had visits or tickets before the rollups existed gets them computed once, at migrate;
    so does one that applied a migration of ``REDEFINED_BY``.

    Not a data migration: migrations must not import our code
    (tests/test_migrations_frozen.py), and the computation is ``rebuild``'s.
    Two existence checks when there is nothing to do.
    """
    from issues.models import WorkerIssue
    from visits.models import Visit

    from .models import DayRollup
    from .services import rebuild

    if DayRollup.objects.using(using).exists():
        if any((m.app_label, m.name) in REDEFINED_BY and not backwards for m, backwards in plan or ()):
            rebuild()
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
        from workdays.signals import calendar_changed

        from .callbacks import on_calendar_changed
        from .services import on_ticket_saved, on_visit_written

        # The writers' own transactions: the summaries change with the rows or not at all.
        visit_written.connect(on_visit_written, dispatch_uid="rollups.on_visit_written")
        ticket_saved.connect(on_ticket_saved, dispatch_uid="rollups.on_ticket_saved")
        # The callback windows follow the working-day calendar.
        calendar_changed.connect(on_calendar_changed, dispatch_uid="rollups.on_calendar_changed")
        post_migrate.connect(fill_if_empty, sender=self, dispatch_uid="rollups.fill_if_empty")
