"""PUT /api/v1/yanhe-cases/{case_number}: the 言和 platform reports cases (issue 17)."""

import datetime as dt

from django.utils import timezone

from issues.models import IssueAction
from mediation.models import YanheCase

from .conftest import call, make_client

Kind = IssueAction.Kind


def _yanhe(**fields):
    return make_client("言和在线调解平台", source="12345", can_update_mediation=True, **fields)[1]


def _put(api, token, case_number, body):
    return call(api, "PUT", f"/api/v1/yanhe-cases/{case_number}", token, body)


def _settled(ticket, **overrides):
    body = {
        "hotline_number": ticket.hotline_number,
        "outcome": "settled",
        "outcome_on": timezone.localdate().isoformat(),
        "amount": "8600.00",
    }
    body.update(overrides)
    return body


def test_first_report_hands_the_ticket_over_and_answers_201(world, api, hotline_ticket):
    response = _put(api, _yanhe(), "YH-2026-001", _settled(hotline_ticket))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["case_number"] == "YH-2026-001"
    assert body["ticket"] == hotline_ticket.code
    assert (body["outcome"], body["outcome_label"], body["amount"]) == ("settled", "调解成功", "8600.00")
    assert body["outcome_on"] == body["handed_over_on"] == timezone.localdate().isoformat()
    assert (body["created"], body["changed"]) == (True, True)
    case = YanheCase.objects.get(case_number="YH-2026-001")
    assert case.issue == hotline_ticket
    assert case.created_by.api_client.name == "言和在线调解平台"


def test_a_later_report_updates_the_case_with_200(world, api, hotline_ticket):
    token = _yanhe()
    _put(api, token, "YH-2026-001", {"hotline_number": hotline_ticket.hotline_number, "outcome": "pending"})

    response = _put(
        api, token, "YH-2026-001", {"outcome": "arbitration", "outcome_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["outcome"], response.json()["created"], response.json()["changed"]) == (
        "arbitration",
        False,
        True,
    )
    assert YanheCase.objects.get(case_number="YH-2026-001").outcome == "arbitration"


def test_the_same_report_again_changes_nothing_and_writes_one_timeline_entry(world, api, hotline_ticket):
    token = _yanhe()
    first = _put(api, token, "YH-2026-001", _settled(hotline_ticket))
    again = _put(api, token, "YH-2026-001", _settled(hotline_ticket))

    assert (first.status_code, again.status_code) == (201, 200)
    assert (again.json()["created"], again.json()["changed"]) == (False, False)
    kinds = list(hotline_ticket.actions.values_list("kind", flat=True))
    assert kinds.count(Kind.YANHE_HANDOVER) == 1
    assert kinds.count(Kind.YANHE_OUTCOME) == 1
    assert YanheCase.objects.count() == 1


def test_a_refused_update_is_422_with_the_chinese_message_on_its_field(world, api, hotline_ticket):
    response = _put(api, _yanhe(), "YH-2026-001", _settled(hotline_ticket, outcome="arbitration"))

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["errors"] == {"amount": ["只有调解成功的案件填写调解金额。"]}
    assert problem["detail"] == "只有调解成功的案件填写调解金额。"
    assert not YanheCase.objects.exists()


def test_a_settled_case_without_a_date_is_422_on_outcome_on(world, api, hotline_ticket):
    response = _put(api, _yanhe(), "YH-2026-001", _settled(hotline_ticket, outcome_on=None))

    assert response.status_code == 422
    assert response.json()["errors"] == {"outcome_on": ["请填写结果日期。"]}


def test_unknown_fields_are_refused(world, api, hotline_ticket):
    response = _put(api, _yanhe(), "YH-2026-001", _settled(hotline_ticket, result="ok"))

    assert response.status_code == 400
    assert "不认识的字段“result”" in response.json()["errors"]["result"][0]
    assert not YanheCase.objects.exists()


def test_dates_in_the_future_or_before_2000_are_refused(world, api, hotline_ticket):
    token = _yanhe()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    future = _put(api, token, "YH-1", _settled(hotline_ticket, outcome_on=tomorrow))
    ancient = _put(api, token, "YH-1", _settled(hotline_ticket, handed_over_on="1999-12-31"))

    assert future.status_code == ancient.status_code == 400
    assert future.json()["errors"] == {"outcome_on": ["结果日期不能晚于今天。"]}
    assert ancient.json()["errors"] == {"handed_over_on": ["移交日期不能早于 2000 年。"]}
    assert not YanheCase.objects.exists()


def test_a_bad_outcome_is_400_in_chinese(world, api, hotline_ticket):
    response = _put(api, _yanhe(), "YH-1", _settled(hotline_ticket, outcome="done"))

    assert response.status_code == 400
    assert "不是有效的调解结果" in response.json()["errors"]["outcome"][0]


def test_a_client_without_the_scope_is_403(world, api, hotline, hotline_ticket):
    response = _put(api, hotline[1], "YH-1", _settled(hotline_ticket))

    assert response.status_code == 403
    assert "mediation:write" in response.json()["detail"]
    assert not YanheCase.objects.exists()


def test_another_sources_ticket_is_404_and_untouched(world, api, hotline_ticket):
    _, token = make_client("12351言和", source="12351", can_update_mediation=True)

    response = _put(api, token, "YH-1", _settled(hotline_ticket))

    assert response.status_code == 404
    assert not YanheCase.objects.exists()


def test_another_sources_existing_case_is_404_and_keeps_its_outcome(world, api, hotline_ticket):
    _put(api, _yanhe(), "YH-1", {"hotline_number": hotline_ticket.hotline_number, "outcome": "pending"})
    _, other = make_client("12351言和", source="12351", can_update_mediation=True)

    response = _put(api, other, "YH-1", {"outcome": "withdrawn", "outcome_on": timezone.localdate().isoformat()})

    assert response.status_code == 404
    assert YanheCase.objects.get(case_number="YH-1").outcome == "pending"


def test_a_client_of_all_sources_may_report_any_ticket(world, api, hotline_ticket):
    _, token = make_client("区言和对接", all_sources=True, can_update_mediation=True)

    assert _put(api, token, "YH-1", _settled(hotline_ticket)).status_code == 201


def test_an_unknown_case_without_a_hotline_number_is_422(world, api):
    response = _put(api, _yanhe(), "YH-404", {"outcome": "pending"})

    assert response.status_code == 422
    assert "系统中没有言和案件编号“YH-404”" in response.json()["detail"]
