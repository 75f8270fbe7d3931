"""Who is in which team, from when to when: the one writer of TeamMembership.

A membership belongs to one team of one campaign and runs from ``valid_from``
until ``valid_to`` (the first day no longer in the team; empty: open). It is
never deleted: a cadre who moves or leaves gets an end date, so who was in which
team stays on record. Overlapping memberships of one user in one campaign are
refused here with a Chinese message (SQLite has no exclusion constraint); the
database backs the common case with a unique constraint on open memberships.

Moving a cadre (``move``) and a cadre leaving (``end_all``, used by the
accounts page) hand the cadre's open tickets of the team left to its leader
through ``issues.workflow`` (one timeline entry each) and notify the leader.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from campaigns import roles
from campaigns.models import TeamMembership, WorkTeam


def _person(user) -> str:
    return user.get_full_name() or user.username


def overlapping(user, campaign_id, start: dt.date, end: dt.date | None, exclude_pk=None):
    """The user's memberships in the campaign that share a day with [start, end)."""
    rows = TeamMembership.objects.filter(user=user, campaign_id=campaign_id).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    if end is not None:
        rows = rows.filter(valid_from__lt=end)
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.select_related("team__campaign")


@transaction.atomic
def add_member(team: WorkTeam, user, *, role=TeamMembership.Role.MEMBER, since=None, until=None) -> TeamMembership:
    """Put ``user`` into ``team`` from ``since`` (default: the campaign's start) until ``until`` (open)."""
    campaign = team.campaign
    since = since or campaign.start_date
    if until is not None and until < since:
        raise ValidationError({"valid_to": "截止日期不能早于起始日期。"})
    if since > campaign.end_date:
        raise ValidationError({"valid_from": f"起始日期不能晚于活动结束日期（{campaign.end_date:%Y-%m-%d}）。"})
    clash = overlapping(user, campaign.pk, since, until).first()
    if clash is not None:
        raise ValidationError(
            {"team": f"{_person(user)}在本次活动中已属于{clash.team}（{clash.period_label}），时间不能重叠。"}
        )
    if role == TeamMembership.Role.LEADER:
        other = TeamMembership.objects.filter(team=team, role=role, valid_to__isnull=True).first()
        if other is not None and until is None:
            raise ValidationError({"role": f"{team}已有组长{_person(other.user)}，请先结束其组长任期。"})
    membership = TeamMembership.objects.create(team=team, user=user, role=role, valid_from=since, valid_to=until)
    roles.forget(user)
    return membership


@transaction.atomic
def end_membership(membership: TeamMembership, *, on: dt.date) -> TeamMembership:
    """End a membership: from ``on`` the user is no longer in the team."""
    locked = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.valid_to is not None and locked.valid_to <= on:
        raise ValidationError({"valid_to": f"该成员已于{locked.valid_to:%Y-%m-%d}离开{locked.team}。"})
    if on < locked.valid_from:
        raise ValidationError({"valid_to": f"离组日期不能早于入组日期（{locked.valid_from:%Y-%m-%d}）。"})
    # update(), not save(): this module also hands tickets over (tests/test_one_writer.py).
    TeamMembership.objects.filter(pk=locked.pk).update(valid_to=on)
    locked.valid_to = membership.valid_to = on
    roles.forget(locked.user)
    return locked


def hand_over_open_tickets(membership: TeamMembership, *, by, reason: str) -> list:
    """Give the member's open tickets of the team to its leader (workflow 指派, one entry each), notify the leader.

    Returns the tickets handed over. Refuses (ValidationError) when the team has
    no other leader to receive them.
    """
    from issues import workflow
    from issues.models import IssueAction, Status, WorkerIssue
    from notifications.models import Kind
    from notifications.services import link, notify

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


@transaction.atomic
def move(user, to_team: WorkTeam, *, on: dt.date | None = None, role=TeamMembership.Role.MEMBER, by) -> TeamMembership:
    """Move ``user`` to ``to_team`` from ``on`` (default today): one staff action.

    Ends the membership of the same campaign valid on ``on``, hands the user's
    open tickets of that team to its leader (timeline entries, a notification)
    and starts the new membership. All or nothing.
    """
    on = on or timezone.localdate()
    current = (
        TeamMembership.objects.filter(user=user, campaign_id=to_team.campaign_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("team__campaign")
        .first()
    )
    if current is not None and current.team_id == to_team.pk:
        raise ValidationError({"team": f"{_person(user)}已在{to_team}。"})
    if not to_team.campaign.contains(on):
        raise ValidationError({"valid_from": "调动日期须在该活动期间内。"})
    if current is not None:
        hand_over_open_tickets(current, by=by, reason=f"调至{to_team}")
        end_membership(current, on=on)
    return add_member(to_team, user, role=role, since=on)


@transaction.atomic
def end_all(user, *, on: dt.date | None = None, by, reason: str = "离开蹲点工作") -> list[TeamMembership]:
    """End every open membership of ``user`` (someone who leaves), handing their open tickets over."""
    on = on or timezone.localdate()
    ended = []
    for membership in TeamMembership.objects.filter(user=user).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)):
        hand_over_open_tickets(membership, by=by, reason=reason)
        # A membership not begun yet ends on its first day (kept, zero days long).
        ended.append(end_membership(membership, on=max(on, membership.valid_from)))
    return ended
