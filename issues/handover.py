"""Handing a cadre's open tickets over when they leave a team (issue 11).

``campaigns.memberships`` sends ``membership_ending`` before it ends a
membership (a move to another team, someone leaving); the receiver here gives
the member's open tickets of that team to its leader through ``workflow``
(指派, one timeline entry each) and notifies the leader once. With no other
leader to receive them it refuses (ValidationError), and the move is undone.
"""

from django.core.exceptions import ValidationError
from django.dispatch import receiver

from campaigns.memberships import membership_ending
from campaigns.models import TeamMembership
from notifications.models import Kind
from notifications.services import link, notify

from . import workflow
from .models import IssueAction, Status, WorkerIssue


def _person(user) -> str:
    return user.get_full_name() or user.username


def hand_over_open_tickets(membership: TeamMembership, *, by, reason: str) -> list:
    """Give the member's open tickets of the team to its leader (workflow 指派, one entry each), notify the leader.

    Returns the tickets handed over. Refuses (ValidationError) when the team has
    no other leader to receive them.
    """
    tickets = list(
        WorkerIssue.objects.filter(
            team_id=membership.team_id, handler_id=membership.user_id, status__in=(Status.NEW, Status.PROCESSING)
        ).order_by("pk")
    )
    if not tickets:
        return []
    leader_row = (
        TeamMembership.objects.current()
        .filter(team_id=membership.team_id, role=TeamMembership.Role.LEADER)
        .exclude(user_id=membership.user_id)
        .select_related("user")
        .first()
    )
    if leader_row is None:
        raise ValidationError(
            {
                "team": f"{membership.team}没有其他组长接收{_person(membership.user)}承办的{len(tickets)}件工单，请先指定组长。"
            }
        )
    leader = leader_row.user
    for ticket in tickets:
        try:
            workflow.perform(
                ticket.pk,
                by,
                IssueAction.Kind.ASSIGN,
                version=ticket.version,
                handler=leader,
                note=f"原承办人{_person(membership.user)}{reason}，移交组长办理",
            )
        except workflow.TransitionError as error:
            raise ValidationError({"team": f"工单{ticket.code}未能移交：{error.message}"}) from error
    notify(
        leader,
        kind=Kind.ISSUES_HANDED_OVER,
        object_key=f"membership:{membership.pk}",
        title=f"{_person(membership.user)}{reason}，{len(tickets)}件工单已移交给您",
        body="、".join(t.code for t in tickets),
        url=link("issues:list"),
    )
    return tickets


@receiver(membership_ending, dispatch_uid="issues.handover")
def _on_membership_ending(sender, membership, by, reason, **kwargs):
    hand_over_open_tickets(membership, by=by, reason=reason)
