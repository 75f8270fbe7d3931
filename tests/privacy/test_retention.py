"""Retention: workers of tickets closed more than N years ago are masked for good, history rows included."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from issues.models import WorkerIssue
from issues.retention import mask_expired_personal_data
from issues.tasks import mask_expired_personal_data_task
from tests.issues.pages import login

from .conftest import ID_NUMBER, PHONE

MASKED = ("张*", "138****5678", "110***********002X")


def _close(issue, years_ago, days=0):
    closed = timezone.now() - dt.timedelta(days=365 * years_ago + days)
    WorkerIssue.objects.filter(pk=issue.pk).update(status="closed", closing_kind="solved", closed_at=closed)


def _person(issue):
    issue = WorkerIssue.objects.get(pk=issue.pk)
    return issue.worker_name, issue.worker_phone, issue.worker_id_number


@pytest.fixture
def old_and_recent(world, make_issue, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 3
    old, recent, still_open = make_issue(), make_issue(title="近期"), make_issue(title="未办结")
    old.worker_name = "张三丰"  # a change, so the ticket has two history rows
    old.save()
    _close(old, 3, days=2)
    _close(recent, 2)
    return old, recent, still_open


def test_only_tickets_closed_more_than_n_years_ago_are_masked(old_and_recent):
    old, recent, still_open = old_and_recent
    assert mask_expired_personal_data() == 1
    assert _person(old) == ("张**", "138****5678", "110***********002X")
    assert _person(recent) == ("张三", PHONE, ID_NUMBER)
    assert _person(still_open) == ("张三", PHONE, ID_NUMBER)


def test_history_rows_are_masked_too(old_and_recent):
    old = old_and_recent[0]
    mask_expired_personal_data()
    rows = list(old.history.values_list("worker_name", "worker_phone", "worker_id_number"))
    assert len(rows) == 2
    assert {r[1:] for r in rows} == {MASKED[1:]}
    assert {r[0] for r in rows} == {"张*", "张**"}


def test_masked_worker_is_no_longer_found(client, world, old_and_recent):
    mask_expired_personal_data()
    html = login(client, world.office_staff).get(reverse("issues:list"), {"q": PHONE}).content.decode()
    assert "共 2 件诉求" in html  # the recent and the open ticket; not the masked one
    assert not WorkerIssue.objects.filter(pk=old_and_recent[0].pk).with_phone(PHONE).exists()


def test_masking_is_idempotent(old_and_recent):
    assert mask_expired_personal_data() == 1
    masked_at = WorkerIssue.objects.get(pk=old_and_recent[0].pk).personal_data_masked_at
    assert mask_expired_personal_data() == 0
    assert mask_expired_personal_data_task.delay().get() == 0
    assert WorkerIssue.objects.get(pk=old_and_recent[0].pk).personal_data_masked_at == masked_at


def test_command_with_years_and_dry_run(old_and_recent):
    out = io.StringIO()
    call_command("mask_expired_personal_data", "--years", "1", "--dry-run", stdout=out)
    assert "2 件" in out.getvalue()
    assert _person(old_and_recent[1]) == ("张三", PHONE, ID_NUMBER)
    call_command("mask_expired_personal_data", "--years", "1", stdout=out)
    assert _person(old_and_recent[1]) == MASKED
    with pytest.raises(CommandError):
        call_command("mask_expired_personal_data", "--years", "0", stdout=out)


def test_task_masks_by_the_setting(old_and_recent):
    assert mask_expired_personal_data_task.delay().get() == 1
    assert _person(old_and_recent[0])[1] == MASKED[1]
