"""「以此为模板新建活动」 through the page, and campaigns compared side by side (issue 11)."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Assignment, Campaign, TeamMembership, UnionStatus, WorkTeam
from campaigns.services import change_union_status
from tests.factories import EnterpriseFactory, VisitFactory


def _preview(client, user, campaign):
    client.force_login(user)
    response = client.get(reverse("campaigns:campaign_copy", args=[campaign.pk]))
    assert response.status_code == 200
    return response


def _data_from(form, **overrides):
    """What the browser would post back from the preview, unchanged but for ``overrides``."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(overrides)
    return data


def _post(client, campaign, data):
    return client.post(reverse("campaigns:campaign_copy", args=[campaign.pk]), data)


def test_preview_shows_the_teams_members_and_units_to_copy(client, world):
    response = _preview(client, world.office_staff, world.campaign)
    form = response.context["form"]
    assert form["name"].value().startswith("2027年")
    assert form["start_date"].value() == dt.date(2027, 7, 15)
    assert form["team0_name"].value() == "第一蹲点小组"
    assert form["team0_leader"].value() == world.leader_a.pk
    assert form["team0_members"].value() == [world.cadre_a.pk]
    assert form["team0_units"].value() == [world.unit_a.pk]


def test_copy_through_the_page_creates_the_next_campaign(client, world):
    form = _preview(client, world.office_staff, world.campaign).context["form"]
    response = _post(client, world.campaign, _data_from(form, team1_name="第二蹲点小组（调整）"))
    assert response.status_code == 302
    new = Campaign.objects.get(start_date=dt.date(2027, 7, 15))
    assert [t.name for t in WorkTeam.objects.filter(campaign=new).order_by("sort_order")] == [
        "第一蹲点小组",
        "第二蹲点小组（调整）",
    ]
    rows = TeamMembership.objects.filter(campaign=new)
    assert {(m.user.username, m.role, m.valid_from) for m in rows} == {
        ("leader_a", "leader", dt.date(2027, 7, 15)),
        ("cadre_a", "member", dt.date(2027, 7, 15)),
        ("leader_b", "leader", dt.date(2027, 7, 15)),
        ("cadre_b", "member", dt.date(2027, 7, 15)),
    }
    assert set(Assignment.objects.filter(campaign=new).values_list("team__name", "unit__name")) == {
        ("第一蹲点小组", "高米店街道"),
        ("第二蹲点小组（调整）", "兴丰街道"),
    }
    # The old campaign is untouched.
    assert TeamMembership.objects.filter(campaign=world.campaign, valid_to__isnull=True).count() == 4


def test_dates_overlapping_a_campaign_with_the_same_units_are_refused_and_nothing_written(client, world):
    form = _preview(client, world.office_staff, world.campaign).context["form"]
    before = (Campaign.objects.count(), WorkTeam.objects.count(), TeamMembership.objects.count())
    response = _post(client, world.campaign, _data_from(form, start_date="2026-12-01", end_date="2027-06-30"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "重叠" in body and "相同的蹲点单位" in body
    assert (Campaign.objects.count(), WorkTeam.objects.count(), TeamMembership.objects.count()) == before
    # The form keeps what was typed.
    assert response.context["form"]["start_date"].value() == "2026-12-01"


def test_a_person_in_two_teams_is_refused(client, world):
    form = _preview(client, world.office_staff, world.campaign).context["form"]
    data = _data_from(form, team1_members=[str(world.cadre_b.pk), str(world.cadre_a.pk)])
    response = _post(client, world.campaign, data)
    assert response.status_code == 400
    assert "同一活动中每人只能在一个小组" in response.content.decode()
    assert Campaign.objects.count() == 1


def test_a_leader_may_not_copy(client, world):
    client.force_login(world.leader_a)
    assert client.get(reverse("campaigns:campaign_copy", args=[world.campaign.pk])).status_code == 403


def test_campaign_list_marks_the_current_campaign(client, world):
    Campaign.objects.create(name="2025年蹲点活动", start_date=dt.date(2025, 7, 15), end_date=dt.date(2025, 12, 31))
    client.force_login(world.leadership)
    body = client.get(reverse("campaigns:campaigns")).content.decode()
    current_row = body.split(f'data-testid="campaign-{world.campaign.pk}"')[1].split("</tr>")[0]
    assert "当前" in current_row
    assert "以此为模板新建活动" not in body  # leadership reads, staff copy


@pytest.mark.django_db
def test_leadership_compares_two_campaigns_side_by_side(client, world, django_assert_max_num_queries):
    last_year = Campaign.objects.create(
        name="2025年蹲点活动", start_date=dt.date(2025, 7, 15), end_date=dt.date(2025, 12, 31)
    )
    VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a)
    VisitFactory(assignment=world.assignment_a, created_by=world.cadre_a, date=dt.date(2026, 8, 5))
    client.force_login(world.leadership)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("dashboard:compare"), {"campaign": [last_year.pk, world.campaign.pk]})
    assert response.status_code == 200
    rows = dict(response.context["rows"])
    assert rows["走访次数"] == [0, 2]
    assert rows["蹲点单位"] == [0, 2]
    assert rows["已走访单位"] == [0, 1]
    assert rows["单位覆盖率"] == ["—", "50.0%"]


@pytest.mark.django_db
def test_compare_counts_only_unions_founded_inside_each_campaign(client, world):
    """A union founded before the campaign is not its result; members who joined at founding count."""
    last_year = Campaign.objects.create(
        name="2025年蹲点活动", start_date=dt.date(2025, 7, 15), end_date=dt.date(2025, 12, 31)
    )
    earlier = EnterpriseFactory(unit=world.unit_a)
    change_union_status(earlier, UnionStatus.ESTABLISHED, by=world.office_staff, on=dt.date(2025, 3, 1))
    founded = EnterpriseFactory(unit=world.unit_a)
    change_union_status(founded, UnionStatus.CONTACTED, by=world.office_staff, on=dt.date(2026, 7, 20))
    change_union_status(
        founded, UnionStatus.ESTABLISHED, by=world.office_staff, on=dt.date(2026, 8, 10), members_joined=55
    )
    client.force_login(world.leadership)
    response = client.get(reverse("dashboard:compare"), {"campaign": [last_year.pk, world.campaign.pk]})
    rows = dict(response.context["rows"])
    assert rows["活动期间新建工会"] == [0, 1]
    assert rows["建会推进（企业数）"] == [0, 1]
    assert rows["发展会员合计（含建会时入会）"] == [0, 55]
