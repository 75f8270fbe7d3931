"""Which tickets: scoped (``visible_to``), by personal data the user sees unmasked, and by deadline state.

The one definition of "open", "overdue", "due soon" and "escalated" that the
list, the dashboard, the rates and the reminders share.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q

from campaigns import scoping
from campaigns.roles import led_team_ids, sees_everything, team_ids_of
from privacy.crypto import keyed_hash

from .choices import EscalationStep, Status


def personal_data_condition(user):
    """The filter of ``personal_data_visible_to`` on top of ``visible_to`` (None: nothing more to check).

    As a ``Q`` so a search can OR it into one WHERE clause the indexes serve.
    """
    if user.is_superuser or sees_everything(user):
        return None
    own = Q(handler=user) | Q(created_by=user)
    return Q(team_id__in=led_team_ids(user)) | (own & Q(team_id__in=team_ids_of(user)))


def overdue_condition(now) -> Q:
    """Past a deadline at ``now`` (for open tickets): ``WorkerIssue.is_overdue`` as a row condition."""
    return Q(resolution_due__lt=now) | Q(responded_at__isnull=True, response_due__lt=now)


class WorkerIssueQuerySet(scoping.ScopedQuerySet):
    def personal_data_visible_to(self, user):
        """Tickets whose worker ``user`` may see unmasked: ``WorkerIssue.can_see_personal_data`` as a filter.

        Duplicate checks and searches by a worker's name, phone or ID number look
        only here, so they never confirm data the user sees masked.
        """
        qs = self.visible_to(user)
        condition = personal_data_condition(user)
        return qs if condition is None else qs.filter(condition)

    def with_phone(self, phone):
        return self.filter(worker_phone_hash=keyed_hash(phone)) if phone else self.none()

    def with_id_number(self, id_number):
        return self.filter(worker_id_number_hash=keyed_hash(id_number)) if id_number else self.none()

    def open(self):
        """Tickets not yet closed (待受理 or 办理中)."""
        return self.exclude(status=Status.CLOSED)

    def overdue(self, now):
        """Open tickets past a deadline: not responded by the response deadline, or past the resolution one."""
        return self.open().filter(overdue_condition(now))

    def due_soon(self, now):
        """Open, not yet overdue tickets whose pending deadline falls within ``settings.ISSUE_DUE_SOON_HOURS``.

        The one definition of "due soon" (the issue list, the dashboard and the
        reminders all ask this; ``WorkerIssue.is_due_soon`` says it of one
        ticket). The pending deadline is the response deadline while nobody has
        responded, and the resolution deadline always. Row conditions only (no
        subquery), so the deadline indexes of open tickets serve it.
        """
        soon = now + dt.timedelta(hours=settings.ISSUE_DUE_SOON_HOURS)
        response_soon = Q(responded_at__isnull=True, response_due__gte=now, response_due__lte=soon)
        resolution_soon = Q(resolution_due__gte=now, resolution_due__lte=soon)
        return self.open().filter(response_soon | resolution_soon).exclude(overdue_condition(now))

    def escalated(self):
        """Tickets that climbed above step 1 of the ladder (open or closed)."""
        return self.filter(escalation_step__gt=EscalationStep.ENTERPRISE)
