"""The demo tickets: every status and source, overdue, each step, rated; idempotent."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from campaigns.demo import shifted
from issues import demo
from issues.models import ClosingKind, EscalationStep, Satisfaction, Source, Status, WorkerIssue


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())
    return WorkerIssue.objects.all()


def test_every_status_and_source(seeded):
    assert set(seeded.values_list("status", flat=True)) == set(Status.values)
    assert set(seeded.values_list("source", flat=True)) == set(Source.values)


def test_each_escalation_step_and_closing_kind(seeded):
    assert set(seeded.values_list("escalation_step", flat=True)) == set(EscalationStep.values)
    assert set(seeded.exclude(closing_kind="").values_list("closing_kind", flat=True)) == set(ClosingKind.values)


def test_overdue_rated_and_linked_to_visits(seeded):
    assert seeded.overdue(timezone.now()).count() >= 3
    assert set(seeded.exclude(satisfaction="").values_list("satisfaction", flat=True)) == set(Satisfaction.values)
    assert seeded.filter(visit__isnull=False).count() >= 2


def test_timeline_is_backdated(seeded):
    issue = seeded.get(title="骑手反映站点拖欠两个月提成")
    kinds = list(issue.actions.values_list("kind", flat=True))
    assert kinds == ["create", "accept", "contact", "escalate", "resolve", "satisfaction"]
    assert timezone.localtime(issue.closed_at).date() == shifted(dt.date(2026, 8, 20))
    assert issue.escalation_step == 2


def test_history_and_timeline_tell_the_same_story(seeded):
    """修改历史 and 处理记录 carry the scripted times (issue 10), not the time of seeding."""
    issue = seeded.get(title="骑手反映站点拖欠两个月提成")
    escalated = issue.actions.get(kind="escalate").created_at
    history = issue.history.get(history_change_reason="上报")
    assert history.history_date == escalated
    assert timezone.localtime(escalated).date() == shifted(dt.date(2026, 8, 10))
    assert issue.created_at == issue.received_at == issue.actions.get(kind="create").created_at
    assert issue.history.earliest("history_date").history_date == issue.received_at


def test_visit_filled_in_on_its_own_day(seeded):
    from visits.models import Visit

    for visit in Visit.objects.all():
        assert timezone.localtime(visit.created_at).date() == visit.date
        assert visit.history.earliest("history_date").history_date == visit.created_at


def test_campaign_spans_today_with_recent_and_stale_units(seeded):
    from campaigns.models import Campaign
    from visits.models import Visit

    today = timezone.localdate()
    campaign = Campaign.objects.get(name=demo.CAMPAIGN_NAME)
    assert campaign.start_date <= today <= campaign.end_date
    last = Visit.objects.order_by("-date").first().date
    assert (today - last).days <= 21
    assert Visit.objects.filter(date__lt=today - dt.timedelta(days=30)).exists()


def test_seed_is_idempotent(seeded):
    before = seeded.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert WorkerIssue.objects.count() == before == len(demo.tickets())


def test_missing_campaign_is_a_note(db):
    out = io.StringIO()
    demo.seed(out)
    assert "跳过" in out.getvalue()
    assert not WorkerIssue.objects.exists()


# Hand count of the demo tickets, 15 Jul – 27 Nov 2026 (the ticket received "an hour
# before seeding" falls after the period). r = response on time / due, s = solved /
# (closed or past deadline while open), a = (满意 + 基本满意 in the callback window) / closed
# and past the 3-working-day callback window (an unrecorded callback counts as not satisfied).
#
# 第一组: r 5/6 (护理员 never responded); s 2/5 (机械厂, 护理员 open past deadline;
#         电子厂 explained); a 2/3 (电子厂 不满意)
# 第二组: r 4/6 (子女入学 responded late, 出租车 never); s 4/5 (同城配送 open past
#         deadline); a 3/4 (房产中介, closed 11-13, has no callback)
# 第三组: r 5/5; s 2/5 (货车司机 explained, 园艺 and 酒业 open past deadline — 酒业 was
#         reopened, so its 不满意 answer was cleared); a 3/3
HAND_COUNT = {
    "第一蹲点小组": ((5, 6), (2, 5), (2, 3), "62.3"),
    "第二蹲点小组": ((4, 6), (4, 5), (3, 4), "74.3"),
    "第三蹲点小组": ((5, 5), (2, 5), (3, 3), "79.0"),
}


def test_demo_rates_match_the_hand_count(seeded):
    from decimal import Decimal

    from issues.rates import compute_rates, rates_by_team

    start, end = shifted(dt.date(2026, 7, 15)), shifted(dt.date(2026, 11, 27))
    now = shifted(timezone.make_aware(dt.datetime(2026, 11, 28, 12)))
    per_team = rates_by_team(seeded, start, end, now=now)
    for team_id, rates in per_team.items():
        name = seeded.filter(team_id=team_id).first().team.name
        (rn, rd), (sn, sd), (an, ad), score = HAND_COUNT[name]
        assert (rates.response_numerator, rates.response_denominator) == (rn, rd), name
        assert (rates.resolution_numerator, rates.resolution_denominator) == (sn, sd), name
        assert (rates.satisfaction_numerator, rates.satisfaction_denominator) == (an, ad), name
        assert rates.score == Decimal(score), name
    overall = compute_rates(seeded, start, end, now=now)
    assert (overall.response_numerator, overall.response_denominator) == (14, 17)
    assert (overall.resolution_numerator, overall.resolution_denominator) == (8, 15)
    assert (overall.satisfaction_numerator, overall.satisfaction_denominator) == (8, 10)
    assert (overall.callback_numerator, overall.callback_rate) == (9, Decimal("90.0"))
    # (14/17×30 + 8/15×35 + 8/10×35) = 71.37… → 71.4
    assert overall.score == Decimal("71.4")


def test_demo_rates_on_the_list_page(client, seeded):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="leader"))
    period = {"start": shifted(dt.date(2026, 7, 15)).isoformat(), "end": shifted(dt.date(2026, 11, 27)).isoformat()}
    html = client.get(reverse("issues:list"), period).content.decode()
    assert '83.3% <span class="small text-secondary">(5/6)' in html
    assert "(14/17)" in html
    assert "71.4" in html


def test_the_scripted_tickets_are_dated_when_seeded_not_when_imported():
    """A process that imported the script one week and seeds the next gets the next week's dates."""
    with time_machine.travel(dt.datetime(2027, 3, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        first = demo.tickets()[0][10]
    with time_machine.travel(dt.datetime(2027, 3, 17, 10, 0, tzinfo=dt.UTC), tick=False):
        week_later = demo.tickets()[0][10]
    assert week_later - first == dt.timedelta(weeks=1)
