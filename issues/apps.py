from django.apps import AppConfig


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = "职工诉求"

    def ready(self):
        from . import handover  # noqa: F401 - connects the membership_ending receiver
