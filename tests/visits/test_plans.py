"""The team's work plan: list order, create/edit, mark done (prefilled visit form), cancel."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EnterpriseFactory, PlannedVisitFactory, VisitFactory
from visits.models import PlannedVisit, Visit

from .conftest import visit_post_data

PLANS = reverse("visits:plan_list")


def _plan_data(world, **overrides):
    data = {"unit": str(world.unit_a.pk), "date": "2026-12-10", "purpose": "召开未建会企业沟通会"}
    data.update(overrides)
    return data


def test_upcoming_plans_come_first_then_past_latest_first(client, world, monkeypatch):
    today = dt.date(2026, 9, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    soon = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 9, 3))
    later = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 9, 20))
    old = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 1))
    older = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 7, 20))
    cancelled_future = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 9, 10), is_cancelled=True)
    client.force_login(world.cadre_a)
    response = client.get(PLANS)
    assert [p.pk for p in response.context["page"]] == [soon.pk, later.pk, cancelled_future.pk, old.pk, older.pk]
    body = response.content.decode()
    assert "即将开展" in body and "已过期、已完成和已取消" in body
    assert "已过期未走访" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [("?status=open", {"open"}), ("?status=done", {"done"}), ("?status=cancelled", {"cancelled"})],
)
def test_filter_plans_by_status(client, world, visit_a, query, expected):
    plans = {
        "open": PlannedVisitFactory(assignment=world.assignment_a),
        "done": PlannedVisitFactory(assignment=world.assignment_a, visit=visit_a),
        "cancelled": PlannedVisitFactory(assignment=world.assignment_a, is_cancelled=True),
    }
    client.force_login(world.leader_a)
    shown = {p.pk for p in client.get(PLANS + query).context["page"]}
    assert shown == {plans[k].pk for k in expected}


def test_filter_plans_by_team_and_unit(client, world, plan_a, plan_b):
    client.force_login(world.leadership)
    assert [p.pk for p in client.get(PLANS + f"?team={world.team_b.pk}").context["page"]] == [plan_b.pk]
    assert [p.pk for p in client.get(PLANS + f"?unit={world.unit_a.pk}").context["page"]] == [plan_a.pk]


def test_filter_plans_by_period(client, world):
    july = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 7, 20))
    august = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 20))
    september = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 9, 20))
    client.force_login(world.leader_a)
    shown = {p.pk for p in client.get(PLANS + "?date_from=2026-07-20&date_to=2026-08-20").context["page"]}
    assert shown == {july.pk, august.pk}  # both ends included
    assert {p.pk for p in client.get(PLANS + "?date_from=2026-08-21").context["page"]} == {september.pk}
    assert {p.pk for p in client.get(PLANS + "?date_to=2026-07-31").context["page"]} == {july.pk}


def test_period_combines_with_status_and_shows_the_count(client, world):
    def done_on(day):
        visit = VisitFactory(assignment=world.assignment_a, date=day, created_by=world.cadre_a)
        return PlannedVisitFactory(assignment=world.assignment_a, date=day, visit=visit)

    done_on(dt.date(2026, 8, 3))
    done_on(dt.date(2026, 9, 4))
    PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 4))
    client.force_login(world.leader_a)
    body = client.get(PLANS, {"status": "done", "date_from": "2026-08-01", "date_to": "2026-08-31"}).content.decode()
    assert "共 1 条" in body
    assert 'name="date_from"' in body and 'value="2026-08-01"' in body


def test_bad_plan_date_is_ignored_with_a_message(client, world, plan_a):
    client.force_login(world.leader_a)
    response = client.get(PLANS + "?date_to=not-a-date")
    assert response.status_code == 200
    assert [p.pk for p in response.context["page"]] == [plan_a.pk]
    assert "输入一个有效的日期" in response.content.decode()


@pytest.mark.parametrize("n", [3, 60])
def test_plan_list_query_count_is_flat(client, world, django_assert_max_num_queries, n):
    for i in range(n):
        plan = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 8, 1) + dt.timedelta(days=i))
        plan.enterprises.add(EnterpriseFactory(unit=world.unit_a))
    client.force_login(world.leader_a)
    # 14: the list is two index-ordered parts (upcoming, the rest), each counted on its own (issue 15).
    with django_assert_max_num_queries(14):
        client.get(PLANS)


def test_cadre_creates_a_plan(client, world):
    client.force_login(world.cadre_a)
    response = client.post(reverse("visits:plan_create"), _plan_data(world))
    assert response.status_code == 302
    plan = PlannedVisit.objects.get()
    assert (plan.team, plan.campaign, plan.created_by) == (world.team_a, world.campaign, world.cadre_a)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2027-03-01"}, "date", "日期应在蹲点活动期间（2026-07-15 至 2026-12-31）。"),
        ({"date": ""}, "date", "请填写计划日期。"),
        ({"purpose": ""}, "purpose", "请填写计划内容。"),
        ({"unit": "UNIT_B"}, "unit", "该单位不是本小组在本次活动中的蹲点单位。"),
    ],
)
def test_bad_plan_input_is_reported_next_to_the_field(client, world, overrides, field, message):
    if overrides.get("unit") == "UNIT_B":
        overrides["unit"] = str(world.unit_b.pk)
    client.force_login(world.cadre_a)
    response = client.post(reverse("visits:plan_create"), _plan_data(world, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not PlannedVisit.objects.exists()


def test_plan_edit_changes_the_plan(client, world, plan_a):
    client.force_login(world.cadre_a)
    client.post(reverse("visits:plan_edit", args=[plan_a.pk]), _plan_data(world, purpose="改为实地走访"))
    plan_a.refresh_from_db()
    assert plan_a.purpose == "改为实地走访"


def test_done_or_cancelled_plan_is_not_edited(client, world, plan_a):
    plan_a.is_cancelled = True
    plan_a.save()
    client.force_login(world.cadre_a)
    response = client.get(reverse("visits:plan_edit", args=[plan_a.pk]))
    assert response.status_code == 302


def test_mark_done_opens_the_visit_form_prefilled_from_the_plan(client, world, plan_a):
    enterprise = EnterpriseFactory(unit=world.unit_a)
    plan_a.enterprises.add(enterprise)
    client.force_login(world.cadre_a)
    response = client.get(reverse("visits:plan_done", args=[plan_a.pk]))
    form = response.context["form"]
    assert form["unit"].value() == world.unit_a.pk
    assert form["date"].value() == timezone.localdate()
    assert [int(pk) for pk in form["enterprises"].value()] == [enterprise.pk]
    assert form["summary"].value() == plan_a.purpose
    assert "保存后该计划标记为已完成" in response.content.decode()


def test_saving_the_visit_marks_the_plan_done(client, world, plan_a):
    client.force_login(world.cadre_a)
    response = client.post(reverse("visits:plan_done", args=[plan_a.pk]), visit_post_data(world))
    visit = Visit.objects.get()
    plan_a.refresh_from_db()
    assert plan_a.visit == visit
    assert response["Location"] == reverse("visits:detail", args=[visit.pk])


def test_bad_visit_from_a_plan_leaves_the_plan_open(client, world, plan_a):
    client.force_login(world.cadre_a)
    client.post(reverse("visits:plan_done", args=[plan_a.pk]), visit_post_data(world, summary=""))
    plan_a.refresh_from_db()
    assert plan_a.visit is None
    assert not Visit.objects.exists()


def test_done_plan_leads_to_its_visit(client, world, visit_a):
    plan = PlannedVisitFactory(assignment=world.assignment_a, visit=visit_a)
    client.force_login(world.cadre_a)
    response = client.get(reverse("visits:plan_done", args=[plan.pk]))
    assert response["Location"] == reverse("visits:detail", args=[visit_a.pk])


def test_cancelled_plan_cannot_be_marked_done(client, world, plan_a):
    plan_a.is_cancelled = True
    plan_a.save()
    client.force_login(world.cadre_a)
    assert client.get(reverse("visits:plan_done", args=[plan_a.pk]))["Location"] == PLANS
    client.post(reverse("visits:plan_done", args=[plan_a.pk]), visit_post_data(world))
    assert not Visit.objects.exists()


def test_done_plan_cannot_be_cancelled(client, world, visit_a):
    plan = PlannedVisitFactory(assignment=world.assignment_a, visit=visit_a)
    client.force_login(world.cadre_a)
    client.post(reverse("visits:plan_cancel", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_cancelled is False


def test_plan_list_actions_only_for_team_members(client, world, plan_a):
    done_url = reverse("visits:plan_done", args=[plan_a.pk])
    client.force_login(world.cadre_a)
    assert done_url in client.get(PLANS).content.decode()
    client.force_login(world.leadership)
    assert done_url not in client.get(PLANS).content.decode()
