"""API clients with tokens of every kind, and a JSON caller (issue 17)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiClient
from api.services import issue_token, save_client
from issues.models import Source
from issues.services import open_issue

ALL_SCOPES = {"can_create_tickets": True, "can_read_status": True, "can_read_aggregates": True}


def make_client(name, *, token=True, **fields):
    """A saved ApiClient (through the service) and, unless token=False, its plain token."""
    client = save_client(ApiClient(name=name, **fields))
    if not token:
        return client, None
    _, plain = issue_token(client)
    return client, plain


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def hotline(world):
    """The 12345 platform: creates and reads its tickets, personal data masked."""
    return make_client("12345接诉即办平台", source=Source.HOTLINE_12345, can_create_tickets=True, can_read_status=True)


@pytest.fixture
def hotline_private(world):
    """The 12345 platform granted personal data."""
    return make_client(
        "12345平台（含个人信息）",
        source=Source.HOTLINE_12345,
        can_create_tickets=True,
        can_read_status=True,
        can_see_personal_data=True,
    )


@pytest.fixture
def bi(world):
    """The district's BI: aggregates and every source's status, masked."""
    return make_client("区数据分析系统", all_sources=True, can_read_status=True, can_read_aggregates=True)


@pytest.fixture
def api():
    return APIClient()


def call(api, method, path, token=None, data=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    kwargs = {"format": "json"} if data is not None else {}
    return getattr(api, method.lower())(path, data, **kwargs, **headers)


def ticket_body(**overrides):
    body = {
        "source": "12345",
        "hotline_number": "2026080300123",
        "category": "wages",
        "urgency": "ordinary",
        "unit": "高米店街道",
        "title": "快递站点拖欠两个月工资",
        "description": "职工反映所在快递站点自六月起未发工资。",
        "received_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "worker_name": "张三",
        "worker_phone": "13812345678",
        "worker_id_number": "11010519491231002X",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


@pytest.fixture
def hotline_ticket(world):
    """A 12345 ticket of team A, opened like the import does."""
    return open_issue(
        created_by=world.office_staff,
        source=Source.HOTLINE_12345,
        hotline_number="H-0001",
        category="wages",
        team=world.team_a,
        unit=world.unit_a,
        campaign=world.campaign,
        title="拖欠工资",
        description="职工反映企业拖欠两个月工资",
        worker_name="张三",
        worker_phone="13812345678",
        worker_id_number="11010519491231002X",
        received_at=timezone.now() - dt.timedelta(days=1),
    )


@pytest.fixture
def field_ticket(world):
    """A ticket found at a visit (not a hotline's)."""
    return open_issue(
        created_by=world.cadre_a,
        source=Source.FIELD,
        category="insurance",
        team=world.team_a,
        unit=world.unit_a,
        campaign=world.campaign,
        title="社保断缴",
        description="社保断缴三个月",
        worker_name="李四",
    )


@pytest.fixture
def make_tickets(world):
    def make(n):
        return [
            open_issue(
                created_by=world.office_staff,
                source=Source.HOTLINE_12345 if i % 2 else Source.FIELD,
                hotline_number=f"N-{i}" if i % 2 else "",
                category="wages",
                team=world.team_a if i % 3 else world.team_b,
                unit=world.unit_a if i % 3 else world.unit_b,
                campaign=world.campaign,
                title=f"诉求{i}",
                description="内容",
                worker_name="王五",
            )
            for i in range(n)
        ]

    return make
