"""Transfers and the ladder over HTTP (issue 10): bad input gets a Chinese message and writes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from issues import workflow
from issues.models import IssueAction, WorkerIssue
from tests.factories import WorkTeamFactory
from tests.issues.pages import act, edit_data, login

Kind = IssueAction.Kind


def _accepted(world, issue):
    return workflow.perform(issue.pk, world.leader_a, Kind.ACCEPT, version=issue.version)


def test_escalation_without_reason_keeps_the_input_and_writes_nothing(client, world, issue_a):
    issue = _accepted(world, issue_a)
    response = act(login(client, world.leader_a), issue, kind="escalate", escalated_to="区人社局", to_step=3)
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写上报原因。" in html
    assert 'value="区人社局"' in html
    fresh = WorkerIssue.objects.get(pk=issue.pk)
    assert (fresh.escalation_step, fresh.version, fresh.actions.count()) == (1, issue.version, 2)


def test_transfer_to_a_team_without_units_is_refused_on_the_page(client, world, issue_a):
    issue = _accepted(world, issue_a)
    idle = WorkTeamFactory(campaign=world.campaign, name="第三蹲点小组")
    response = act(login(client, world.office_staff), issue, kind="transfer", team=idle.pk)
    assert response.status_code == 400
    assert "第三蹲点小组在本次活动中没有负责的蹲点单位，不能转交。" in response.content.decode()
    assert WorkerIssue.objects.get(pk=issue.pk).team == world.team_a


def test_transfer_on_the_page(client, world, issue_a):
    issue = _accepted(world, issue_a)
    response = act(
        login(client, world.office_staff), issue, kind="transfer", team=world.team_b.pk, unit=world.unit_b.pk
    )
    assert response.status_code == 302
    fresh = WorkerIssue.objects.get(pk=issue.pk)
    assert (fresh.team, fresh.unit, fresh.handler) == (world.team_b, world.unit_b, world.leader_b)


def test_reply_with_a_written_reply_on_the_page(client, world, issue_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    issue = workflow.perform(
        issue_a.pk, world.leader_a, Kind.ESCALATE, version=0, note="企业拒绝", escalated_to="属地党委政府"
    )
    upload = SimpleUploadedFile("reply.pdf", b"%PDF-1.4", content_type="application/pdf")
    today = timezone.localdate().isoformat()
    response = act(
        login(client, world.leader_a), issue, kind="reply", note="已约谈企业", reply_on=today, follow_up_on=today,
        attachment=upload,
    )  # fmt: skip
    assert response.status_code == 302
    entry = WorkerIssue.objects.get(pk=issue.pk).actions.last()
    assert (entry.kind, entry.attachment_name) == (Kind.REPLY, "reply.pdf")
    page = client.get(f"/issues/{issue.pk}/").content.decode()
    assert f"/issues/replies/{entry.pk}/" in page
    assert "已约谈企业" in page


def test_reply_with_a_script_file_is_refused(client, world, issue_a):
    issue = workflow.perform(
        issue_a.pk, world.leader_a, Kind.ESCALATE, version=0, note="企业拒绝", escalated_to="属地党委政府"
    )
    upload = SimpleUploadedFile("reply.php", b"<?php", content_type="text/plain")
    response = act(
        login(client, world.leader_a), issue, kind="reply", note="x", reply_on=timezone.localdate().isoformat(),
        attachment=upload,
    )  # fmt: skip
    assert response.status_code == 400
    assert "书面答复请上传 PDF、JPG、PNG 或 Word 文件。" in response.content.decode()
    assert not IssueAction.objects.filter(kind=Kind.REPLY).exists()


def test_edit_page_writes_one_entry_through_the_service(client, world, issue_a):
    response = login(client, world.cadre_a).post(f"/issues/{issue_a.pk}/edit/", edit_data(issue_a, title="欠薪三月"))
    assert response.status_code == 302
    fresh = WorkerIssue.objects.get(pk=issue_a.pk)
    assert fresh.actions.last().kind == Kind.EDIT
    assert (fresh.version, fresh.actions.count()) == (1, 2)


def test_edit_page_saving_nothing_changed_writes_nothing(client, world, issue_a):
    login(client, world.cadre_a).post(f"/issues/{issue_a.pk}/edit/", edit_data(issue_a))
    fresh = WorkerIssue.objects.get(pk=issue_a.pk)
    assert (fresh.version, fresh.actions.count()) == (0, 1)
