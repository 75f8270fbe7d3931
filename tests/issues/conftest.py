"""Tickets for the issue tests, opened through the real service."""

import datetime as dt

import pytest
from django.utils import timezone

from issues.models import Source
from issues.services import open_issue


def aware(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def make_issue(world):
    """open_issue with defaults for team A (override anything)."""

    def make(**kw):
        params = {
            "created_by": world.cadre_a,
            "source": Source.FIELD,
            "category": "wages",
            "team": world.team_a,
            "unit": world.unit_a,
            "campaign": world.campaign,
            "title": "拖欠工资",
            "description": "职工反映企业拖欠两个月工资",
            "worker_name": "张三",
            "worker_phone": "13812345678",
            "worker_id_number": "11010519491231002X",
        }
        params.update(kw)
        return open_issue(**params)

    return make


@pytest.fixture
def issue_a(make_issue):
    return make_issue()


@pytest.fixture
def issue_b(world, make_issue):
    return make_issue(
        created_by=world.cadre_b, team=world.team_b, unit=world.unit_b, title="社保断缴", worker_name="李四"
    )
