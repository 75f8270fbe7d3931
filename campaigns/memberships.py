"""Who is in which team, from when to when: the one writer of TeamMembership.

A membership belongs to one team of one campaign and runs from ``valid_from``
until ``valid_to`` (the first day no longer in the team; empty: open). It is
never deleted: a cadre who moves or leaves gets an end date, so who was in which
team stays on record. Overlapping memberships of one user in one campaign are
refused here with a Chinese message (SQLite has no exclusion constraint); the
database backs the common case with a unique constraint on open memberships.

Moving a cadre (``move``) and a cadre leaving (``end_all``, used by the
accounts page) send ``membership_ending`` before a membership ends, inside the
transaction: ``issues.handover`` hands the cadre's open tickets of the team
left to its leader (one timeline entry each, a notice to the leader) or refuses
with a ValidationError, which undoes the whole move. A signal, because
campaigns is the lowest domain app and never imports issues or notifications.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from campaigns import roles
from campaigns.models import TeamMembership, WorkTeam

# Sent with ``membership``, ``by`` and ``reason`` just before a membership ends; a receiver may
# raise ValidationError (Chinese message) to refuse the change.
membership_ending = Signal()


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
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                team=team, user=user, role=role, valid_from=since, valid_to=until
            )
    except IntegrityError:
        # Someone else changed the team at the same moment: the constraints said no.
        raise ValidationError({"team": "成员信息刚被他人修改，请刷新后重试。"}) from None
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
    TeamMembership.objects.filter(pk=locked.pk).update(valid_to=on)
    locked.valid_to = membership.valid_to = on
    roles.forget(locked.user)
    return locked


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
        membership_ending.send(sender=TeamMembership, membership=current, by=by, reason=f"调至{to_team}")
        end_membership(current, on=on)
    return add_member(to_team, user, role=role, since=on)


@transaction.atomic
def end_all(user, *, on: dt.date | None = None, by, reason: str = "离开蹲点工作") -> list[TeamMembership]:
    """End every open membership of ``user`` (someone who leaves), handing their open tickets over."""
    on = on or timezone.localdate()
    ended = []
    for membership in TeamMembership.objects.filter(user=user).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)):
        membership_ending.send(sender=TeamMembership, membership=membership, by=by, reason=reason)
        # A membership not begun yet ends on its first day (kept, zero days long).
        ended.append(end_membership(membership, on=max(on, membership.valid_from)))
    return ended
