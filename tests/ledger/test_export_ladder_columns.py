"""The ticket sheet shows the ladder (issue 10): 上报至 (body and step), 答复, 跟进日期, 来源走访."""

import datetime as dt

from django.utils import timezone

from issues import workflow
from issues.models import IssueAction
from issues.services import open_issue
from tests.factories import VisitFactory
from tests.ledger.helpers import column, export_to

Kind = IssueAction.Kind


def test_ticket_sheet_has_body_step_reply_follow_up_and_visit(world, tmp_path):
    visit = VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 3), kind="care", created_by=world.cadre_a)
    issue = open_issue(
        created_by=world.cadre_a, source="field", category="wages", team=world.team_a, unit=world.unit_a,
        campaign=world.campaign, title="拖欠提成", description="站点拖欠提成", visit=visit,
    )  # fmt: skip
    issue = workflow.perform(
        issue.pk, world.leader_a, Kind.ESCALATE, version=issue.version, to_step=3, note="涉及多部门",
        escalated_to="区人社局",
    )  # fmt: skip
    today = timezone.localdate()
    workflow.perform(
        issue.pk, world.leader_a, Kind.REPLY, version=issue.version, note="已立案调查",
        reply_on=today, follow_up_on=today + dt.timedelta(days=5),
    )  # fmt: skip
    wb = export_to(tmp_path / "l.xlsx", world.office_staff, campaign_id=world.campaign.pk)
    sheet = wb["职工诉求台账"]
    assert column(sheet, "上报至")[0].value == "第3级 多方协调：区人社局"
    assert column(sheet, "答复")[0].value == f"{today:%Y-%m-%d} 已立案调查"
    assert column(sheet, "跟进日期")[0].value.date() == today + dt.timedelta(days=5)
    assert column(sheet, "来源走访")[0].value == "2026-08-03 慰问（高米店街道）"
