"""Who may do what with service sites and projects, on top of ``campaigns.roles``.

- Sites: everyone sees the sites of the units their teams cover (leadership and
  office staff: all, ``scoping.ByUnit``); office staff register and change any,
  cadres and team leaders those in their teams' units; leadership reads.
- Turning an enterprise record into a site and marking 重点企业: office staff.
- Projects: a team's members register them (office staff for any team); the
  team leader, the responsible cadre, the registrant (while in the team) and
  office staff change them and move their status; leadership reads.
"""

from campaigns import roles
from campaigns.permissions import team_unit_ids

from .services import can_manage_sites


def can_edit_site(user, site) -> bool:
    if roles.can_manage_master_data(user):
        return True
    return can_manage_sites(user) and site.unit_id in team_unit_ids(user)


def project_teams_for(user):
    """Teams a user may register a project for: office staff any active team, members their own."""
    from campaigns.models import WorkTeam

    teams = WorkTeam.objects.filter(campaign__is_active=True).select_related("campaign")
    if not user.is_authenticated:
        return teams.none()
    if roles.can_manage_master_data(user):
        return teams
    if roles.is_leadership(user):
        return teams.none()
    return teams.filter(pk__in=roles.team_ids_of(user))


def can_edit_project(user, project) -> bool:
    if not user.is_authenticated:
        return False
    if roles.can_manage_master_data(user) or roles.is_team_leader(user, project.team_id):
        return True
    in_team = roles.is_team_member(user, project.team_id)
    return in_team and user.pk in (project.responsible_id, project.created_by_id)
