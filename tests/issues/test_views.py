"""Issue pages for every role: list, detail, and actions over HTTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import IssueAction, WorkerIssue
from tests.factories import EnterpriseFactory, IssueFactory, VisitFactory
from tests.issues.pages import ALL_ROLES, act, form_data, login

Kind = IssueAction.Kind


# --- anonymous -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "create"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(f"issues:{name}"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["detail", "edit", "action"])
def test_anonymous_is_sent_to_login_from_a_ticket(client, issue_a, name):
    response = client.get(reverse(f"issues:{name}", args=[issue_a.pk]))
    assert response.status_code == 302


# --- list ------------------------------------------------------------------------------

LIST_SEES_A = {"cadre_a": True, "leader_a": True, "leadership": True, "office_staff": True, "admin": True}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_shows_only_visible_tickets(client, world, issue_a, role):
    html = login(client, getattr(world, role)).get(reverse("issues:list")).content.decode()
    assert (issue_a.code in html) is LIST_SEES_A.get(role, False)


def test_user_in_no_team_sees_nothing(client, world, issue_a, issue_b):
    html = login(client, world.loner).get(reverse("issues:list")).content.decode()
    assert "没有符合条件的诉求" in html
    assert "登记诉求" not in html


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("", {"open", "overdue", "closed", "escalated"}),
        ("open", {"open", "overdue", "escalated"}),
        ("closed", {"closed"}),
        ("escalated", {"escalated"}),
    ],
)
def test_quick_views(client, world, view, expected):
    make = {
        "open": IssueFactory(assignment=world.assignment_a, title="open"),
        "closed": IssueFactory(
            assignment=world.assignment_a,
            title="closed",
            status="closed",
            closing_kind="solved",
            closed_at="2026-08-05T10:00+08:00",
        ),
        "escalated": IssueFactory(assignment=world.assignment_a, title="escalated", escalation_step=2),
        "overdue": IssueFactory(assignment=world.assignment_a, title="overdue"),
    }
    html = login(client, world.leader_a).get(reverse("issues:list"), {"view": view}).content.decode()
    assert {key for key, issue in make.items() if issue.code in html} == expected


def test_open_quick_view_is_offered_and_keeps_the_filters(client, world):
    html = login(client, world.leader_a).get(reverse("issues:list"), {"view": "open", "source": "12345"}).content
    html = html.decode()
    assert 'data-view="open"' in html
    assert "未办结</a>" in html
    assert 'href="?source=12345&amp;view=open"' in html


def test_open_quick_view_counts_with_other_filters(client, world):
    IssueFactory(assignment=world.assignment_a, title="open")
    IssueFactory(
        assignment=world.assignment_a, status="closed", closing_kind="solved", closed_at="2026-08-05T10:00+08:00"
    )
    IssueFactory(assignment=world.assignment_b, title="other team")
    params = {"view": "open", "team": world.team_a.pk}
    html = login(client, world.office_staff).get(reverse("issues:list"), params).content.decode()
    assert "共 1 件诉求" in html


def test_quick_view_mine(client, world, make_issue):
    mine = make_issue(handler=world.cadre_a, created_by=world.leader_a)
    other = make_issue(created_by=world.leader_a)
    html = login(client, world.cadre_a).get(reverse("issues:list"), {"view": "mine"}).content.decode()
    assert mine.code in html
    assert other.code not in html


def test_quick_view_overdue(client, world):
    late = IssueFactory(assignment=world.assignment_a)  # deadlines in August 2026, long past
    closed = IssueFactory(
        assignment=world.assignment_a, status="closed", closing_kind="solved", closed_at="2026-08-05T10:00+08:00"
    )
    html = login(client, world.leader_a).get(reverse("issues:list"), {"view": "overdue"}).content.decode()
    assert late.code in html
    assert closed.code not in html


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"q": "HL-777"}, True),
        ({"q": "王五"}, True),
        ({"q": "诚信物流"}, True),
        ({"q": "不存在的"}, False),
        ({"source": "12345"}, True),
        ({"source": "12351"}, False),
        ({"category": "insurance"}, True),
        ({"category": "wages"}, False),
        ({"status": "new"}, True),
        ({"step": "2"}, False),
        ({"start": "2026-08-01", "end": "2026-08-31"}, True),
        ({"start": "2026-09-01"}, False),
    ],
)
def test_filters_and_search(client, world, make_issue, params, found):
    from .conftest import aware

    enterprise = EnterpriseFactory(name="诚信物流有限公司", unit=world.unit_a)
    issue = make_issue(
        source="12345",
        hotline_number="HL-777",
        category="insurance",
        worker_name="王五",
        enterprise=enterprise,
        received_at=aware(2026, 8, 10, 9),
    )
    html = login(client, world.office_staff).get(reverse("issues:list"), params).content.decode()
    assert (issue.code in html) is found


def test_search_by_code(client, world, issue_a, make_issue):
    other = make_issue()
    html = login(client, world.leader_a).get(reverse("issues:list"), {"q": issue_a.code}).content.decode()
    assert issue_a.code in html
    assert other.code not in html


def test_bad_filter_dates_get_a_message(client, world):
    html = login(client, world.leader_a).get(reverse("issues:list"), {"start": "2026-09-01", "end": "2026-08-01"})
    assert "结束日期不能早于开始日期" in html.content.decode()


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("issues:list")).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(client, world):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    for _ in range(3):
        IssueFactory(assignment=world.assignment_a, enterprise=enterprise, handler=world.cadre_a)
    login(client, world.leader_a)
    few = _list_queries(client)
    for _ in range(20):
        IssueFactory(
            assignment=world.assignment_a, enterprise=EnterpriseFactory(unit=world.unit_a), handler=world.cadre_a
        )
        IssueFactory(assignment=world.assignment_b)
    assert _list_queries(client) == few


def test_list_query_count_for_staff_does_not_grow(client, world):
    IssueFactory(assignment=world.assignment_a)
    login(client, world.office_staff)
    few = _list_queries(client)
    for _ in range(10):
        IssueFactory(assignment=world.assignment_a, handler=world.cadre_a)
        IssueFactory(assignment=world.assignment_b, enterprise=EnterpriseFactory(unit=world.unit_b))
    assert _list_queries(client) == few
    # 18 + the personal-data access log entry for the page + the rates' split at today (summaries before it)
    assert few <= 20


def test_list_paginates(client, world):
    for _ in range(27):
        IssueFactory(assignment=world.assignment_a)
    html = login(client, world.leader_a).get(reverse("issues:list")).content.decode()
    assert "第 1 / 2 页" in html


# --- detail ----------------------------------------------------------------------------

DETAIL = {
    "cadre_a": 200,
    "leader_a": 200,
    "leadership": 200,
    "office_staff": 200,
    "admin": 200,
    "cadre_b": 404,
    "leader_b": 404,
    "loner": 404,
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_detail_per_role(client, world, issue_a, role):
    response = login(client, getattr(world, role)).get(reverse("issues:detail", args=[issue_a.pk]))
    assert response.status_code == DETAIL[role]


def test_detail_shows_only_allowed_action_buttons(client, world, issue_a):
    html = login(client, world.leadership).get(reverse("issues:detail", args=[issue_a.pk])).content.decode()
    assert 'data-action="instruction"' in html
    assert 'data-action="accept"' not in html
    assert 'data-action="escalate"' not in html


def test_detail_shows_deadlines_and_timeline(client, world, issue_a):
    html = login(client, world.leader_a).get(reverse("issues:detail", args=[issue_a.pk])).content.decode()
    assert "响应时限" in html
    assert "办结时限" in html
    assert 'data-kind="create"' in html


# --- actions over HTTP ------------------------------------------------------------------


def test_action_endpoint_is_post_only(client, world, issue_a):
    assert login(client, world.leader_a).get(reverse("issues:action", args=[issue_a.pk])).status_code == 405


def test_action_on_another_teams_ticket_is_404(client, world, issue_a):
    response = act(login(client, world.leader_b), issue_a, kind="accept")
    assert response.status_code == 404
    assert WorkerIssue.objects.get(pk=issue_a.pk).status == "new"


def test_forbidden_action_gets_a_message_and_changes_nothing(client, world, issue_a):
    response = act(login(client, world.leadership), issue_a, kind="accept")
    assert response.status_code == 400
    assert "您无权对该工单执行「受理」" in response.content.decode()
    assert WorkerIssue.objects.get(pk=issue_a.pk).status == "new"


def test_missing_reason_keeps_what_was_typed(client, world, issue_a):
    from issues import workflow

    issue = workflow.perform(issue_a.pk, world.leader_a, Kind.ACCEPT, version=0)
    response = act(login(client, world.leader_a), issue, kind="escalate", escalated_to="镇党委政府", note="")
    html = response.content.decode()
    assert "请填写上报原因" in html
    assert "镇党委政府" in html
    assert WorkerIssue.objects.get(pk=issue.pk).escalation_step == 1


def test_stale_action_form_gets_the_refresh_message(client, world, issue_a):
    login(client, world.leader_a)
    act(client, issue_a, kind="accept")
    response = act(client, issue_a, kind="note", note="第二个人的备注")
    assert response.status_code == 409
    assert "该工单已被他人更新，请刷新后再操作" in response.content.decode()


def test_journey_from_visit_to_satisfied(client, world):
    """A cadre records an issue from a visit, the leader escalates it, staff resolve and record 满意."""
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    login(client, world.cadre_a).post(reverse("issues:create") + f"?visit={visit.pk}", form_data(world, visit=visit.pk))
    issue = WorkerIssue.objects.get()

    login(client, world.leader_a)
    assert act(client, issue, kind="accept").status_code == 302
    issue.refresh_from_db()
    act(client, issue, kind="escalate", escalated_to="属地党委政府", note="企业经营困难，无力一次性支付")
    issue.refresh_from_db()
    assert issue.escalation_step == 2

    login(client, world.office_staff)
    act(client, issue, kind="resolve", note="镇政府协调企业分期支付，已全部到账")
    issue.refresh_from_db()
    act(client, issue, kind="satisfaction", satisfaction="satisfied")
    issue.refresh_from_db()
    assert (issue.status, issue.closing_kind, issue.satisfaction) == ("closed", "solved", "satisfied")

    html = client.get(reverse("issues:detail", args=[issue.pk])).content.decode()
    for text in (
        "登记",
        "受理",
        "第1级 → 第2级 属地党委政府",
        "上报至 属地党委政府",
        "企业经营困难",
        "办结（解决）",
        "回访满意度",
        "满意",
    ):
        assert text in html
    kinds = list(issue.actions.values_list("kind", flat=True))
    assert kinds == ["create", "accept", "escalate", "resolve", "satisfaction"]
