"""GET /api/v1/tickets/{code} and the list by updated_since: the timeline, masking, and who sees what."""

import datetime as dt

from django.utils import timezone

from issues import workflow
from issues.models import IssueAction
from privacy.models import PersonalDataAccess

from .conftest import call, make_client

Kind = IssueAction.Kind
URL = "/api/v1/tickets/"


def _escalate_and_close(world, issue):
    issue = workflow.perform(issue.pk, world.leader_a, Kind.ACCEPT, version=issue.version)
    issue = workflow.perform(
        issue.pk,
        world.leader_a,
        Kind.ESCALATE,
        version=issue.version,
        note="企业拒不支付",
        escalated_to="高米店街道办事处",
    )
    issue = workflow.perform(issue.pk, world.office_staff, Kind.RESOLVE, version=issue.version, note="已补发工资")
    return workflow.perform(
        issue.pk, world.office_staff, Kind.SATISFACTION, version=issue.version, satisfaction="satisfied"
    )


def test_the_status_shows_the_timeline_escalation_closing_and_satisfaction(world, api, hotline, hotline_ticket):
    _, token = hotline
    _escalate_and_close(world, hotline_ticket)

    body = call(api, "GET", URL + hotline_ticket.code, token).json()

    assert [a["kind"] for a in body["timeline"]] == ["create", "accept", "escalate", "resolve", "satisfaction"]
    escalation = body["timeline"][2]
    assert (escalation["from_step"], escalation["to_step"], escalation["escalated_to"]) == (1, 2, "高米店街道办事处")
    assert (body["status"], body["escalation_step"], body["escalated_to"]) == ("closed", 2, "高米店街道办事处")
    assert (body["closing_kind"], body["satisfaction"]) == ("solved", "satisfied")


def test_a_masked_token_sees_masked_workers_and_no_free_text(world, api, hotline, hotline_ticket):
    _, token = hotline

    body = call(api, "GET", URL + hotline_ticket.code, token).json()

    assert body["worker"] == {"name": "张*", "phone": "138****5678", "id_number": "110***********002X"}
    assert body["description"] is None
    assert all(a["note"] is None for a in body["timeline"])
    assert PersonalDataAccess.objects.count() == 0


def test_the_personal_data_scope_sees_the_worker_and_is_logged(world, api, hotline_private, hotline_ticket):
    client, token = hotline_private

    body = call(api, "GET", URL + hotline_ticket.code, token).json()

    assert body["worker"] == {"name": "张三", "phone": "13812345678", "id_number": "11010519491231002X"}
    assert body["personal_data_masked"] is False
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.kind, entry.tickets) == (client.account, "api", [hotline_ticket.code])


def test_the_unmasked_list_is_logged_with_every_ticket_shown(world, api, hotline_private, hotline_ticket):
    _, token = hotline_private

    call(api, "GET", URL, token)

    assert PersonalDataAccess.objects.get().tickets == [hotline_ticket.code]


def test_a_client_sees_only_tickets_of_its_source(world, api, hotline, hotline_ticket, field_ticket):
    _, token = hotline

    listed = call(api, "GET", URL, token).json()["results"]

    assert [t["code"] for t in listed] == [hotline_ticket.code]
    assert call(api, "GET", URL + field_ticket.code, token).status_code == 404


def test_the_12351_hotline_does_not_see_12345_tickets(world, api, hotline_ticket):
    _, token = make_client("12351职工热线", source="12351", can_read_status=True)

    assert call(api, "GET", URL + hotline_ticket.code, token).status_code == 404
    assert call(api, "GET", URL, token).json()["results"] == []


def test_a_client_granted_all_sources_sees_every_ticket(world, api, bi, hotline_ticket, field_ticket):
    _, token = bi

    listed = call(api, "GET", URL, token).json()["results"]

    assert {t["code"] for t in listed} == {hotline_ticket.code, field_ticket.code}


def test_updated_since_lists_only_tickets_changed_after(world, api, bi, hotline_ticket, field_ticket):
    _, token = bi
    since = timezone.now()
    workflow.perform(field_ticket.pk, world.leader_a, Kind.ACCEPT, version=field_ticket.version)

    response = api.get(URL, {"updated_since": since.isoformat()}, HTTP_AUTHORIZATION=f"Bearer {token}")

    listed = response.json()["results"]

    assert [t["code"] for t in listed] == [field_ticket.code]


def test_a_bad_updated_since_is_a_problem_document(world, api, bi):
    _, token = bi
    response = api.get(URL, {"updated_since": "last tuesday"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]


def test_the_list_pages_with_a_cursor(world, api, bi, make_tickets):
    _, token = bi
    make_tickets(5)

    first = api.get(URL, {"page_size": 2}, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    second = api.get(first["next"], HTTP_AUTHORIZATION=f"Bearer {token}").json()
    third = api.get(second["next"], HTTP_AUTHORIZATION=f"Bearer {token}").json()

    codes = [t["code"] for page in (first, second, third) for t in page["results"]]
    assert len(codes) == len(set(codes)) == 5
    assert third["next"] is None


def test_the_list_takes_the_same_queries_for_3_or_30_tickets(
    world, api, bi, make_tickets, django_assert_max_num_queries
):
    _, token = bi
    make_tickets(30)
    with django_assert_max_num_queries(12):
        assert len(call(api, "GET", URL, token).json()["results"]) == 30


def test_a_ticket_read_takes_a_bounded_number_of_queries(
    world, api, hotline, hotline_ticket, django_assert_max_num_queries
):
    _, token = hotline
    _escalate_and_close(world, hotline_ticket)
    with django_assert_max_num_queries(10):
        assert call(api, "GET", URL + hotline_ticket.code, token).status_code == 200


def test_an_unknown_code_is_404_problem(world, api, hotline):
    _, token = hotline
    response = call(api, "GET", URL + "DX-1999-00000", token)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_reading_without_the_read_scope_is_403(world, api, hotline_ticket):
    _, token = make_client("只提交", source="12345", can_create_tickets=True)
    assert call(api, "GET", URL + hotline_ticket.code, token).status_code == 403
    assert call(api, "GET", URL, token).status_code == 403


def test_received_at_is_answered_in_beijing_time(world, api, hotline, hotline_ticket):
    _, token = hotline
    body = call(api, "GET", URL + hotline_ticket.code, token).json()
    received = dt.datetime.fromisoformat(body["received_at"])
    assert received.utcoffset() == dt.timedelta(hours=8)
    assert received == hotline_ticket.received_at


def test_an_odd_offset_in_updated_since_is_read_not_a_server_error(world, api, bi):
    """Found by schemathesis on PostgreSQL, which refuses offsets Python accepts."""
    _, token = bi
    response = api.get(URL, {"updated_since": "0618-02-07T01:09:30-17:21"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in (200, 400)
