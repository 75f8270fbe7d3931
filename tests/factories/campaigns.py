import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from campaigns.models import (
    Assignment,
    Campaign,
    Enterprise,
    EnterpriseStatusChange,
    TeamMembership,
    UnionStatus,
    UnionUnit,
    WorkerGroup,
    WorkTeam,
)
from campaigns.validators import credit_code_check_char

_codes = itertools.count(1)


def valid_credit_code(n: int | None = None) -> str:
    """A unified social credit code with a correct check character."""
    n = next(_codes) if n is None else n
    first17 = f"91110115MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def worker_group(name="快递员"):
    return WorkerGroup.objects.get(name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        # The groups hook only adds rows to the M2M table: no second save needed.
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"干部{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("dundian-test-pw")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class UnionUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionUnit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试{n}镇")
    kind = UnionUnit.Kind.TOWN
    sort_order = factory.Sequence(lambda n: 100 + n)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"2026年机关干部赴基层蹲点活动{n}")
    start_date = dt.date(2026, 7, 15)
    end_date = dt.date(2026, 12, 31)
    goals = "把情况摸透、把问题找准、把措施做实"


class WorkTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkTeam

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"第{n}蹲点小组")
    sort_order = factory.Sequence(lambda n: n)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(WorkTeamFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamMembership.Role.MEMBER


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    team = factory.SubFactory(WorkTeamFactory)
    campaign = factory.LazyAttribute(lambda a: a.team.campaign)
    unit = factory.SubFactory(UnionUnitFactory)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.LazyFunction(valid_credit_code)
    unit = factory.SubFactory(UnionUnitFactory)
    headcount = 50


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A recorded step only: the enterprise row is not touched (use campaigns.services for that)."""

    class Meta:
        model = EnterpriseStatusChange

    enterprise = factory.SubFactory(EnterpriseFactory)
    from_status = UnionStatus.NONE
    to_status = UnionStatus.CONTACTED
    changed_on = dt.date(2026, 8, 9)
    changed_by = factory.SubFactory(UserFactory)
