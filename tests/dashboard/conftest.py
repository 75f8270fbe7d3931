"""A small campaign with hand-counted answers for the dashboard tests.

Team A covers 高米店街道 and 旧宫镇, team B covers 兴丰街道 and 瀛海镇. The tests
look at the period up to 2026-09-10 (``PERIOD``), so "days since the last
visit" counts to that day: 高米店街道 2 days (fresh), 旧宫镇 10 (7–14 days),
兴丰街道 21 (over 14), 瀛海镇 never.

Tickets (all received in the period except T6), "now" being after all of them:

- T1 A 高米店 08-03 工资 蹲点发现: responded in time, closed solved 08-05, 满意 (08-06)
- T2 A 高米店 08-10 社保 12345 办理中 step 2: responded in time, resolution due 08-20 → overdue since 08-20
- T3 A 旧宫镇 08-12 工资 12351 待受理: response due 08-13 missed → overdue since 08-13
- T4 B 兴丰 08-05 劳动争议 蹲点发现 办理中 step 3: responded in time, due 08-25 → overdue since 08-25
- T5 B 兴丰 08-06 困难救助 12345: responded late, closed explained 08-15, 不满意 (08-16)
- T6 A 高米店 09-20: outside the period

Enterprises: 甲 未建会, 乙 已对接 (新业态), 丙 表态建会 (八大员, promised 08-01),
丁 表态建会 (新业态, promised 08-15), 戊 筹建中 (promised 07-20), 己 已建会 (新业态).
"""

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import EnterpriseStatusChange
from tests.factories import (
    AssignmentFactory,
    EnterpriseFactory,
    IssueFactory,
    PlannedVisitFactory,
    RecruitmentFactory,
    UnionUnitFactory,
    VisitFactory,
    worker_group,
)

PERIOD = {"date_to": "2026-09-10"}


def at(month, day, hour=10):
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


def _issue(assignment, code, user, **kw):
    return IssueFactory(assignment=assignment, code=code, title=f"{code}诉求", created_by=user, **kw)


@pytest.fixture
def dataset(world):
    w = world
    a_gmd, b_xf = w.assignment_a, w.assignment_b
    a_jg = AssignmentFactory(campaign=w.campaign, team=w.team_a, unit=UnionUnitFactory(name="旧宫镇"))
    b_yh = AssignmentFactory(campaign=w.campaign, team=w.team_b, unit=UnionUnitFactory(name="瀛海镇"))
    w.unit_jg, w.unit_yh = a_jg.unit, b_yh.unit

    def visit(assignment, day, workers, by):
        return VisitFactory(assignment=assignment, date=day, workers_reached=workers, created_by=by)

    v_gmd = visit(a_gmd, dt.date(2026, 9, 8), 10, w.cadre_a)
    visit(a_gmd, dt.date(2026, 8, 20), 5, w.cadre_a)
    visit(a_jg, dt.date(2026, 8, 31), 3, w.cadre_a)
    visit(a_gmd, dt.date(2026, 9, 15), 100, w.cadre_a)  # after the period
    v_xf = visit(b_xf, dt.date(2026, 8, 20), 8, w.cadre_b)

    PlannedVisitFactory(assignment=a_gmd, date=dt.date(2026, 9, 8), visit=v_gmd, created_by=w.leader_a)
    PlannedVisitFactory(assignment=a_jg, date=dt.date(2026, 9, 9), created_by=w.leader_a)
    PlannedVisitFactory(assignment=a_jg, date=dt.date(2026, 9, 1), is_cancelled=True, created_by=w.leader_a)

    RecruitmentFactory(visit=v_gmd, group=worker_group("快递员"), count=4)
    RecruitmentFactory(visit=v_gmd, group=worker_group("保安员"), count=2)
    RecruitmentFactory(visit=v_xf, group=worker_group("快递员"), count=3)

    _issue(
        a_gmd,
        "T1",
        w.cadre_a,
        received_at=at(8, 3),
        response_due=at(8, 4),
        resolution_due=at(8, 12),
        status="closed",
        responded_at=at(8, 3, 11),
        closed_at=at(8, 5),
        closing_kind="solved",
        satisfaction="satisfied",
        satisfaction_at=at(8, 6),
    )
    _issue(
        a_gmd,
        "T2",
        w.cadre_a,
        category="insurance",
        source="12345",
        hotline_number="H2",
        status="processing",
        escalation_step=2,
        received_at=at(8, 10),
        response_due=at(8, 11),
        responded_at=at(8, 10, 15),
        resolution_due=at(8, 20),
    )
    _issue(
        a_jg,
        "T3",
        w.cadre_a,
        source="12351",
        hotline_number="H3",
        received_at=at(8, 12),
        response_due=at(8, 13),
        resolution_due=at(8, 22),
    )
    _issue(
        b_xf,
        "T4",
        w.cadre_b,
        category="dispute",
        status="processing",
        escalation_step=3,
        received_at=at(8, 5),
        response_due=at(8, 6),
        responded_at=at(8, 5, 15),
        resolution_due=at(8, 25),
    )
    _issue(
        b_xf,
        "T5",
        w.cadre_b,
        category="hardship",
        source="12345",
        hotline_number="H5",
        received_at=at(8, 6),
        response_due=at(8, 7),
        status="closed",
        responded_at=at(8, 8),
        resolution_due=at(8, 20),
        closed_at=at(8, 15),
        closing_kind="explained",
        escalation_step=4,
        satisfaction="unsatisfied",
        satisfaction_at=at(8, 16),
    )
    _issue(
        a_gmd,
        "T6",
        w.cadre_a,
        category="other",
        received_at=at(9, 20),
        response_due=at(9, 21),
        resolution_due=at(9, 30),
    )

    def enterprise(name, unit, status, **kw):
        return EnterpriseFactory(name=name, unit=unit, union_status=status, **kw)

    enterprise("甲公司", w.unit_a, "none")
    enterprise("乙公司", w.unit_a, "contacted", is_new_form=True)
    e3 = enterprise("丙公司", w.unit_b, "promised", is_eight_group=True, eight_group=worker_group("快递员"))
    e4 = enterprise("丁公司", w.unit_a, "promised", is_new_form=True)
    e5 = enterprise("戊公司", w.unit_b, "preparing")
    enterprise("己公司", w.unit_a, "established", is_new_form=True)

    def change(e, frm, to, day):
        EnterpriseStatusChange.objects.create(
            enterprise=e, from_status=frm, to_status=to, changed_on=day, changed_by=w.office_staff
        )

    change(e3, "contacted", "promised", dt.date(2026, 8, 1))
    change(e4, "contacted", "promised", dt.date(2026, 8, 15))
    change(e5, "contacted", "promised", dt.date(2026, 7, 20))
    change(e5, "promised", "preparing", dt.date(2026, 8, 10))
    return w
