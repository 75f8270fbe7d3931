from django.utils.functional import SimpleLazyObject

from campaigns import roles
from workdays.services import missing_next_year


def role_flags(request):
    """What the navigation needs to show each role only what it may use."""
    user = request.user
    return {
        "role_label": roles.role_label(user),
        "user_sees_everything": roles.sees_everything(user),
        "user_is_leadership": roles.is_leadership(user),
        "user_is_office_staff": roles.is_office_staff(user),
        "user_is_team_leader": roles.is_team_leader(user),
        "user_can_manage_master_data": roles.can_manage_master_data(user),
        # From 1 November, office staff are told when next year's holiday schedule is not loaded.
        "calendar_missing_year": SimpleLazyObject(lambda: missing_next_year() if roles.is_office_staff(user) else None),
    }
