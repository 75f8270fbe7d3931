"""The /ledger/ page: who may export, direct download, background jobs and their files."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.exports import cleanup_exports, run_export_job
from ledger.models import ExportJob
from notifications.models import Notification
from tests.ledger.helpers import column, load

INDEX = reverse("ledger:index")


def _post(client, user, **data):
    client.force_login(user)
    payload = {"campaign": data.pop("campaign"), "sheets": data.pop("sheets", ["visits", "issues", "coverage"])}
    payload.update(data)
    return client.post(INDEX, payload)


def _content(response):
    return b"".join(response.streaming_content)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ["cadre_a", "loner"])
def test_cadres_and_users_without_team_are_refused(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(INDEX).status_code == 403
    assert client.post(INDEX, {"campaign": world.campaign.pk, "sheets": ["visits"]}).status_code == 403


@pytest.mark.parametrize("role", ["leader_a", "leadership", "office_staff", "admin"])
def test_page_opens_for_exporting_roles(client, world, role):
    client.force_login(getattr(world, role))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "导出 Excel 台账" in response.content.decode()


def test_leader_sees_only_own_team_to_choose(client, world):
    client.force_login(world.leader_a)
    page = client.get(INDEX).content.decode()
    assert "第一蹲点小组" in page
    assert "第二蹲点小组" not in page
    assert "导入企业名录" not in page


def test_small_export_downloads_at_once(client, ledger):
    response = _post(client, ledger.office_staff, campaign=ledger.campaign.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load(_content(response))
    assert wb.sheetnames == ["走访台账", "职工诉求台账", "覆盖情况汇总"]
    assert ExportJob.objects.count() == 0


def test_leader_download_holds_only_own_team(client, ledger):
    response = _post(client, ledger.leader_a, campaign=ledger.campaign.pk)
    wb = load(_content(response))
    assert {c.value for c in column(wb["职工诉求台账"], "责任小组")} == {"第一蹲点小组"}


def test_leader_cannot_choose_another_team(client, ledger):
    response = _post(client, ledger.leader_a, campaign=ledger.campaign.pk, teams=[ledger.team_b.pk])
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "未导出" in response.content.decode()


def test_unit_outside_the_chosen_team_is_refused(client, ledger):
    response = _post(
        client, ledger.office_staff, campaign=ledger.campaign.pk, teams=[ledger.team_a.pk], units=[ledger.unit_b.pk]
    )
    assert "这些单位不由所选小组负责：兴丰街道" in response.content.decode()


def test_reversed_period_keeps_the_form(client, ledger):
    response = _post(
        client, ledger.office_staff, campaign=ledger.campaign.pk, date_from="2026-09-01", date_to="2026-08-01"
    )
    page = response.content.decode()
    assert "截止日期不能早于起始日期" in page
    assert 'value="2026-09-01"' in page


def test_no_sheet_chosen_is_explained(client, ledger):
    client.force_login(ledger.office_staff)
    response = client.post(INDEX, {"campaign": ledger.campaign.pk})
    assert "请至少选择一张表" in response.content.decode()


# -- background jobs -------------------------------------------------------------------


@pytest.fixture
def big(settings, ledger):
    settings.EXPORT_ASYNC_THRESHOLD_ROWS = 2
    return ledger


def _start_job(client, django_capture_on_commit_callbacks, user, world, execute=True):
    with django_capture_on_commit_callbacks(execute=execute):
        response = _post(client, user, campaign=world.campaign.pk)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ledger:job_detail", args=[job.pk])
    return job


def test_big_export_runs_in_background_and_notifies(client, big, django_capture_on_commit_callbacks, settings):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.progress == 100
    assert job.file.name.startswith("private/exports/")
    assert (settings.MEDIA_ROOT / job.file.name).exists()
    notice = Notification.objects.get(recipient=big.leader_a)
    assert notice.kind == "export_ready"
    assert notice.url == reverse("ledger:job_detail", args=[job.pk])


def test_job_page_shows_progress_then_download(client, big, django_capture_on_commit_callbacks):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big, execute=False)
    page = client.get(reverse("ledger:job_detail", args=[job.pk])).content.decode()
    assert "排队中" in page and 'hx-trigger="every 2s"' in page
    run_export_job(job.pk, job.attempt)
    partial = client.get(reverse("ledger:job_detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "下载 Excel" in partial and "every 2s" not in partial


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("leader_a", 200),
        ("office_staff", 200),
        ("admin", 200),
        ("leadership", 404),
        ("leader_b", 404),
        ("cadre_a", 404),
    ],
)
def test_only_requester_and_office_staff_download_the_file(
    client, big, django_capture_on_commit_callbacks, role, status
):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big)
    client.force_login(getattr(big, role))
    response = client.get(reverse("ledger:job_download", args=[job.pk]))
    assert response.status_code == status
    if status == 200:
        wb = load(_content(response))
        assert "走访台账" in wb.sheetnames
    assert client.get(reverse("ledger:job_detail", args=[job.pk])).status_code == status


def test_file_is_not_under_a_public_url(client, big, django_capture_on_commit_callbacks):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big)
    client.logout()
    assert client.get("/media/" + job.file.name).status_code == 404
    assert client.get(reverse("ledger:job_download", args=[job.pk])).status_code == 302


def test_unfinished_job_has_nothing_to_download(client, big, django_capture_on_commit_callbacks):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big, execute=False)
    assert client.get(reverse("ledger:job_download", args=[job.pk])).status_code == 404


def test_killed_worker_leaves_job_failed_and_it_can_run_again(client, big, django_capture_on_commit_callbacks):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big, execute=False)
    # The worker claimed the job, then died: no more heartbeats.
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(hours=2)
    )
    page = client.get(reverse("ledger:job_detail", args=[job.pk])).content.decode()
    assert "导出中断" in page and "重新导出" in page
    assert client.get(reverse("ledger:job_download", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ledger:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ExportJob.Status.DONE, 2)
    # The dead worker's task, redelivered later, finds its attempt superseded and does nothing.
    assert run_export_job(job.pk, 1) == "skipped"


def test_a_done_job_cannot_be_restarted(client, big, django_capture_on_commit_callbacks):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big)
    client.post(reverse("ledger:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.attempt == 1


def test_failed_export_records_the_error(big, monkeypatch, django_capture_on_commit_callbacks, client):
    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big, execute=False)

    def boom(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("ledger.exports.write_ledger", boom)
    assert run_export_job(job.pk, job.attempt) == "failed"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "导出失败：生成文件时出错，请重新导出；如仍失败请联系管理员。"
    assert not job.file


def test_requester_who_lost_the_right_gets_a_chinese_reason(big, client, django_capture_on_commit_callbacks):
    from campaigns.models import TeamMembership

    job = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big, execute=False)
    TeamMembership.objects.filter(user=big.leader_a).update(role="member")
    assert run_export_job(job.pk, job.attempt) == "failed"
    job.refresh_from_db()
    assert job.error == "导出失败：只有工作人员、领导和组长可以导出台账。"


def test_cleanup_removes_old_files_and_keeps_new_ones(big, client, django_capture_on_commit_callbacks, settings):
    old = _start_job(client, django_capture_on_commit_callbacks, big.leader_a, big)
    old.refresh_from_db()
    path = settings.MEDIA_ROOT / old.file.name
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, big.leader_a, campaign=big.campaign.pk)
    result = cleanup_exports()
    assert result["deleted"] == 1
    assert not path.exists()
    assert ExportJob.objects.count() == 1
    assert (settings.MEDIA_ROOT / ExportJob.objects.get().file.name).exists()


def test_cleanup_is_scheduled_daily(db):
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Run the data migration's function again: a transactional test elsewhere may have flushed its row.
    migration = importlib.import_module("ledger.migrations.0002_cleanup_schedule")
    migration.add_schedule(apps, None)
    migration.add_schedule(apps, None)  # idempotent
    task = PeriodicTask.objects.get(task="ledger.cleanup_exports")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("3", "30")


def test_page_query_count_does_not_grow_with_jobs(client, big, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_page():
        client.force_login(big.office_staff)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(INDEX).status_code == 200
        return len(ctx.captured_queries)

    with django_capture_on_commit_callbacks(execute=False):
        _post(client, big.office_staff, campaign=big.campaign.pk)
    one_job = queries_for_page()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=False):
            _post(client, big.office_staff, campaign=big.campaign.pk)
    assert queries_for_page() == one_job


def test_teams_of_the_chosen_campaign_only(client, world):
    from tests.factories import CampaignFactory, WorkTeamFactory

    other = CampaignFactory(name="2025年蹲点活动")
    WorkTeamFactory(campaign=other, name="往年小组")
    client.force_login(world.office_staff)
    page = client.get(INDEX, {"campaign": world.campaign.pk}).content.decode()
    assert "第一蹲点小组" in page and "往年小组" not in page
    page = client.get(INDEX, {"campaign": other.pk}).content.decode()
    assert "往年小组" in page and "第一蹲点小组" not in page


def test_team_of_another_campaign_is_refused(client, world):
    from tests.factories import CampaignFactory, WorkTeamFactory

    old_team = WorkTeamFactory(campaign=CampaignFactory(name="2025年蹲点活动"), name="往年小组")
    response = _post(client, world.office_staff, campaign=world.campaign.pk, teams=[old_team.pk])
    assert "Content-Disposition" not in response
    assert "未导出" in response.content.decode()


def test_cleanup_removes_leftover_partial_and_pending_files(db, settings):
    import os
    import time

    old = time.time() - 3 * 24 * 3600
    partial = settings.MEDIA_ROOT / "private/exports/2026/11/.partial-abc.xlsx"
    pending = settings.MEDIA_ROOT / "private/imports/pending/abc.xlsx"
    fresh = settings.MEDIA_ROOT / "private/imports/pending/new.xlsx"
    for f in (partial, pending, fresh):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x")
    for f in (partial, pending):
        os.utime(f, (old, old))
    assert cleanup_exports()["partial"] == 2
    assert not partial.exists() and not pending.exists() and fresh.exists()


def test_choices_are_check_boxes_not_a_ctrl_multi_select(client, world):
    client.force_login(world.office_staff)
    page = client.get(INDEX).content.decode()
    form = page.split('id="export-form"')[1].split("</form>")[0]
    assert "按住 Ctrl 可多选" not in page
    assert " multiple" not in form
    for unit in world.campaign.assignments.select_related("unit"):
        assert f'type="checkbox" name="units" value="{unit.unit_id}"' in page
    assert f'type="checkbox" name="teams" value="{world.team_a.pk}"' in page
    assert 'type="checkbox" name="sheets" value="visits"' in page
