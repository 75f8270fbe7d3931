"""Referrals from a ticket: 法律援助, 心理疏导, 困难帮扶, with the date and the result."""

import datetime as dt

from django.urls import reverse

from issues.models import IssueAction
from mediation.models import Referral


def test_handler_refers_the_worker_to_legal_aid_and_records_the_result(client, world, dispute):
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("mediation:referral_create", args=[dispute.pk]),
        {"service": "legal_aid", "referred_on": "2026-08-06", "provider": "区法律援助中心"},
        follow=True,
    )
    assert "已转介法律援助" in response.content.decode()
    referral = Referral.objects.get()
    response = client.post(
        reverse("mediation:referral_result", args=[referral.pk]),
        {"result": "done", "result_on": "2026-08-15", "note": "指派律师代理"},
        follow=True,
    )
    text = response.content.decode()
    assert "法律援助：2026-08-06 转介至区法律援助中心，已提供服务（2026-08-15）" in text
    kinds = list(dispute.actions.values_list("kind", flat=True))
    assert kinds == [IssueAction.Kind.REFERRAL, IssueAction.Kind.REFERRAL_DONE]


def test_a_result_dated_before_the_referral_is_refused(client, world, dispute):
    client.force_login(world.cadre_a)
    client.post(
        reverse("mediation:referral_create", args=[dispute.pk]), {"service": "counselling", "referred_on": "2026-08-06"}
    )
    referral = Referral.objects.get()
    response = client.post(
        reverse("mediation:referral_result", args=[referral.pk]), {"result": "done", "result_on": "2026-08-05"}
    )
    assert response.status_code == 400
    assert "反馈日期不能早于转介日期（2026-08-06）" in response.content.decode()
    referral.refresh_from_db()
    assert referral.result == "pending"


def test_the_same_service_twice_is_refused(client, world, dispute):
    client.force_login(world.cadre_a)
    url = reverse("mediation:referral_create", args=[dispute.pk])
    client.post(url, {"service": "hardship", "referred_on": "2026-08-06"})
    response = client.post(url, {"service": "hardship", "referred_on": "2026-08-07"})
    assert response.status_code == 400
    assert "该工单已转介困难帮扶" in response.content.decode()
    assert Referral.objects.count() == 1


def test_referral_list_is_scoped_and_masked(client, world, dispute, dispute_b):
    from mediation import services
    from tests.factories import MembershipFactory, UserFactory

    services.refer(dispute.pk, world.cadre_a, service="legal_aid", referred_on=dt.date(2026, 8, 6))
    services.refer(dispute_b.pk, world.cadre_b, service="hardship", referred_on=dt.date(2026, 8, 6))
    masked = MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user
    client.force_login(masked)
    text = client.get(reverse("mediation:referral_list")).content.decode()
    assert dispute.code in text and dispute_b.code not in text
    assert "欧阳秀英" not in text and "欧***" in text
