import datetime as dt

import factory

from visits.models import PlannedVisit, Recruitment, Visit

from .campaigns import AssignmentFactory, UserFactory, worker_group


class VisitFactory(factory.django.DjangoModelFactory):
    """A visit by an assignment's team to its unit (pass ``assignment=``)."""

    class Meta:
        model = Visit
        exclude = ["assignment"]

    assignment = factory.SubFactory(AssignmentFactory)
    campaign = factory.LazyAttribute(lambda v: v.assignment.campaign)
    team = factory.LazyAttribute(lambda v: v.assignment.team)
    unit = factory.LazyAttribute(lambda v: v.assignment.unit)
    date = dt.date(2026, 8, 4)
    kind = Visit.Kind.SITE
    summary = "走访企业，了解职工情况"
    workers_reached = 10
    created_by = factory.SubFactory(UserFactory)


class PlannedVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedVisit
        exclude = ["assignment"]

    assignment = factory.SubFactory(AssignmentFactory)
    campaign = factory.LazyAttribute(lambda v: v.assignment.campaign)
    team = factory.LazyAttribute(lambda v: v.assignment.team)
    unit = factory.LazyAttribute(lambda v: v.assignment.unit)
    date = dt.date(2026, 8, 10)
    purpose = "召开未建会企业沟通会"
    created_by = factory.SubFactory(UserFactory)


class RecruitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recruitment

    visit = factory.SubFactory(VisitFactory)
    group = factory.LazyFunction(worker_group)
    count = 5
