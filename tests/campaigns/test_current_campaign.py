"""Which campaign is the current one: running, else the latest begun, else the next to come — one query each way."""

import datetime as dt

import pytest

from campaigns.models import Campaign
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 9, 1)


def _campaign(name, start, end, active=True):
    return CampaignFactory(name=name, start_date=start, end_date=end, is_active=active)


def test_the_running_campaign_before_one_begun_later_or_ended(django_assert_num_queries):
    _campaign("去年", dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    running = _campaign("今年", dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    _campaign("明年", dt.date(2027, 7, 1), dt.date(2027, 12, 31))
    with django_assert_num_queries(1):
        assert Campaign.objects.current(DAY) == running


def test_an_active_running_campaign_before_an_inactive_one_begun_later():
    active = _campaign("区级", dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    _campaign("已停用", dt.date(2026, 8, 1), dt.date(2026, 12, 31), active=False)
    assert Campaign.objects.current(DAY) == active


def test_of_two_running_the_later_begun(django_assert_num_queries):
    _campaign("上半场", dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    later = _campaign("下半场", dt.date(2026, 8, 1), dt.date(2026, 12, 31))
    with django_assert_num_queries(1):
        assert Campaign.objects.current(DAY) == later


def test_between_campaigns_the_latest_begun(django_assert_num_queries):
    _campaign("前年", dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    last = _campaign("去年", dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    _campaign("明年", dt.date(2027, 7, 1), dt.date(2027, 12, 31))
    with django_assert_num_queries(1):
        assert Campaign.objects.current(DAY) == last


def test_before_any_has_begun_the_next_to_come(django_assert_num_queries):
    _campaign("后年", dt.date(2028, 7, 1), dt.date(2028, 12, 31))
    nearest = _campaign("明年", dt.date(2027, 7, 1), dt.date(2027, 12, 31), active=False)
    with django_assert_num_queries(1):
        assert Campaign.objects.current(DAY) == nearest


def test_no_campaign_at_all_is_none(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert Campaign.objects.current(DAY) is None


def test_a_narrowed_and_distinct_list_keeps_the_rule(world):
    _campaign("明年", dt.date(2027, 7, 1), dt.date(2027, 12, 31))
    mine = Campaign.objects.filter(teams__in=[world.team_a.pk]).distinct()
    assert mine.current(DAY) == world.campaign
