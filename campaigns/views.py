"""Enterprise pages: list, detail (status timeline, change history, visits), create, edit, status.

Who may do what is decided in ``campaigns.permissions``; every lookup goes
through ``Enterprise.objects.visible_to(user)``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import permissions
from campaigns.forms import EnterpriseFilterForm, EnterpriseForm, StatusChangeForm
from campaigns.history import change_history
from campaigns.models import Assignment, Campaign, Enterprise, UnionStatus, UnionUnit
from campaigns.services import change_union_status
from dundian.paging import paginate

PAGE_SIZE = 25


@login_required
def enterprise_list(request):
    filters = EnterpriseFilterForm(request.GET or None)
    enterprises = filters.filter(
        Enterprise.objects.visible_to(request.user).select_related("unit", "eight_group")
    ).order_by("unit__sort_order", "name", "pk")
    page = paginate(request, enterprises, PAGE_SIZE)
    return render(
        request,
        "campaigns/enterprise_list.html",
        {
            "filters": filters,
            "page": page,
            "can_create": permissions.can_create_enterprise(request.user),
        },
    )


def _enterprise_or_404(user, pk):
    return get_object_or_404(
        Enterprise.objects.visible_to(user).select_related("unit", "eight_group", "created_by"), pk=pk
    )


def _visits_met(enterprise, user):
    """Visits that met the enterprise, as far as the user may see them.

    Read through the reverse relation so campaigns never imports visits.
    """
    related = getattr(enterprise, "visits", None)
    if related is None:
        return []
    return list(related.visible_to(user).select_related("team__campaign", "unit").order_by("-date", "-pk")[:50])


def _render_detail(request, enterprise, status_form=None, status=200):
    user = request.user
    can_change_status = permissions.can_change_union_status(user, enterprise)
    if can_change_status and status_form is None:
        status_form = StatusChangeForm(enterprise=enterprise)
    return render(
        request,
        "campaigns/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "status_changes": enterprise.status_changes.select_related("changed_by").order_by(
                "-changed_on", "-created_at"
            ),
            "history": change_history(enterprise),
            "visits": _visits_met(enterprise, user),
            "can_edit": permissions.can_edit_enterprise(user, enterprise),
            "can_change_status": can_change_status,
            "status_form": status_form if can_change_status else None,
        },
        status=status,
    )


@login_required
def enterprise_detail(request, pk):
    return _render_detail(request, _enterprise_or_404(request.user, pk))


def _warn_members_over_headcount(request, form):
    if form.members_exceed_headcount:
        data = form.cleaned_data
        messages.warning(
            request,
            f"请核对：工会会员数（{data['union_members']}）大于职工人数（{data['headcount']}）。",
        )


@login_required
def enterprise_create(request):
    if not permissions.can_create_enterprise(request.user):
        raise PermissionDenied("您没有新建企业的权限。")
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = form.save_new(by=request.user)
        messages.success(request, f"已新建企业：{enterprise.name}。")
        _warn_members_over_headcount(request, form)
        return redirect("campaigns:enterprise_detail", pk=enterprise.pk)
    return render(request, "campaigns/enterprise_form.html", {"form": form, "enterprise": None})


@login_required
def enterprise_edit(request, pk):
    enterprise = _enterprise_or_404(request.user, pk)
    if not permissions.can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied("企业信息由工作人员维护，您没有修改权限。")
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        form.save()
        messages.success(request, "企业信息已保存。")
        _warn_members_over_headcount(request, form)
        return redirect("campaigns:enterprise_detail", pk=enterprise.pk)
    return render(request, "campaigns/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
@require_POST
def enterprise_status(request, pk):
    enterprise = _enterprise_or_404(request.user, pk)
    if not permissions.can_change_union_status(request.user, enterprise):
        raise PermissionDenied("只有负责该单位的小组成员和工作人员可以变更建会状态。")
    form = StatusChangeForm(request.POST, enterprise=enterprise)
    if form.is_valid():
        try:
            change = change_union_status(
                enterprise,
                form.cleaned_data["to_status"],
                by=request.user,
                on=form.cleaned_data["changed_on"],
                note=form.cleaned_data["note"],
                members_joined=form.cleaned_data.get("members_joined") or 0,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"建会状态已由“{change.get_from_status_display()}”变更为“{change.get_to_status_display()}”。",
            )
            return redirect("campaigns:enterprise_detail", pk=enterprise.pk)
    return _render_detail(request, enterprise, status_form=form)


@login_required
def unit_list(request):
    """The units, which team covers each in the current campaign, and their enterprises by status."""
    campaign = Campaign.objects.visible_to(request.user).current()
    teams = {}
    if campaign:
        teams = dict(
            Assignment.objects.filter(campaign=campaign)
            .current()
            .select_related("team")
            .values_list("unit_id", "team__name")
        )
    # A join, not the default manager: records turned into service sites are left out by hand.
    real = Q(enterprises__converted_at__isnull=True)
    units = UnionUnit.objects.annotate(
        enterprise_count=Count("enterprises", filter=real),
        without_union=Count("enterprises", filter=real & ~Q(enterprises__union_status=UnionStatus.ESTABLISHED)),
    ).order_by("sort_order", "name")
    rows = [(unit, teams.get(unit.pk, "")) for unit in units]
    return render(request, "campaigns/unit_list.html", {"rows": rows, "campaign": campaign})
