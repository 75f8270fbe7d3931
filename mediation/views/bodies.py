"""Mediation bodies (调解组织): the register per unit, one body's page and steps, the campaign's targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.models import Assignment, Campaign
from campaigns.roles import can_manage_master_data, team_ids_of

from .. import services
from ..choices import BodyStatus
from ..forms import BodyFilterForm, BodyForm, BodyStatusForm, TargetForm
from ..metrics import body_figures, target_rows
from ..models import MediationBody, YanheCase


@login_required
def body_list(request):
    form = BodyFilterForm(request.GET or None, user=request.user)
    bodies = MediationBody.objects.visible_to(request.user).select_related("unit", "enterprise")
    if form.is_valid():
        d = form.cleaned_data
        # A team's or a campaign's bodies: those of the units it covers (covered), as on the dashboard.
        if d.get("team"):
            bodies = bodies.filter(unit__in=Assignment.objects.filter(team=d["team"]).values("unit_id"))
        elif d.get("campaign"):
            bodies = bodies.filter(unit__in=Assignment.objects.filter(campaign=d["campaign"]).values("unit_id"))
        if d.get("unit"):
            bodies = bodies.filter(unit=d["unit"])
        if d.get("kind"):
            bodies = bodies.filter(kind=d["kind"])
        if d.get("status"):
            bodies = bodies.filter(status=d["status"])
    return render(
        request,
        "mediation/body_list.html",
        {
            "form": form,
            "bodies": bodies[:500],
            "total": bodies.count(),
            "can_register": services.can_register_body(request.user),
        },
    )


@login_required
def body_create(request):
    if not services.can_register_body(request.user):
        raise PermissionDenied("只有工作人员和负责该单位的小组可以登记调解组织。")
    units = services.body_units(request.user)
    form = BodyForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                body = services.register_body(
                    request.user,
                    name=d["name"],
                    kind=d["kind"],
                    unit=d["unit"],
                    status=d["status"],
                    status_on=d["status_on"],
                    location=d["location"],
                    enterprise=d["enterprise"],
                    members=d["members"],
                    note=d["note"],
                )
            except services.MediationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"已登记调解组织“{body.name}”。")
                return redirect("mediation:body_detail", pk=body.pk)
    return render(
        request,
        "mediation/form.html",
        {"form": form, "title": "登记调解组织", "submit": "登记", "back": "mediation:body_list"},
        status=status,
    )


def _render_body(request, body, status_form=None, status=200):
    user = request.user
    cases = YanheCase.objects.visible_to(user).filter(body=body).select_related("issue").order_by("-handed_over_on")
    can_change = services.can_change_body(body, user) and body.status != BodyStatus.ESTABLISHED
    return render(
        request,
        "mediation/body_detail.html",
        {
            "body": body,
            "steps": body.steps.select_related("changed_by"),
            "cases": cases,
            "can_change": can_change,
            "status_form": status_form or (BodyStatusForm() if can_change else None),
        },
        status=status,
    )


@login_required
def body_detail(request, pk):
    body = get_object_or_404(MediationBody.objects.visible_to(request.user).select_related("unit", "enterprise"), pk=pk)
    return _render_body(request, body)


@login_required
@require_POST
def body_status(request, pk):
    body = get_object_or_404(MediationBody.objects.visible_to(request.user).select_related("unit", "enterprise"), pk=pk)
    if not services.can_change_body(body, request.user):
        raise PermissionDenied("您无权变更该调解组织的状态。")
    form = BodyStatusForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.change_body_status(body.pk, request.user, to_status=d["to_status"], on=d["on"], note=d["note"])
        except services.MediationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "已更新调解组织状态。")
            return redirect("mediation:body_detail", pk=body.pk)
    return _render_body(request, body, status_form=form, status=400)


def _campaign(request):
    campaigns = Campaign.objects.visible_to(request.user).order_by("-start_date")
    pk = request.GET.get("campaign")
    chosen = campaigns.filter(pk=pk).first() if pk and pk.isdigit() and len(pk) < 10 else None
    return chosen or campaigns.first(), campaigns


@login_required
def targets(request):
    """The campaign's targets (plan) against the bodies that exist; staff add and change them."""
    campaign, campaigns = _campaign(request)
    staff = can_manage_master_data(request.user)
    form = None
    status = 200
    if request.method == "POST":
        if not staff:
            raise PermissionDenied("只有工作人员可以设置调解组织建设目标。")
        form = TargetForm(request.POST)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.save_target(
                    request.user,
                    campaign=d["campaign"],
                    unit=d["unit"],
                    kind=d["kind"],
                    count=d["count"],
                    note=d["note"],
                )
            except services.MediationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "已保存建设目标。")
                return redirect(f"{request.path}?campaign={d['campaign'].pk}")
    elif staff:
        form = TargetForm(initial={"campaign": campaign})
    rows = []
    if campaign is not None:
        units = campaign.assignments.values("unit_id")
        if not staff and not request.user.is_superuser and team_ids_of(request.user):
            units = campaign.assignments.filter(team_id__in=team_ids_of(request.user)).values("unit_id")
        figures = body_figures(request.user, units)
        rows = target_rows(campaign, units, figures["by_unit_kind"])
    return render(
        request,
        "mediation/targets.html",
        {"campaign": campaign, "campaigns": campaigns, "rows": rows, "form": form},
        status=status,
    )
