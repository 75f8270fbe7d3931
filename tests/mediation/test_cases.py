"""言和 cases from the ticket page: hand-over and outcome as the roles that use them, and bad input."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from issues.models import IssueAction
from mediation.models import YanheCase
from tests.factories import IssueFactory

from .conftest import hand


def test_cadre_hands_a_wage_dispute_to_yanhe_from_the_ticket(client, world, dispute):
    client.force_login(world.cadre_a)
    page = client.get(reverse("issues:detail", args=[dispute.pk])).content.decode()
    assert reverse("mediation:handover", args=[dispute.pk]) in page

    response = client.post(
        reverse("mediation:handover", args=[dispute.pk]),
        {"case_number": "YH-2026-0001", "handed_over_on": "2026-08-05", "note": "职工同意在线调解"},
        follow=True,
    )

    text = response.content.decode()
    assert "已移交言和调解，案件编号 YH-2026-0001" in text
    assert "调解中" in text
    case = YanheCase.objects.get(issue=dispute)
    assert (case.case_number, case.handed_over_on, case.created_by) == (
        "YH-2026-0001",
        dt.date(2026, 8, 5),
        world.cadre_a,
    )
    entry = dispute.actions.get(kind=IssueAction.Kind.YANHE_HANDOVER)
    assert "YH-2026-0001" in entry.note and entry.actor == world.cadre_a


def test_the_handover_entry_is_on_the_ticket_timeline(client, world, dispute):
    hand(dispute, world.cadre_a)
    client.force_login(world.leader_a)
    text = client.get(reverse("issues:detail", args=[dispute.pk])).content.decode()
    assert 'data-kind="yanhe_handover"' in text
    assert "移交言和调解" in text


def test_staff_record_settled_with_amount_on_the_case_page(client, world, dispute):
    case = hand(dispute, world.cadre_a)
    client.force_login(world.office_staff)
    response = client.post(
        reverse("mediation:case_outcome", args=[case.pk]),
        {"outcome": "settled", "outcome_on": "2026-08-20", "amount": "12000.50"},
        follow=True,
    )
    assert "已登记调解结果" in response.content.decode()
    case.refresh_from_db()
    assert (case.outcome, case.outcome_on, case.amount) == ("settled", dt.date(2026, 8, 20), Decimal("12000.50"))
    entry = dispute.actions.get(kind=IssueAction.Kind.YANHE_OUTCOME)
    assert "调解成功" in entry.note and "12,000.50" in entry.note


def test_a_case_number_used_on_another_ticket_is_refused_and_nothing_saved(client, world, dispute):
    other = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a, category="dispute")
    hand(other, world.cadre_a, number="YH-2026-0001")
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("mediation:handover", args=[dispute.pk]),
        {"case_number": "YH-2026-0001", "handed_over_on": "2026-08-05"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"言和案件编号“YH-2026-0001”已用于工单 {other.code}" in text
    assert 'value="YH-2026-0001"' in text  # what was typed is kept
    assert not YanheCase.objects.filter(issue=dispute).exists()
    assert not dispute.actions.exists()


def test_an_outcome_dated_before_the_handover_is_refused(client, world, dispute):
    case = hand(dispute, world.cadre_a, day=dt.date(2026, 8, 10))
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("mediation:case_outcome", args=[case.pk]), {"outcome": "arbitration", "outcome_on": "2026-08-09"}
    )
    assert response.status_code == 400
    assert "结果日期（2026-08-09）不能早于移交言和的日期（2026-08-10）" in response.content.decode()
    case.refresh_from_db()
    assert case.outcome == "pending"
    assert dispute.actions.filter(kind=IssueAction.Kind.YANHE_OUTCOME).count() == 0


def test_a_negative_amount_is_refused(client, world, dispute):
    case = hand(dispute, world.cadre_a)
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("mediation:case_outcome", args=[case.pk]),
        {"outcome": "settled", "outcome_on": "2026-08-20", "amount": "-1"},
    )
    assert response.status_code == 400
    assert "调解金额不能为负数" in response.content.decode()
    case.refresh_from_db()
    assert case.outcome == "pending" and case.amount is None


def test_an_amount_on_a_case_sent_to_arbitration_is_refused(client, world, dispute):
    case = hand(dispute, world.cadre_a)
    client.force_login(world.office_staff)
    response = client.post(
        reverse("mediation:case_outcome", args=[case.pk]),
        {"outcome": "arbitration", "outcome_on": "2026-08-20", "amount": "100"},
    )
    assert response.status_code == 400
    assert "只有调解成功的案件填写调解金额" in response.content.decode()


def test_a_handover_before_the_ticket_was_received_is_refused(client, world, dispute):
    client.force_login(world.cadre_a)
    response = client.post(
        reverse("mediation:handover", args=[dispute.pk]), {"case_number": "YH-1", "handed_over_on": "2026-08-01"}
    )
    assert response.status_code == 400
    assert "移交日期不能早于工单受理登记日期（2026-08-03）" in response.content.decode()
    assert not YanheCase.objects.exists()


def test_a_ticket_that_is_not_a_dispute_offers_no_handover(client, world):
    hardship = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a, category="hardship")
    client.force_login(world.cadre_a)
    assert (
        reverse("mediation:handover", args=[hardship.pk])
        not in client.get(reverse("issues:detail", args=[hardship.pk])).content.decode()
    )
    response = client.post(
        reverse("mediation:handover", args=[hardship.pk]), {"case_number": "YH-1", "handed_over_on": "2026-08-05"}
    )
    assert response.status_code == 302
    assert not YanheCase.objects.exists()


def test_another_teams_cadre_gets_404(client, world, dispute):
    client.force_login(world.cadre_b)
    assert client.get(reverse("mediation:handover", args=[dispute.pk])).status_code == 404


def test_leadership_sees_the_case_but_cannot_record_an_outcome(client, world, dispute):
    case = hand(dispute, world.cadre_a)
    client.force_login(world.leadership)
    text = client.get(reverse("issues:detail", args=[dispute.pk])).content.decode()
    assert "YH-2026-0001" in text
    assert reverse("mediation:case_outcome", args=[case.pk]) not in text
    assert client.get(reverse("mediation:case_outcome", args=[case.pk])).status_code == 403


def test_case_list_is_scoped_to_the_team(client, world, dispute, dispute_b):
    hand(dispute, world.cadre_a, number="YH-A")
    hand(dispute_b, world.cadre_b, number="YH-B")
    client.force_login(world.cadre_a)
    text = client.get(reverse("mediation:case_list")).content.decode()
    assert "YH-A" in text and "YH-B" not in text
    client.force_login(world.leadership)
    text = client.get(reverse("mediation:case_list")).content.decode()
    assert "YH-A" in text and "YH-B" in text


def test_case_list_masks_the_worker_for_a_cadre_who_does_not_handle_the_ticket(client, world, dispute):
    from tests.factories import MembershipFactory, UserFactory

    hand(dispute, world.cadre_a)
    other_cadre = MembershipFactory(team=world.team_a, user=UserFactory(username="cadre_a2")).user
    client.force_login(other_cadre)
    text = client.get(reverse("mediation:case_list")).content.decode()
    assert "欧*** " in text or "欧***<" in text
    assert "欧阳秀英" not in text
    client.force_login(world.cadre_a)
    assert "欧阳秀英" in client.get(reverse("mediation:case_list")).content.decode()


def test_case_list_filters_by_outcome(client, world, dispute, dispute_b):
    from mediation.services import apply_case_update

    hand(dispute, world.cadre_a, number="YH-A")
    hand(dispute_b, world.cadre_b, number="YH-B")
    apply_case_update(
        case_number="YH-B", outcome="settled", outcome_date=dt.date(2026, 8, 9), actor=world.office_staff, via="page"
    )
    client.force_login(world.office_staff)
    text = client.get(reverse("mediation:case_list"), {"outcome": "settled"}).content.decode()
    assert "YH-B" in text and "YH-A" not in text


def test_case_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for n in range(8):
        issue = IssueFactory(assignment=world.assignment_a, created_by=world.cadre_a, category="dispute")
        hand(issue, world.cadre_a, number=f"YH-{n}")
    client.force_login(world.office_staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("mediation:case_list")).status_code == 200
