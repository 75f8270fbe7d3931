"""Staff merge and split units: form → preview (what moves by which rule) → confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from campaigns import roles
from campaigns.models import UnitChange

from ..unit_change_forms import HandoverForm, MergeForm, SplitForm
from ..unit_changes import UnitChangeError, apply_change, hand_over, plan_change, plan_handover


def _staff_only(user):
    if not roles.can_manage_master_data(user):
        raise PermissionDenied("单位合并、拆分由工作人员办理。")


@login_required
def change_list(request):
    _staff_only(request.user)
    changes = UnitChange.objects.visible_to(request.user).prefetch_related("sources", "successors")
    return render(request, "issues/unit_change_list.html", {"changes": changes})


def _change_page(request, form_class, title):
    _staff_only(request.user)
    form = form_class(request.POST or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        plan = plan_change(**form.plan_args(), note=form.cleaned_data["note"])
        if "confirm" in request.POST and not plan.errors:
            try:
                change = apply_change(plan, request.user)
            except UnitChangeError as exc:
                plan.errors = exc.errors
            else:
                messages.success(request, f"已完成单位{change.get_kind_display()}：{change.summary.splitlines()[0]}")
                return redirect("unit_changes:list")
    return render(request, "issues/unit_change_form.html", {"form": form, "plan": plan, "title": title})


@login_required
def merge(request):
    return _change_page(request, MergeForm, "单位合并")


@login_required
def split(request):
    return _change_page(request, SplitForm, "单位拆分")


@login_required
def handover(request):
    """A unit handed to another team mid-campaign: preview, then confirm."""
    _staff_only(request.user)
    form = HandoverForm(request.POST or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        plan = plan_handover(d["assignment"], d["to_team"], d["on_date"])
        if "confirm" in request.POST and not plan.errors:
            try:
                new = hand_over(plan, request.user)
            except UnitChangeError as exc:
                plan.errors = exc.errors
            else:
                messages.success(request, f"已移交：{new.unit}自{new.valid_from:%Y-%m-%d}起由{new.team}负责。")
                return redirect("unit_changes:list")
    return render(request, "issues/unit_change_form.html", {"form": form, "plan": plan, "title": "单位移交"})
