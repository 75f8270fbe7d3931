"""我为职工办实事 projects: register, move the status, link visits and tickets."""

import pytest
from django.urls import reverse

from issues.services import edit_issue
from issues.workflow import TransitionError
from outreach.models import Project
from tests.factories import IssueFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_cadre_registers_a_project_for_the_team(client, world):
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("outreach:project_create"),
        {
            "unit": world.unit_a.pk,
            "title": "骑手暖心驿站",
            "responsible": world.cadre_a.pk,
            "beneficiaries": "外卖骑手",
        },
        follow=True,
    )
    project = Project.objects.get()
    assert (project.team, project.campaign, project.status) == (world.team_a, world.campaign, "planned")
    assert "办实事项目已保存" in response.content.decode()


def test_a_project_in_another_teams_unit_is_refused(client, world):
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("outreach:project_create"), {"unit": world.unit_b.pk, "title": "x", "beneficiaries": "骑手"}
    )
    assert "该单位不是负责小组的蹲点单位。" in response.content.decode()
    assert not Project.objects.exists()


def test_the_leader_marks_it_done_with_a_date_and_a_result(client, world, project_a):
    client.force_login(world.leader_a)
    response = client.post(
        reverse("outreach:project_status", args=[project_a.pk]),
        {"status": "done", "completed_on": "2026-09-02", "result": "15名骑手入会"},
        follow=True,
    )
    project_a.refresh_from_db()
    assert (project_a.status, str(project_a.completed_on), project_a.result) == ("done", "2026-09-02", "15名骑手入会")
    assert "（2026-09-02 办结）" in response.content.decode()


def test_a_completion_date_in_the_future_is_refused(client, world, project_a):
    client.force_login(world.leader_a)
    response = client.post(
        reverse("outreach:project_status", args=[project_a.pk]), {"status": "done", "completed_on": "2099-01-01"}
    )
    assert response.status_code == 400
    assert "办结日期不能晚于今天。" in response.content.decode()
    project_a.refresh_from_db()
    assert project_a.status == "planned"


def test_the_edit_page_does_not_move_the_status(client, world, project_a):
    client.force_login(world.cadre_a)
    client.post(
        reverse("outreach:project_edit", args=[project_a.pk]),
        {"unit": world.unit_a.pk, "title": "新名称", "beneficiaries": "骑手", "status": "done"},
    )
    project_a.refresh_from_db()
    assert (project_a.title, project_a.status) == ("新名称", "planned")


def test_another_teams_project_is_404_and_leadership_reads(client, world, project_a):
    client.force_login(world.cadre_b)
    assert client.get(reverse("outreach:project_detail", args=[project_a.pk])).status_code == 404
    client.force_login(world.leadership)
    assert project_a.title in client.get(reverse("outreach:project_list")).content.decode()


def test_visits_and_tickets_link_to_the_project_and_show_on_its_page(client, world, project_a):
    visit = VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, project=project_a)
    issue = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    edit_issue(issue.pk, world.leader_a, {"project": project_a}, version=None)
    issue.refresh_from_db()
    assert issue.project == project_a
    assert issue.actions.filter(note__contains="办实事项目").exists()  # one timeline entry says so
    client.force_login(world.leader_a)
    content = client.get(reverse("outreach:project_detail", args=[project_a.pk])).content.decode()
    assert issue.code in content and visit.get_kind_display() in content


def test_a_ticket_cannot_link_another_teams_project(world, project_b):
    issue = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    with pytest.raises(TransitionError, match="不属于该工单的小组"):
        edit_issue(issue.pk, world.leader_a, {"project": project_b}, version=None)


def test_the_ticket_form_opens_a_ticket_with_its_project(client, world, project_a):
    client.force_login(world.cadre_a)
    client.post(
        reverse("issues:create"),
        {
            "team": world.team_a.pk,
            "unit": world.unit_a.pk,
            "source": "field",
            "category": "wages",
            "urgency": "ordinary",
            "title": "骑手反映站点拖欠工资",
            "description": "三名骑手反映八月工资未发",
            "project": project_a.pk,
        },
    )
    assert project_a.issues.get().title == "骑手反映站点拖欠工资"
