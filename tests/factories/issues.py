import datetime as dt

import factory
from django.utils import timezone

from issues.models import WorkerIssue

from .campaigns import AssignmentFactory, UserFactory


def _aware(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h, 0))


class IssueFactory(factory.django.DjangoModelFactory):
    """A ticket of an assignment's team in its unit (pass ``assignment=``).

    Rows are written as they are given: the issue service, not this factory,
    computes deadlines and codes in real use.
    """

    class Meta:
        model = WorkerIssue

    assignment = factory.SubFactory(AssignmentFactory)
    campaign = factory.LazyAttribute(lambda i: i.assignment.campaign)
    team = factory.LazyAttribute(lambda i: i.assignment.team)
    unit = factory.LazyAttribute(lambda i: i.assignment.unit)
    code = factory.Sequence(lambda n: f"DX-2026-{n + 1:05d}")
    category = "wages"
    title = "拖欠工资"
    description = "职工反映企业拖欠两个月工资"
    worker_name = "张三"
    worker_phone = "13812345678"
    received_at = factory.LazyFunction(lambda: _aware(2026, 8, 3))
    response_due = factory.LazyFunction(lambda: _aware(2026, 8, 4, 23))
    resolution_due = factory.LazyFunction(lambda: _aware(2026, 8, 12, 23))
    created_by = factory.SubFactory(UserFactory)
