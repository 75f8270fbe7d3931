"""The leadership dashboard and the team's home page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from campaigns.roles import sees_everything, team_ids_of

from .overview import dashboard_context, home_context
from .scope import resolve_scope, team_scope_for_home


@login_required
def index(request):
    """/dashboard/: the campaign on one screen (all teams, or the user's own team)."""
    scope = resolve_scope(request)
    context = {"scope": scope, "form": scope.form, **dashboard_context(scope)}
    return render(request, "dashboard/index.html", context)


@login_required
def home(request):
    """/dashboard/today/: the team's work for today, the home of cadres and team leaders."""
    if sees_everything(request.user) and not team_ids_of(request.user):
        return redirect("dashboard:index")
    scope = team_scope_for_home(request)
    return render(request, "dashboard/home.html", {"scope": scope, **home_context(scope)})
