"""The today page of cadres and team leaders: the team's plans, visits and open tickets."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from issues.models import WorkerIssue
from tests.factories import IssueFactory, PlannedVisitFactory, VisitFactory

from .helpers import by_testid, get_page, text


def _page(client, user):
    return get_page(client, user, name="dashboard:home")


def test_todays_and_upcoming_plans_of_own_team(client, world):
    today = timezone.localdate()
    PlannedVisitFactory(assignment=world.assignment_a, date=today, purpose="今天座谈", created_by=world.leader_a)
    PlannedVisitFactory(
        assignment=world.assignment_a, date=today + dt.timedelta(days=2), purpose="后天走访", created_by=world.leader_a
    )
    PlannedVisitFactory(
        assignment=world.assignment_a, date=today, purpose="取消的", is_cancelled=True, created_by=world.leader_a
    )
    PlannedVisitFactory(assignment=world.assignment_b, date=today, purpose="别组计划", created_by=world.leader_b)
    doc = _page(client, world.cadre_a)
    assert "今天座谈" in text(by_testid(doc, "today-plans"))
    assert "后天走访" in text(by_testid(doc, "upcoming-plans"))
    assert "取消的" not in doc.text_content()
    assert "别组计划" not in doc.text_content()


def test_recent_visits_of_own_team(client, world):
    VisitFactory(assignment=world.assignment_a, date=dt.date(2026, 9, 1), created_by=world.cadre_a)
    VisitFactory(assignment=world.assignment_b, date=dt.date(2026, 9, 2), created_by=world.cadre_b)
    doc = _page(client, world.leader_a)
    recent = text(by_testid(doc, "recent-visits"))
    assert "高米店街道" in recent and "兴丰街道" not in recent


def test_open_tickets_overdue_first_then_due_soon(client, world):
    now = timezone.now()
    h = dt.timedelta(hours=1)

    def ticket(code, response_due, resolution_due, **kw):
        return IssueFactory(
            assignment=world.assignment_a,
            code=code,
            received_at=now - 100 * h,
            response_due=response_due,
            resolution_due=resolution_due,
            created_by=world.cadre_a,
            **kw,
        )

    ticket("LATER", now + 200 * h, now + 300 * h)
    ticket("SOON", now + 5 * h, now + 100 * h)
    ticket("LATE", now - 50 * h, now + 100 * h)
    ticket("DONE", now - 90 * h, now - 80 * h, status="closed", closed_at=now - 85 * h, closing_kind="solved")
    IssueFactory(assignment=world.assignment_b, code="OTHER", created_by=world.cadre_b)
    doc = _page(client, world.cadre_a)
    rows = by_testid(doc, "home-tickets").xpath(".//tbody/tr")
    assert [r.get("data-code") for r in rows] == ["LATE", "SOON", "LATER"]
    assert "已逾期" in text(rows[0]) and "即将到期" in text(rows[1])
    assert text(by_testid(doc, "open-total")).startswith("3")
    assert text(by_testid(doc, "overdue-total")) == "1"


def test_record_visit_button(client, world):
    doc = _page(client, world.cadre_a)
    assert by_testid(doc, "record-visit").get("href") == reverse("visits:create")


def test_overdue_figure_opens_the_same_tickets(client, world):
    now = timezone.now()
    for code in ("L1", "L2"):
        IssueFactory(
            assignment=world.assignment_a,
            code=code,
            received_at=now - dt.timedelta(days=9),
            response_due=now - dt.timedelta(days=8),
            resolution_due=now - dt.timedelta(days=1),
            created_by=world.cadre_a,
        )
    doc = _page(client, world.cadre_a)
    href = by_testid(doc, "overdue-total").xpath(".//a")[0].get("href")
    assert "view=overdue" in href
    assert "共 2 件" in client.get(href).content.decode()


def test_the_first_twenty_open_tickets_by_their_next_deadline(rf, world):
    """The list merges the unanswered (by response deadline) and answered (by resolution deadline) tickets."""
    from dashboard.overview import home_context
    from dashboard.scope import team_scope_for_home

    now = timezone.now()
    for i in range(26):
        response_due = now + dt.timedelta(hours=(i * 7) % 40 - 10)
        IssueFactory(
            assignment=world.assignment_a,
            status="processing" if i % 3 else "new",
            received_at=now - dt.timedelta(days=3),
            response_due=response_due,
            resolution_due=response_due + dt.timedelta(hours=1 + (i * 11) % 90),
            responded_at=now - dt.timedelta(days=2) if i % 2 else None,
        )
    IssueFactory(  # another team's
        assignment=world.assignment_b, response_due=now - dt.timedelta(days=9), resolution_due=now
    )
    request = rf.get("/")
    request.user = world.cadre_a
    shown = home_context(team_scope_for_home(request))["tickets"]

    def next_due(t):
        return t.response_due if t.responded_at is None else t.resolution_due

    expected = sorted(WorkerIssue.objects.filter(team=world.team_a), key=lambda t: (next_due(t), t.pk))[:20]
    assert [t.pk for t in shown] == [t.pk for t in expected]
    assert [t.next_due for t in shown] == [next_due(t) for t in expected]
