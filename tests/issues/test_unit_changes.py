"""Units merge and split through the staff pages: preview, confirm, what moves where, what stays."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Assignment, UnionUnit, UnitChange, successor_map
from issues.models import IssueAction
from issues.unit_changes import plan_change
from issues.workflow import perform
from tests.factories import AssignmentFactory, EnterpriseFactory, UnionUnitFactory
from tests.factories.visits import PlannedVisitFactory, VisitFactory

ON = "2026-12-01"


@pytest.fixture
def unit_c(world):
    """A second unit of team A (高米店街道 and 清源街道 will merge)."""
    unit = UnionUnitFactory(name="清源街道")
    AssignmentFactory(campaign=world.campaign, team=world.team_a, unit=unit)
    return unit


def close(issue, user):
    issue = perform(issue.pk, user, "accept", version=issue.version)
    return perform(issue.pk, user, "resolve", version=issue.version, note="已解决")


def merge_post(client, sources, name, **extra):
    data = {"sources": [u.pk for u in sources], "new_name": name, "on_date": ON, "note": "区政府批复", **extra}
    return client.post(reverse("unit_changes:merge"), data)


def test_merge_preview_shows_what_moves_and_writes_nothing(client, world, unit_c, make_issue):
    issue = make_issue()
    client.force_login(world.office_staff)

    html = merge_post(client, [world.unit_a, unit_c], "高米店清源联合街道", preview="1").content.decode()

    assert "新单位“高米店清源联合街道”由第一蹲点小组负责" in html
    assert f"{issue.code}（高米店街道，第一蹲点小组）" in html
    assert "确认执行" in html
    assert not UnionUnit.objects.filter(name="高米店清源联合街道").exists()


def test_merge_with_open_tickets_moves_them_and_keeps_old_records(client, world, unit_c, make_issue):
    open_a = make_issue()
    open_c = make_issue(unit=unit_c, title="社保断缴")
    closed = close(make_issue(title="已办结"), world.leader_a)
    visit = VisitFactory(assignment=world.assignment_a)
    plan = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 10))
    done_plan = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 11, 10))
    enterprise = EnterpriseFactory(unit=unit_c)
    client.force_login(world.office_staff)

    response = merge_post(client, [world.unit_a, unit_c], "高米店清源联合街道", confirm="1")

    assert response.status_code == 302
    new = UnionUnit.objects.get(name="高米店清源联合街道")
    for issue in (open_a, open_c):
        issue.refresh_from_db()
        assert (issue.unit, issue.team, issue.assignment.unit) == (new, world.team_a, new)
        entry = issue.actions.latest("id")
        assert entry.kind == IssueAction.Kind.EDIT
        assert "单位合并" in entry.note and "→ 高米店清源联合街道" in entry.note
    closed.refresh_from_db()
    visit.refresh_from_db()
    plan.refresh_from_db()
    done_plan.refresh_from_db()
    enterprise.refresh_from_db()
    assert closed.unit == world.unit_a
    assert visit.unit == world.unit_a
    assert plan.unit == new
    assert done_plan.unit == world.unit_a
    assert enterprise.unit == new
    assert not UnionUnit.objects.get(pk=unit_c.pk).is_active
    assert world.unit_a.current_successor() == new


def test_merge_across_teams_transfers_the_other_teams_tickets_to_the_receiving_leader(
    client, world, unit_c, make_issue
):
    # 兴丰街道 comes before 高米店街道 in the unit list: its team (B) receives the merged unit.
    issue_a = make_issue()
    client.force_login(world.office_staff)

    html = merge_post(client, [world.unit_a, world.unit_b], "高米店兴丰联合街道", preview="1").content.decode()
    assert "新单位“高米店兴丰联合街道”由第二蹲点小组负责（原兴丰街道的小组）" in html
    response = merge_post(client, [world.unit_a, world.unit_b], "高米店兴丰联合街道", confirm="1")

    assert response.status_code == 302
    issue_a.refresh_from_db()
    assert (issue_a.team, issue_a.handler, issue_a.unit.name) == (world.team_b, world.leader_b, "高米店兴丰联合街道")
    entry = issue_a.actions.latest("id")
    assert entry.kind == IssueAction.Kind.TRANSFER
    assert "转交小组：第一蹲点小组 → 第二蹲点小组" in entry.note


def test_a_merge_that_leaves_a_team_without_units_is_refused_with_the_preview(client, world, make_issue):
    issue_a = make_issue()
    client.force_login(world.office_staff)

    html = merge_post(client, [world.unit_a, world.unit_b], "联合街道", confirm="1").content.decode()

    assert "第一蹲点小组只负责高米店街道，合并后该小组将没有蹲点单位" in html
    assert "不能执行，未写入任何数据" in html
    assert not UnionUnit.objects.filter(name="联合街道").exists()
    assert not UnitChange.objects.exists()
    issue_a.refresh_from_db()
    assert issue_a.unit == world.unit_a


def test_a_merge_into_an_existing_name_is_refused(client, world, unit_c):
    client.force_login(world.office_staff)

    html = merge_post(client, [world.unit_a, unit_c], "兴丰街道", confirm="1").content.decode()

    assert "已有名为“兴丰街道”的单位，请换一个名称。" in html
    assert UnionUnit.objects.get(pk=unit_c.pk).is_active


def test_split_through_the_page_moves_open_tickets_and_plans_to_the_first_successor(client, world, make_issue):
    issue = make_issue()
    plan = PlannedVisitFactory(assignment=world.assignment_a, date=dt.date(2026, 12, 10))
    client.force_login(world.office_staff)
    data = {"source": world.unit_a.pk, "new_names": "高米店北街道\n高米店南街道", "on_date": ON}

    assert "均由第一蹲点小组负责" in client.post(reverse("unit_changes:split"), data).content.decode()
    response = client.post(reverse("unit_changes:split"), {**data, "confirm": "1"})

    assert response.status_code == 302
    north, south = UnionUnit.objects.get(name="高米店北街道"), UnionUnit.objects.get(name="高米店南街道")
    assert set(Assignment.objects.filter(unit__in=[north, south]).values_list("team", flat=True)) == {world.team_a.pk}
    issue.refresh_from_db()
    plan.refresh_from_db()
    assert issue.unit == north and plan.unit == north
    assert "单位拆分（高米店街道 → 高米店北街道、高米店南街道" in issue.actions.latest("id").note
    assert world.unit_a.current_successor() == north
    change = UnitChange.objects.get()
    assert list(change.sources.all()) == [world.unit_a]


def test_a_split_into_one_name_is_refused(client, world):
    client.force_login(world.office_staff)
    data = {"source": world.unit_a.pk, "new_names": "高米店北街道", "on_date": ON, "confirm": "1"}

    html = client.post(reverse("unit_changes:split"), data).content.decode()

    assert "拆分至少需要填写两个新单位名称。" in html
    assert UnionUnit.objects.get(pk=world.unit_a.pk).is_active


def test_a_unit_already_merged_cannot_change_again(world, unit_c):
    UnionUnit.objects.filter(pk=unit_c.pk).update(is_active=False)
    unit_c.refresh_from_db()

    plan = plan_change("merge", dt.date(2026, 12, 1), [world.unit_a, unit_c], ["新街道"])

    assert "清源街道已停用（已合并或拆分），不能再变更。" in plan.errors


def test_successors_chain_through_a_merge_then_a_split(client, world, unit_c):
    client.force_login(world.office_staff)
    merge_post(client, [world.unit_a, unit_c], "联合街道", confirm="1")
    merged = UnionUnit.objects.get(name="联合街道")
    data = {"source": merged.pk, "new_names": "东街道\n西街道", "on_date": ON, "confirm": "1"}
    client.post(reverse("unit_changes:split"), data)
    east = UnionUnit.objects.get(name="东街道")

    assert unit_c.current_successor() == east
    mapping = successor_map()
    assert mapping[world.unit_a.pk] == east
    assert mapping[world.unit_b.pk] == world.unit_b


@pytest.mark.parametrize("name", ["unit_changes:list", "unit_changes:merge", "unit_changes:split"])
def test_only_staff_open_the_unit_change_pages(client, world, name):
    client.force_login(world.leader_a)
    assert client.get(reverse(name)).status_code == 403
    client.force_login(world.office_staff)
    assert client.get(reverse(name)).status_code == 200
