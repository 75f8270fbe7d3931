"""Imports go through the service layer (issue 10): no overwriting a ticket another team handles, dated status steps."""

import pytest
from django.utils import timezone

from campaigns.models import Enterprise, EnterpriseStatusChange
from issues import workflow
from issues.models import IssueAction, WorkerIssue
from ledger.models import ImportRecord
from tests.factories import valid_credit_code
from tests.ledger.test_imports import TICKET_HEADERS, enterprise, ticket, upload, xlsx

Kind = IssueAction.Kind


@pytest.fixture
def handled_by_b(client, world):
    """A hotline ticket imported to team A, then transferred to team B, which accepted it."""
    upload(client, world.office_staff, "tickets", xlsx([ticket()], TICKET_HEADERS), campaign=world.campaign.pk)
    issue = WorkerIssue.objects.get()
    issue = workflow.perform(
        issue.pk, world.office_staff, Kind.TRANSFER, version=issue.version, team=world.team_b, unit=world.unit_b
    )
    return workflow.perform(issue.pk, world.leader_b, Kind.ACCEPT, version=issue.version, handler=world.cadre_b)


def test_reimport_does_not_move_a_ticket_another_team_handles(client, world, handled_by_b):
    before = (handled_by_b.version, handled_by_b.actions.count())
    upload(
        client, world.office_staff, "tickets", xlsx([ticket(诉求摘要="改了")], TICKET_HEADERS),
        campaign=world.campaign.pk,
    )  # fmt: skip
    fresh = WorkerIssue.objects.get()
    assert (fresh.team, fresh.unit, fresh.handler, fresh.title) == (
        world.team_b,
        world.unit_b,
        world.cadre_b,
        "拖欠工资",
    )
    assert (fresh.version, fresh.actions.count()) == before
    messages = [e["message"] for e in ImportRecord.objects.order_by("-pk").first().errors]
    assert any(m.startswith("该工单已由第二蹲点小组办理，导入未改动其小组") for m in messages)


def test_reimport_update_bumps_version_and_writes_one_entry(client, world):
    upload(client, world.office_staff, "tickets", xlsx([ticket()], TICKET_HEADERS), campaign=world.campaign.pk)
    issue = WorkerIssue.objects.get()
    upload(
        client, world.office_staff, "tickets", xlsx([ticket(诉求摘要="拖欠三个月工资")], TICKET_HEADERS),
        campaign=world.campaign.pk,
    )  # fmt: skip
    fresh = WorkerIssue.objects.get()
    assert fresh.version == issue.version + 1
    edits = fresh.actions.filter(kind=Kind.EDIT)
    assert [e.note for e in edits] == ["Excel 导入；更新了：诉求摘要"]


def test_reimport_of_an_unhandled_ticket_follows_its_unit_to_the_other_team(client, world):
    upload(client, world.office_staff, "tickets", xlsx([ticket()], TICKET_HEADERS), campaign=world.campaign.pk)
    upload(
        client, world.office_staff, "tickets", xlsx([ticket(unit="兴丰街道")], TICKET_HEADERS),
        campaign=world.campaign.pk,
    )  # fmt: skip
    fresh = WorkerIssue.objects.get()
    assert (fresh.team, fresh.unit, fresh.assignment) == (world.team_b, world.unit_b, world.assignment_b)
    assert "第一蹲点小组 → 第二蹲点小组" in fresh.actions.last().note


def test_enterprise_import_as_established_writes_the_dated_step(client, world):
    code = valid_credit_code()
    upload(client, world.office_staff, "enterprises", xlsx([enterprise(code=code, 建会状态="已建会")]))
    created = Enterprise.objects.get(credit_code=code)
    steps = list(EnterpriseStatusChange.objects.filter(enterprise=created).values_list("from_status", "to_status"))
    assert steps == [("none", "established")]
    assert created.union_status_date == timezone.localdate()
