"""The access log: one entry per page or file that shows workers unmasked, none for masked displays."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from privacy.models import PersonalDataAccess
from privacy.services import purge_access_log
from tests.issues.pages import login

Kind = PersonalDataAccess.Kind


def _entries():
    return list(PersonalDataAccess.objects.order_by("id").values("actor", "kind", "where", "tickets", "ticket_count"))


def test_detail_shown_unmasked_is_logged(client, world, issue_a):
    url = reverse("issues:detail", args=[issue_a.pk])
    login(client, world.cadre_a).get(url)
    assert _entries() == [
        {"actor": "cadre_a", "kind": Kind.PAGE, "where": url, "tickets": [issue_a.code], "ticket_count": 1}
    ]


def test_detail_shown_masked_is_not_logged(client, world, issue_a, other_cadre_a):
    html = login(client, other_cadre_a).get(reverse("issues:detail", args=[issue_a.pk])).content.decode()
    assert "138****5678" in html
    assert _entries() == []


def test_ticket_without_personal_data_is_not_logged(client, world, make_issue):
    issue = make_issue(worker_name="", worker_phone="", worker_id_number="")
    login(client, world.cadre_a).get(reverse("issues:detail", args=[issue.pk]))
    assert _entries() == []


def test_edit_form_is_logged(client, world, issue_a):
    url = reverse("issues:edit", args=[issue_a.pk])
    login(client, world.cadre_a).get(url)
    assert [(e["kind"], e["where"], e["tickets"]) for e in _entries()] == [(Kind.PAGE, url, [issue_a.code])]


def test_list_page_is_one_entry_for_the_unmasked_rows_only(client, world, make_issue, other_cadre_a):
    mine = make_issue(created_by=other_cadre_a, title="自己登记的")
    make_issue()  # recorded by cadre_a: masked to other_cadre_a
    login(client, other_cadre_a).get(reverse("issues:list"), {"view": "open"})
    assert [(e["where"], e["tickets"]) for e in _entries()] == [("/issues/?view=open", [mine.code])]


def test_list_page_showing_only_masked_rows_is_not_logged(client, world, issue_a, other_cadre_a):
    login(client, other_cadre_a).get(reverse("issues:list"))
    assert _entries() == []


def test_list_page_for_staff_lists_every_ticket_once(client, world, issue_a, make_issue):
    other = make_issue(team=world.team_b, unit=world.unit_b, created_by=world.cadre_b)
    login(client, world.office_staff).get(reverse("issues:list"))
    assert [sorted(e["tickets"]) for e in _entries()] == [sorted([issue_a.code, other.code])]


def test_admin_change_page_and_list_are_logged(client, world, issue_a):
    client = login(client, world.admin)
    client.get(reverse("admin:issues_workerissue_change", args=[issue_a.pk]))
    client.get(reverse("admin:issues_workerissue_changelist"))
    client.get(reverse("admin:issues_workerissue_history", args=[issue_a.pk]))
    assert [(e["kind"], e["tickets"]) for e in _entries()] == [(Kind.ADMIN, [issue_a.code])] * 3


def _export(client, user, sheets):
    response = login(client, user).post(reverse("ledger:index"), {"campaign": user.campaign_pk, "sheets": sheets})
    b"".join(response.streaming_content)
    return response


@pytest.fixture
def campaign_pk(world):
    world.office_staff.campaign_pk = world.campaign.pk
    return world.campaign.pk


def test_export_with_personal_data_is_one_entry_per_file(client, world, issue_a, make_issue, campaign_pk):
    other = make_issue(title="另一件")
    response = _export(client, world.office_staff, ["issues", "visits"])
    assert response.status_code == 200
    [entry] = _entries()
    assert entry["kind"] == Kind.EXPORT
    assert entry["where"].endswith(".xlsx")
    assert sorted(entry["tickets"]) == sorted([issue_a.code, other.code])


def test_export_without_the_tickets_sheet_is_not_logged(client, world, issue_a, campaign_pk):
    _export(client, world.office_staff, ["visits"])
    assert _entries() == []


def test_background_export_is_logged_for_its_requester(
    client, world, issue_a, campaign_pk, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_THRESHOLD_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, world.leader_a).post(
            reverse("ledger:index"), {"campaign": campaign_pk, "sheets": ["issues"]}
        )
    assert response.status_code == 302
    assert [(e["actor"], e["kind"], e["tickets"]) for e in _entries()] == [("leader_a", Kind.EXPORT, [issue_a.code])]


def test_export_command_is_logged(world, issue_a, tmp_path):
    out = tmp_path / "ledger.xlsx"
    call_command("export_ledger", "--campaign", str(world.campaign.pk), "--out", str(out))
    assert [(e["actor"], e["where"], e["tickets"]) for e in _entries()] == [("export_ledger", str(out), [issue_a.code])]


# --- the page and the retention period --------------------------------------------------


def test_office_staff_read_the_log(client, world, issue_a):
    login(client, world.cadre_a).get(reverse("issues:detail", args=[issue_a.pk]))
    html = login(client, world.office_staff).get(reverse("privacy:access_log")).content.decode()
    assert issue_a.code in html
    assert "cadre_a" in html
    assert "共 1 条记录" in html


@pytest.mark.parametrize("role", ["cadre_a", "leader_a", "leadership", "loner"])
def test_nobody_else_reads_the_log(client, world, role):
    assert login(client, getattr(world, role)).get(reverse("privacy:access_log")).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(reverse("privacy:access_log")).status_code == 302


def test_log_filters_by_user_ticket_and_date(client, world, issue_a, make_issue):
    other = make_issue(title="另一件")
    login(client, world.cadre_a).get(reverse("issues:detail", args=[issue_a.pk]))
    login(client, world.leader_a).get(reverse("issues:detail", args=[other.pk]))
    client = login(client, world.office_staff)
    url = reverse("privacy:access_log")
    assert "共 1 条记录" in client.get(url, {"q": "leader_a"}).content.decode()
    assert "共 1 条记录" in client.get(url, {"q": issue_a.code}).content.decode()
    today = timezone.localdate()
    assert "共 0 条记录" in client.get(url, {"end": f"{today - dt.timedelta(days=1):%Y-%m-%d}"}).content.decode()
    assert client.get(url, {"start": "0001-01-01", "end": "9999-12-31"}).status_code == 200


def test_log_page_queries_do_not_grow(client, world, make_issue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        staff = login(client, world.office_staff)
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(reverse("privacy:access_log")).status_code == 200
        return len(captured)

    for n in range(5):
        issue = make_issue(title=f"第{n}件")
        login(client, world.cadre_a if n % 2 else world.leader_a).get(reverse("issues:detail", args=[issue.pk]))
        if n == 0:
            first = queries()
    assert queries() == first


def test_entries_past_the_retention_period_are_purged(world, issue_a, client, settings):
    settings.PERSONAL_DATA_ACCESS_LOG_DAYS = 30
    login(client, world.cadre_a).get(reverse("issues:detail", args=[issue_a.pk]))
    login(client, world.leader_a).get(reverse("issues:detail", args=[issue_a.pk]))
    old = PersonalDataAccess.objects.get(actor="cadre_a")
    PersonalDataAccess.objects.filter(pk=old.pk).update(accessed_at=timezone.now() - dt.timedelta(days=31))
    assert purge_access_log() == 1
    assert [e["actor"] for e in _entries()] == ["leader_a"]
    assert purge_access_log() == 0


def test_purge_command_and_task(world, issue_a, client, settings):
    from privacy.tasks import purge_access_log_task

    settings.PERSONAL_DATA_ACCESS_LOG_DAYS = 1
    login(client, world.cadre_a).get(reverse("issues:detail", args=[issue_a.pk]))
    PersonalDataAccess.objects.update(accessed_at=timezone.now() - dt.timedelta(days=2))
    assert purge_access_log_task.delay().get() == 1
    call_command("purge_access_log", stdout=io.StringIO())
    assert _entries() == []
