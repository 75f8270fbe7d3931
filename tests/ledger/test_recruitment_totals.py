"""入会台账 closes with 八大群体, 全部 and the members who joined when a union was founded."""

import datetime as dt

from campaigns.models import WorkerGroup
from campaigns.services import change_union_status
from ledger.sheets import SHEET_NAMES
from tests.factories import EnterpriseFactory
from tests.factories.visits import RecruitmentFactory, VisitFactory

from .helpers import export_to


def test_the_recruitment_sheet_shows_eight_groups_all_and_founding(world, tmp_path):
    visit = VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 3))
    RecruitmentFactory(visit=visit, group=WorkerGroup.objects.get(name="快递员"), count=3)
    RecruitmentFactory(visit=visit, group=WorkerGroup.objects.get(name="环卫工人"), count=4)
    enterprise = EnterpriseFactory(unit=world.unit_a)
    change_union_status(enterprise, "established", by=world.office_staff, on=dt.date(2026, 9, 1), members_joined=55)

    book = export_to(tmp_path / "r.xlsx", world.office_staff, campaign_id=world.campaign.pk, sheets=["recruitment"])

    totals = {r[5].value: r[6].value for r in book[SHEET_NAMES["recruitment"]].iter_rows(min_row=3) if not r[0].value}
    assert totals == {
        "合计（八大群体）": 3,
        "合计（全部群体）": 7,
        "建会时入会": 55,
        "总计（走访入会＋建会时入会）": 62,
    }


def test_the_status_page_records_members_at_founding(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    client.force_login(world.office_staff)

    response = client.post(
        f"/enterprises/{enterprise.pk}/status/",
        {"to_status": "established", "changed_on": "2026-09-01", "members_joined": "55"},
    )

    assert response.status_code == 302
    assert enterprise.status_changes.get().members_joined == 55
    assert "建会时入会 55 人" in client.get(f"/enterprises/{enterprise.pk}/").content.decode()
