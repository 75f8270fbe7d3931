from django.apps import AppConfig


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = "职工诉求"

    def ready(self):
        # The calendar app imports none of ours: it announces changes, tickets follow.
        from workdays.signals import calendar_changed

        from .services import recompute_for_calendar

        calendar_changed.connect(recompute_for_calendar, dispatch_uid="issues.recompute_for_calendar")

        from . import handover  # noqa: F401 - connects the membership_ending receiver
