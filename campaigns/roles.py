"""Who a user is in dundian, decided in one place.

Roles (DESIGN.md §3): leadership and office staff are Django groups; team
leader and cadre come from the ``TeamMembership`` valid today (dated, per
campaign: a membership that ended, or whose campaign is over, gives no role). Every scoped queryset
(``visible_to``) and every permission check asks these functions, so a role
change is a change here and nowhere else. Answers are cached on the user
object for the length of a request.
"""

from django.contrib.auth.models import AnonymousUser
from django.db import models

LEADERSHIP_GROUP = "领导"
OFFICE_STAFF_GROUP = "工作人员"


def _group_names(user) -> frozenset:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_dundian_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._dundian_groups = cached
    return cached


def is_leadership(user) -> bool:
    return user.is_authenticated and (LEADERSHIP_GROUP in _group_names(user))


def is_office_staff(user) -> bool:
    return user.is_authenticated and (OFFICE_STAFF_GROUP in _group_names(user))


def sees_everything(user) -> bool:
    """Leadership, office staff and superusers see every team's records."""
    return user.is_authenticated and (user.is_superuser or is_leadership(user) or is_office_staff(user))


def _all_memberships(user) -> list[tuple]:
    """(team_id, role, valid today) for every membership the user ever had: one query, cached per request."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return []
    cached = getattr(user, "_dundian_memberships", None)
    if cached is None:
        from django.utils import timezone

        from campaigns.models import TeamMembership

        today = timezone.localdate()
        # One query: the validity rule stays in TeamMembershipQuerySet.valid_on (a subquery here).
        rows = TeamMembership.objects.filter(user=user).annotate(
            now=models.Exists(TeamMembership.objects.valid_on(today).filter(pk=models.OuterRef("pk")))
        )
        cached = [(team_id, role, now) for team_id, role, now in rows.values_list("team_id", "role", "now")]
        user._dundian_memberships = cached
    return cached


def _memberships(user) -> dict:
    """{team_id: role} for the user's teams today."""
    return {team_id: role for team_id, role, now in _all_memberships(user) if now}


def past_team_ids(user) -> list[int]:
    """Every team the user was ever a member of (any campaign, any dates)."""
    return sorted({team_id for team_id, _role, _now in _all_memberships(user)})


def team_ids_of(user) -> list[int]:
    """Teams the user belongs to today (as leader or member)."""
    return sorted(_memberships(user))


def led_team_ids(user) -> list[int]:
    return sorted(tid for tid, role in _memberships(user).items() if role == "leader")


def is_team_leader(user, team_id=None) -> bool:
    led = led_team_ids(user)
    return bool(led) if team_id is None else team_id in led


def is_team_member(user, team_id) -> bool:
    return team_id in _memberships(user)


def can_manage_master_data(user) -> bool:
    """Units, enterprises, teams and campaigns are kept by office staff."""
    return user.is_authenticated and (user.is_superuser or is_office_staff(user))


def role_label(user) -> str:
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return "系统管理员"
    if is_leadership(user):
        return "领导"
    if is_office_staff(user):
        return "工作人员"
    if led_team_ids(user):
        return "组长"
    if team_ids_of(user):
        return "组员"
    return "未分组"


def forget(user) -> None:
    """Drop the cached answers (after a membership or group change)."""
    for attr in ("_dundian_groups", "_dundian_memberships", "_dundian_team_unit_ids"):
        if hasattr(user, attr):
            delattr(user, attr)
