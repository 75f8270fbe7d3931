"""seed_demo: the demo data the README promises, and running it twice changes nothing."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from campaigns import demo
from campaigns.demo import DEMO_PASSWORD, shifted
from campaigns.management.commands.seed_demo import row_counts
from campaigns.models import Assignment, Campaign, Enterprise, EnterpriseStatusChange, UnionStatus, UnionUnit, WorkTeam
from campaigns.roles import is_leadership, is_office_staff, led_team_ids, role_label, team_ids_of
from campaigns.validators import validate_credit_code

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def seeded(db):
    """The campaigns part only: the facts below are campaigns' (and it is quicker)."""
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def test_running_twice_gives_the_same_counts_for_every_model(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == first


def test_campaigns_models_and_users_are_seeded(seeded):
    counts = row_counts()
    # The running campaign and last year's (finished), three teams and 23 units each.
    assert counts["campaigns.Campaign"] == 2
    assert counts["campaigns.WorkTeam"] == 6
    assert counts["campaigns.Assignment"] == 46
    assert counts["campaigns.Enterprise"] >= 29  # the 驿站 is a service site (outreach), not an enterprise
    assert get_user_model().objects.count() >= 9


def test_missing_seeders_are_skipped_with_a_note(settings, db):
    settings.DEMO_SEEDERS = ["campaigns.demo.seed", "nosuchapp.demo.seed", "campaigns.nosuchmodule.seed"]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "跳过 nosuchapp.demo.seed" in out.getvalue()
    assert "跳过 campaigns.nosuchmodule.seed" in out.getvalue()
    assert Campaign.objects.count() == 2


def test_a_failing_seeder_leaves_nothing_half_written(settings, db):
    settings.DEMO_SEEDERS = ["campaigns.demo.seed", "campaigns.demo.no_such_function"]
    with pytest.raises(ImportError):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("username", "label"),
    [
        ("leader", "领导"),
        ("staff", "工作人员"),
        ("team1", "组长"),
        ("team2", "组长"),
        ("team3", "组长"),
        ("cadre1", "组员"),
        ("cadre2", "组员"),
        ("cadre3", "组员"),
        ("admin", "系统管理员"),
    ],
)
def test_demo_accounts_have_their_roles_and_the_demo_password(seeded, username, label):
    user = get_user_model().objects.get(username=username)
    assert role_label(user) == label
    assert user.check_password(DEMO_PASSWORD)
    assert user.get_full_name()  # a Chinese name, surname first
    if username == "team2":
        assert user.get_full_name() == "钱立新"


def test_each_team_has_a_leader_and_a_cadre(seeded):
    User = get_user_model()
    for i, name in enumerate(["第一蹲点小组", "第二蹲点小组", "第三蹲点小组"], start=1):
        team = WorkTeam.objects.get(name=name, campaign__name=demo.CAMPAIGN_NAME)
        assert led_team_ids(User.objects.get(username=f"team{i}")) == [team.pk]
        assert team_ids_of(User.objects.get(username=f"cadre{i}")) == [team.pk]
    assert User.objects.get(username="cadre1").email
    assert is_leadership(User.objects.get(username="leader"))
    assert is_office_staff(User.objects.get(username="staff"))
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_campaign_runs_from_mid_july_with_goals_and_plan(seeded):
    campaign = Campaign.objects.get(name="2026年机关干部赴基层蹲点活动")
    # Dated around the day of seeding: the script's dates moved by whole weeks.
    assert (campaign.start_date, campaign.end_date) == (shifted(dt.date(2026, 7, 15)), shifted(dt.date(2026, 12, 31)))
    assert campaign.start_date < timezone.localdate() < campaign.end_date
    assert "把情况摸透" in campaign.goals
    assert "3个蹲点工作小组" in campaign.work_plan


def test_every_unit_is_assigned_to_exactly_one_team(seeded):
    campaign = Campaign.objects.get(name=demo.CAMPAIGN_NAME)
    assigned = set(Assignment.objects.filter(campaign=campaign).values_list("unit__name", flat=True))
    assert assigned == set(UnionUnit.objects.values_list("name", flat=True))
    here = Assignment.objects.filter(campaign=campaign)
    assert here.get(unit__name="兴丰街道").team.name == "第二蹲点小组"
    assert here.get(unit__name="高米店街道").team.name == "第一蹲点小组"
    assert here.get(unit__name="魏善庄镇").team.name == "第三蹲点小组"


def test_demo_credit_codes_are_valid(seeded):
    for code in Enterprise.objects.exclude(credit_code="").values_list("credit_code", flat=True):
        validate_credit_code(code)


def test_seven_enterprises_without_a_union_in_xingfeng(seeded):
    xingfeng = Enterprise.objects.filter(unit__name="兴丰街道").without_union()
    assert xingfeng.count() == 7
    assert xingfeng.filter(is_new_form=True).count() == 4


def test_five_promised_a_union_at_the_forum_recorded_by_team2(seeded):
    steps = EnterpriseStatusChange.objects.filter(
        enterprise__unit__name="兴丰街道", to_status=UnionStatus.PROMISED, changed_on=shifted(dt.date(2026, 8, 9))
    )
    assert steps.count() == 5
    assert set(steps.values_list("changed_by__username", flat=True)) == {"team2"}
    assert steps.filter(enterprise__is_new_form=True).count() == 4
    assert steps.filter(enterprise__is_eight_group=True).count() == 1


def test_courier_and_delivery_station_in_gaomidian(seeded):
    gaomidian = Enterprise.objects.filter(unit__name="高米店街道")
    assert gaomidian.filter(eight_group__name="快递员").exists()
    # The rider and courier rest station is a service site, not an enterprise (issue 13; tests/outreach/test_demo.py).
    assert not gaomidian.filter(name__contains="驿站").exists()


def test_some_enterprises_with_a_union_run_mechanisms(seeded):
    with_union = Enterprise.objects.filter(union_status=UnionStatus.ESTABLISHED)
    assert with_union.count() >= 5
    assert with_union.filter(has_collective_bargaining=True, has_hardship_aid=True).exists()


def test_seed_prints_what_it_did(seeded):
    assert "企业：29 家" in seeded


def test_password_is_not_reset_by_the_command(db):
    call_command("seed_demo", stdout=io.StringIO())
    user = get_user_model().objects.get(username="cadre1")
    user.set_password("changed-by-cadre1")
    user.save()
    call_command("seed_demo", stdout=io.StringIO())
    user.refresh_from_db()
    assert user.check_password("changed-by-cadre1")


def test_enterprise_change_history_is_dated_like_its_status_steps(seeded):
    """修改历史 and the union-building timeline of a demo enterprise tell the same story (issue 10)."""
    checked = 0
    for change in EnterpriseStatusChange.objects.select_related("enterprise"):
        rows = change.enterprise.history.filter(union_status=change.to_status, union_status_date=change.changed_on)
        assert rows.exists()
        assert {timezone.localtime(r.history_date).date() for r in rows} == {change.changed_on}
        checked += 1
    assert checked > 10
    seeded_today = timezone.localdate()
    first_rows = [e.history.earliest("history_date") for e in Enterprise.objects.all()]
    assert all(timezone.localtime(r.history_date).date() < seeded_today for r in first_rows)


def test_last_years_campaign_is_finished_and_the_running_one_is_current(seeded):
    previous = Campaign.objects.get(name=demo.PREVIOUS_CAMPAIGN_NAME)
    assert previous.end_date < timezone.localdate()
    assert Campaign.objects.current().name == demo.CAMPAIGN_NAME


def test_a_cadre_moved_between_teams_keeps_the_history(seeded):
    from campaigns.models import TeamMembership

    cadre = get_user_model().objects.get(username=demo.MOVED_CADRE)
    rows = TeamMembership.objects.filter(user=cadre, campaign__name=demo.CAMPAIGN_NAME).order_by("valid_from")
    assert [(m.team.name, m.valid_to) for m in rows] == [
        ("第一蹲点小组", shifted(demo.MOVED_ON)),
        ("第二蹲点小组", None),
    ]
    assert [WorkTeam.objects.get(pk=pk).name for pk in team_ids_of(cadre)] == ["第二蹲点小组"]


def test_members_who_joined_when_caiyus_union_was_founded_are_recorded(seeded):
    founding = EnterpriseStatusChange.objects.get(
        enterprise__name="采育葡萄酒业有限公司", to_status=UnionStatus.ESTABLISHED
    )
    assert founding.members_joined == 55
