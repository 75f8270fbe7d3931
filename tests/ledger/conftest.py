"""A campaign with visits, tickets, enterprises and recruitment in both teams."""

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import UnionStatus
from tests.factories import EnterpriseFactory, IssueFactory, RecruitmentFactory, VisitFactory, worker_group


@pytest.fixture(autouse=True)
def _eager_celery(request, monkeypatch):
    """Run tasks in-process in every ledger test but the real-worker one, whatever the environment says."""
    if request.node.get_closest_marker("worker"):
        return
    from dundian.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)


def aware(y, m, d, h=10, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


@pytest.fixture
def ledger(world):
    a, b = world.assignment_a, world.assignment_b
    e1 = EnterpriseFactory(unit=world.unit_a, name="京南快递有限公司")
    e2 = EnterpriseFactory(unit=world.unit_a, name='=HYPERLINK("http://evil")公司')
    e3 = EnterpriseFactory(unit=world.unit_b, name="兴丰物流有限公司")
    EnterpriseFactory(unit=world.unit_a, name="已建会企业", union_status=UnionStatus.ESTABLISHED)
    v1 = VisitFactory(
        assignment=a,
        date=dt.date(2026, 8, 3),
        workers_reached=12,
        summary="=1+1 座谈了解快递员情况",
        people_met="@工会主席",
        created_by=world.cadre_a,
    )
    v1.enterprises.add(e1, e2)
    v1.cadres.add(world.cadre_a, world.leader_a)
    v2 = VisitFactory(
        assignment=a, date=dt.date(2026, 9, 10), workers_reached=5, summary="+回访", created_by=world.cadre_a
    )
    v2.enterprises.add(e1)
    v3 = VisitFactory(
        assignment=b, date=dt.date(2026, 8, 20), workers_reached=7, summary="-慰问", created_by=world.cadre_b
    )
    v3.enterprises.add(e3)
    RecruitmentFactory(visit=v1, group=worker_group("快递员"), count=4)
    RecruitmentFactory(visit=v1, group=worker_group("保安员"), count=2)
    RecruitmentFactory(visit=v3, group=worker_group("快递员"), count=3)
    IssueFactory(
        assignment=a,
        code="DX-2026-00001",
        received_at=aware(2026, 8, 5, 23, 30),  # 23:30 Beijing time = 15:30 UTC
        worker_name="张三丰",
        worker_phone="13812345678",
        worker_id_number="110101199003074512",
        handler=world.cadre_a,
        created_by=world.leader_a,
        description="=cmd|' /C calc'!A0",
    )
    IssueFactory(
        assignment=a,
        code="DX-2026-00002",
        received_at=aware(2026, 9, 6),
        status="closed",
        closed_at=aware(2026, 9, 9),
        closing_kind="solved",
        created_by=world.leader_a,
    )
    IssueFactory(assignment=b, code="DX-2026-00003", received_at=aware(2026, 8, 7), created_by=world.leader_b)
    return world
