"""People pages for office staff: who is in which team (with history), moves, leavers, passwords.

Outside the admin (issue 11). Only office staff and superusers
(``roles.can_manage_master_data``); every change goes through
``campaigns.memberships`` or ``campaigns.accounts``.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import accounts, memberships, roles
from campaigns.models import TeamMembership
from campaigns.people_forms import LeaveForm, MoveForm

User = get_user_model()


def _staff_only(request):
    if not roles.can_manage_master_data(request.user):
        raise PermissionDenied("只有工作人员可以管理人员与小组。")


def _history():
    return Prefetch(
        "team_memberships",
        queryset=TeamMembership.objects.select_related("team__campaign").order_by("-valid_from", "-pk"),
        to_attr="membership_history",
    )


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [m for msgs in error.message_dict.values() for m in msgs]
    return list(error.messages)


@login_required
def people_list(request):
    _staff_only(request)
    show_inactive = request.GET.get("inactive") == "1"
    people = User.objects.filter(is_superuser=False).prefetch_related(_history()).order_by("-is_active", "username")
    if not show_inactive:
        people = people.filter(is_active=True)
    return render(request, "campaigns/people_list.html", {"people": people, "show_inactive": show_inactive})


def _person(pk):
    return get_object_or_404(User.objects.filter(is_superuser=False).prefetch_related(_history()), pk=pk)


@login_required
def person_move(request, pk):
    _staff_only(request)
    person = _person(pk)
    form = MoveForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            memberships.move(person, data["team"], on=data["on"], role=data["role"], by=request.user)
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(request, f"已将{person.get_full_name() or person.username}调入{data['team']}。")
            return redirect("campaigns:people")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "campaigns/person_move.html", {"person": person, "form": form, "problems": problems}, status=status
    )


@login_required
def person_leave(request, pk):
    _staff_only(request)
    person = _person(pk)
    form = LeaveForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            accounts.deactivate(person, by=request.user, on=form.cleaned_data["on"])
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(
                request, f"{person.get_full_name() or person.username}的账号已停用，未办结工单已移交组长。"
            )
            return redirect("campaigns:people")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "campaigns/person_leave.html", {"person": person, "form": form, "problems": problems}, status=status
    )


@require_POST
@login_required
def person_password(request, pk):
    """Reset a password: the temporary password is shown once, on this response only."""
    _staff_only(request)
    person = _person(pk)
    try:
        password = accounts.reset_password(person)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect("campaigns:people")
    response = render(request, "campaigns/person_password.html", {"person": person, "password": password})
    response["Cache-Control"] = "no-store"
    return response
