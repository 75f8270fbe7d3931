"""Drill-down addresses: every dashboard figure opens the filtered list behind it.

The query parameter names are the ones the target lists read:
visits (``visits.filters.VisitFilter``: team, unit, date_from, date_to),
work plans (``PlanFilter``: team, unit, status, date_from, date_to), tickets
(``issues.views.listing``: team, unit, status, view (open, overdue, escalated …),
step, category, source, start, end on the received date) and enterprises
(``EnterpriseFilterForm``: unit, team, status, new_form, eight_group). A list
that does not exist yet gives ``None`` and the figure is shown without a link.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode


def _url(name, **params):
    try:
        base = reverse(name)
    except NoReverseMatch:
        return None
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def _id(obj):
    return getattr(obj, "pk", obj)


def _dates(scope):
    """The period as list filters: the chosen one, else the campaign's dates (lists span all campaigns)."""
    campaign = scope.campaign
    start = scope.start or (campaign.start_date if campaign else None)
    end = scope.end or (campaign.end_date if campaign else None)
    return {"date_from": start.isoformat() if start else None, "date_to": end.isoformat() if end else None}


class Links:
    """URL builders bound to one dashboard scope."""

    def __init__(self, scope, *, dated=True):
        self.scope = scope
        self.dated = dated

    def _dates(self):
        return _dates(self.scope) if self.dated else {"date_from": None, "date_to": None}

    def _team(self, team=None):
        team = team or self.scope.team
        return _id(team) if team else None

    def visits(self, team=None, unit=None):
        return _url("visits:list", team=self._team(team), unit=_id(unit) if unit else None, **self._dates())

    def plans(self, team=None, status=None):
        return _url("visits:plan_list", team=self._team(team), status=status, **self._dates())

    def issues(self, team=None, unit=None, **filters):
        dates = self._dates()
        return _url(
            "issues:list",
            team=self._team(team),
            unit=_id(unit) if unit else None,
            start=dates["date_from"],
            end=dates["date_to"],
            **filters,
        )

    def enterprises(self, team=None, unit=None, **filters):
        """Enterprises are not dated: their status is the current one whatever the period."""
        return _url("campaigns:enterprise_list", team=self._team(team), unit=_id(unit) if unit else None, **filters)

    def _scope_params(self):
        """The scope as the dashboard's own filters: the campaign pinned, so a later load shows the same one."""
        scope = self.scope
        return {
            "campaign": _id(scope.campaign) if scope.campaign else None,
            "team": _id(scope.team) if scope.team else None,
            "date_from": scope.start.isoformat() if scope.start else None,
            "date_to": scope.end.isoformat() if scope.end else None,
        }

    def dashboard(self):
        return _url("dashboard:index", **self._scope_params())

    def section(self, name):
        """A 基层服务 section of this scope, loaded after the page (``dashboard.sections``)."""
        return _url(f"dashboard:{name}_section", **self._scope_params())
