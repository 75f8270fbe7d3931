"""One definition of "due soon": settings.ISSUE_DUE_SOON_HOURS, for the list, the dashboard and the reminders."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as budget
from hypothesis import strategies as st

from dashboard.overview import home_context
from dashboard.scope import team_scope_for_home
from issues.models import WorkerIssue
from issues.tasks import remind_issues
from notifications.models import Kind, Notification
from tests.factories import IssueFactory

from .conftest import aware

# Wednesday 2 December 2026, 10:00: a working morning.
NOW = aware(2026, 12, 2, 10)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def in_12_and_36_hours(world, frozen):
    def make(code, hours):
        return IssueFactory(
            assignment=world.assignment_a,
            code=code,
            handler=world.cadre_a,
            created_by=world.cadre_a,
            received_at=NOW - dt.timedelta(days=1),
            response_due=NOW + dt.timedelta(hours=hours),
            resolution_due=NOW + dt.timedelta(days=20),
        )

    return make("DX-SOON-12", 12), make("DX-SOON-36", 36)


def listed(client, user):
    client.force_login(user)
    html = client.get(reverse("issues:list"), {"view": "due_soon"}).content.decode()
    return {code for code in ("DX-SOON-12", "DX-SOON-36") if code in html}


def on_home(rf, user):
    request = rf.get("/")
    request.user = user
    context = home_context(team_scope_for_home(request))
    return {t.code for t in context["tickets"] if t.due_soon_now}


def reminded():
    keys = set(Notification.objects.filter(kind=Kind.ISSUE_DUE_SOON).values_list("object_key", flat=True))
    return {i.code for i in WorkerIssue.objects.all() if f"issue:{i.pk}" in keys}


@pytest.mark.parametrize(("hours", "expected"), [(24, {"DX-SOON-12"}), (48, {"DX-SOON-12", "DX-SOON-36"})])
def test_list_dashboard_and_reminders_share_the_setting(
    client, rf, world, in_12_and_36_hours, settings, hours, expected
):
    settings.ISSUE_DUE_SOON_HOURS = hours
    assert {i.code for i in WorkerIssue.objects.due_soon(NOW)} == expected
    assert listed(client, world.leader_a) == expected
    assert on_home(rf, world.cadre_a) == expected
    remind_issues(NOW)
    assert reminded() == expected


# Deadlines on the hour, often right at a boundary (now, the end of the "soon" window).
HOURS = st.one_of(st.sampled_from([-25, -1, 0, 1, 23, 24, 25, 47, 48, 49]), st.integers(-72, 400))


@given(
    data=st.lists(
        st.tuples(
            HOURS,  # response deadline, hours from now
            HOURS.map(abs),  # resolution deadline, hours after the response deadline
            st.booleans(),  # responded
            st.sampled_from(["new", "processing", "closed"]),
        ),
        min_size=1,
        max_size=8,
    ),
    soon_hours=st.sampled_from([1, 24, 48]),
)
@budget(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_ticket_and_the_queryset_say_the_same(world, data, soon_hours, settings):
    """``is_due_soon`` / ``is_overdue`` of each ticket equal ``due_soon`` / ``overdue`` as a filter, deadlines on the hour."""
    settings.ISSUE_DUE_SOON_HOURS = soon_hours
    with transaction.atomic():
        for response, resolution, responded, status in data:
            IssueFactory(
                assignment=world.assignment_a,
                status=status,
                received_at=NOW - dt.timedelta(days=5),
                response_due=NOW + dt.timedelta(hours=response),
                resolution_due=NOW + dt.timedelta(hours=response + resolution),
                responded_at=NOW - dt.timedelta(days=4) if responded else None,
                closed_at=NOW - dt.timedelta(hours=1) if status == "closed" else None,
                closing_kind="solved" if status == "closed" else "",
            )
        tickets = list(WorkerIssue.objects.all())
        assert {t.pk for t in tickets if t.is_due_soon(NOW)} == set(
            WorkerIssue.objects.due_soon(NOW).values_list("pk", flat=True)
        )
        assert {t.pk for t in tickets if t.is_overdue(NOW)} == set(
            WorkerIssue.objects.overdue(NOW).values_list("pk", flat=True)
        )
        transaction.set_rollback(True)
