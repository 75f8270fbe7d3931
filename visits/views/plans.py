"""The team's work plan: planned visits, "mark done" (opens the visit form) and cancel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns import roles
from campaigns.models import Enterprise
from dundian.paging import paginate_parts

from ..filters import PlanFilter
from ..forms import PlannedVisitForm
from ..models import PlannedVisit, Visit
from ..services import plans_in_display_order, require_teams_for_new_records, teams_for_new_records
from .visits import visit_form_page

PLANS_PER_PAGE = 30
CANNOT_CHANGE_PLAN = "只有本组成员可以修改本组的工作计划。"


def _plan_for_change(request, pk):
    plan = get_object_or_404(PlannedVisit.objects.visible_to(request.user).select_related("team__campaign"), pk=pk)
    if not plan.can_edit(request.user):
        raise PermissionDenied(CANNOT_CHANGE_PLAN)
    return plan


@login_required
def plan_list(request):
    user = request.user
    today = timezone.localdate()
    plan_filter = PlanFilter(request.GET or None, queryset=PlannedVisit.objects.visible_to(user), request=request)
    parts = plans_in_display_order(
        plan_filter.qs.select_related("team__campaign", "unit", "visit").prefetch_related(
            Prefetch("enterprises", queryset=Enterprise.objects.only("id", "name").order_by("name"))
        ),
        today,
    )
    page = paginate_parts(request, parts, PLANS_PER_PAGE)
    editable_team_ids = set(roles.team_ids_of(user))
    for plan in page:
        plan.bucket = plan.list_part  # 0: upcoming, 1: the rest (visits.services.plans_in_display_order)
        plan.user_can_edit = user.is_superuser or plan.team_id in editable_team_ids
        plan.is_overdue = not plan.is_done and not plan.is_cancelled and plan.date < today
    return render(
        request,
        "visits/plan_list.html",
        {
            "filter": plan_filter,
            "page": page,
            "today": today,
            "can_create": teams_for_new_records(user).exists(),
            "in_no_team": not roles.sees_everything(user) and not roles.team_ids_of(user),
        },
    )


def _plan_form_page(request, *, teams, instance):
    if request.method == "POST":
        form = PlannedVisitForm(request.POST, instance=instance, user=request.user, teams=teams)
        if form.is_valid():
            plan = form.save(commit=False)
            if plan.pk is None:
                plan.created_by = request.user
            plan.campaign = plan.team.campaign
            plan.save()
            form.save_m2m()
            messages.success(request, "工作计划已保存。")
            return redirect("visits:plan_list")
        messages.error(request, "表单中有需要修改的地方，请查看标红的提示。")
    else:
        form = PlannedVisitForm(instance=instance, user=request.user, teams=teams)
    return render(request, "visits/plan_form.html", {"form": form, "plan": instance if instance.pk else None})


@login_required
def plan_create(request):
    teams = require_teams_for_new_records(request.user)
    return _plan_form_page(request, teams=teams, instance=PlannedVisit())


@login_required
def plan_edit(request, pk):
    plan = _plan_for_change(request, pk)
    if plan.is_done or plan.is_cancelled:
        messages.warning(request, f"该计划{plan.status_label}，不能再修改。")
        return redirect("visits:plan_list")
    return _plan_form_page(request, teams=[plan.team], instance=plan)


@login_required
def plan_done(request, pk):
    """Open the visit form prefilled from the plan; saving the visit links it to the plan."""
    plan = _plan_for_change(request, pk)
    if plan.is_done:
        messages.info(request, "该计划已完成，这是对应的走访记录。")
        return redirect("visits:detail", pk=plan.visit_id)
    if plan.is_cancelled:
        messages.warning(request, "该计划已取消，不能标记完成。")
        return redirect("visits:plan_list")
    initial = {
        "unit": plan.unit_id,
        "date": timezone.localdate(),
        "enterprises": [e.pk for e in plan.enterprises.all()],
        "summary": plan.purpose,
    }
    return visit_form_page(request, teams=[plan.team], instance=Visit(), plan=plan, initial=initial)


@login_required
@require_POST
def plan_cancel(request, pk):
    plan = _plan_for_change(request, pk)
    if plan.is_done:
        messages.warning(request, "该计划已完成，不能取消。")
    elif not plan.is_cancelled:
        plan.is_cancelled = True
        plan.save(update_fields=["is_cancelled"])
        messages.success(request, "计划已取消。")
    return redirect("visits:plan_list")
