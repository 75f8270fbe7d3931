"""Who may do what with enterprises (shared reference data).

Decided once here, on top of ``campaigns.roles``:

- **view**: every signed-in user. Enterprises are reference data that every
  team meets in the field; they hold nothing of a team's own work.
- **create**: office staff and superusers (any unit), and cadres and team
  leaders, who meet enterprises in the field, but only under a unit assigned to
  one of their teams. Leadership and users in no team may not (403).
- **edit** the record itself (name, code, flags, counts, mechanisms): office
  staff and superusers only: it is master data (DESIGN.md §3).
- **change the union-building status**: office staff and superusers, and
  cadres and team leaders of a team the enterprise's unit is assigned to:
  they are the ones who push it towards a union. Leadership may not.
"""

from campaigns import roles


def team_unit_ids(user) -> set[int]:
    """Units assigned to the user's teams of today (memberships valid now, campaigns not over)."""
    team_ids = roles.team_ids_of(user)
    if not team_ids:
        return set()
    cached = getattr(user, "_dundian_team_unit_ids", None)
    if cached is None:
        from campaigns.models import Assignment

        cached = set(Assignment.objects.filter(team_id__in=team_ids).values_list("unit_id", flat=True))
        user._dundian_team_unit_ids = cached
    return cached


def can_create_enterprise(user) -> bool:
    if roles.can_manage_master_data(user):
        return True
    return user.is_authenticated and not roles.is_leadership(user) and bool(team_unit_ids(user))


def units_for_new_enterprise(user):
    """The units a user may file a new enterprise under."""
    from campaigns.models import UnionUnit

    units = UnionUnit.objects.filter(is_active=True)
    if roles.can_manage_master_data(user):
        return units
    if not can_create_enterprise(user):
        return units.none()
    return units.filter(pk__in=team_unit_ids(user))


def can_edit_enterprise(user, enterprise) -> bool:
    return roles.can_manage_master_data(user)


def can_change_union_status(user, enterprise) -> bool:
    if roles.can_manage_master_data(user):
        return True
    if not user.is_authenticated or roles.is_leadership(user):
        return False
    return enterprise.unit_id in team_unit_ids(user)
