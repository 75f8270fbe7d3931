"""Who may see which rows: one scoped-queryset mechanism for every model.

Like NetBox's ``RestrictedQuerySet.restrict(user, action)``, scoping is
written once, here, and each model only *declares* how its rows reach a team
or an owner::

    class Visit(models.Model):
        visibility = scoping.ByTeam("team")
        objects = scoping.ScopedQuerySet.as_manager()

    class VisitPhoto(models.Model):
        visibility = scoping.ByTeam("visit__team")  # the path from the row to its team

Every page then asks ``Model.objects.visible_to(user)`` and gets the rows the
role allows (DESIGN.md §3, §9). Deny by default: an anonymous user sees
nothing, a user in no team sees no team's rows, and a model that uses
``ScopedQuerySet`` without declaring a rule raises instead of showing all.
The roles themselves are decided in ``campaigns.roles``.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from campaigns import roles


class Rule:
    """How the rows of one model reach a user. Subclasses decide for signed-in users."""

    def restrict(self, queryset, user):
        raise NotImplementedError


class EveryoneSignedIn(Rule):
    """Shared reference data (campaign headers, enterprises): every signed-in user sees every row."""

    def restrict(self, queryset, user):
        return queryset

    def __repr__(self):
        return "EveryoneSignedIn()"


class ByTeam(Rule):
    """Rows of a team: leadership, office staff and superusers see all, anyone else their teams' rows.

    ``team_path`` is the lookup from the row to its ``WorkTeam`` (``"team"``,
    ``"visit__team"``; ``"pk"`` for the team itself). Teams are those of the
    memberships valid today. ``author_path`` (``"created_by"``) leads to the
    user who made the row: they keep reading the rows they made in a team they
    were once in, after leaving it or when its campaign is over (a cadre keeps
    seeing the visits they logged), but not a row since handed to a team they
    never belonged to.
    """

    def __init__(self, team_path: str, author_path: str | None = None):
        self.team_path = team_path
        self.author_path = author_path

    def restrict(self, queryset, user):
        if roles.sees_everything(user):
            return queryset
        mine = models.Q(**{f"{self.team_path}__in": roles.team_ids_of(user)})
        if self.author_path:
            mine |= models.Q(**{self.author_path: user, f"{self.team_path}__in": roles.past_team_ids(user)})
        return queryset.filter(mine)

    def __repr__(self):
        if self.author_path:
            return f"ByTeam({self.team_path!r}, author_path={self.author_path!r})"
        return f"ByTeam({self.team_path!r})"


class ByUnit(Rule):
    """Rows of a unit (service sites): leadership, office staff and superusers see all, anyone else
    the rows of the units their teams of today cover (``campaigns.permissions.team_unit_ids``).

    ``unit_path`` is the lookup from the row to its ``UnionUnit`` (``"unit"``).
    """

    def __init__(self, unit_path: str):
        self.unit_path = unit_path

    def restrict(self, queryset, user):
        if roles.sees_everything(user):
            return queryset
        from campaigns.permissions import team_unit_ids

        return queryset.filter(**{f"{self.unit_path}__in": sorted(team_unit_ids(user))})

    def __repr__(self):
        return f"ByUnit({self.unit_path!r})"


class OwnRows(Rule):
    """Rows of one person (``owner_path`` leads to the user): they see their own, nobody else's.

    ``staff_see_all``: office staff and superusers see every row too (export
    jobs); otherwise not even leadership sees another user's rows (notices).
    """

    def __init__(self, owner_path: str, *, staff_see_all: bool = False):
        self.owner_path = owner_path
        self.staff_see_all = staff_see_all

    def restrict(self, queryset, user):
        if self.staff_see_all and roles.can_manage_master_data(user):
            return queryset
        return queryset.filter(**{self.owner_path: user})

    def __repr__(self):
        return f"OwnRows({self.owner_path!r}, staff_see_all={self.staff_see_all})"


class ScopedQuerySet(models.QuerySet):
    """A queryset whose ``visible_to(user)`` applies the model's declared ``visibility`` rule."""

    def visible_to(self, user):
        rule = getattr(self.model, "visibility", None)
        if not isinstance(rule, Rule):
            raise ImproperlyConfigured(
                f"{self.model.__name__} uses ScopedQuerySet but declares no visibility rule "
                "(e.g. visibility = scoping.ByTeam('team'))."
            )
        if user is None or not user.is_authenticated:
            return self.none()
        return rule.restrict(self, user)
