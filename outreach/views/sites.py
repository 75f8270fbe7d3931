"""Service-site pages: list, detail (visits and photos), create, edit; turning an enterprise into a site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import roles
from campaigns.history import readable_history
from campaigns.models import Enterprise, UnionUnit, WorkTeam
from visits.models import Visit, VisitPhoto

from ..forms import ConvertEnterpriseForm, KeyEnterpriseForm, ServiceSiteForm, SiteFilterForm
from ..models import ServiceSite
from ..permissions import can_edit_site
from ..services import can_manage_sites, convert_enterprise_to_site, save_site, set_key_enterprise

PAGE_SIZE = 25


def _apply_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def site_list(request):
    user = request.user
    sites = ServiceSite.objects.visible_to(user)
    units = UnionUnit.objects.filter(pk__in=sites.values("unit_id")).order_by("sort_order", "name")
    teams = WorkTeam.objects.visible_to(user).select_related("campaign").order_by("-campaign__start_date", "sort_order")
    filters = SiteFilterForm(request.GET or None, units=units, teams=teams)
    rows = (
        filters.filter(sites)
        .select_related("unit")
        .annotate(visit_count=Count("visits", distinct=True))
        .order_by("unit__sort_order", "kind", "name", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/site_list.html",
        {"filters": filters, "page": page, "can_create": can_manage_sites(user)},
    )


def _site_or_404(user, pk):
    return get_object_or_404(ServiceSite.objects.visible_to(user).select_related("unit", "created_by"), pk=pk)


@login_required
def site_detail(request, pk):
    user = request.user
    site = _site_or_404(user, pk)
    visits = list(
        Visit.objects.visible_to(user)
        .filter(sites=site)
        .select_related("team__campaign", "unit", "leader")
        .prefetch_related("care_items")
        .order_by("-date", "-pk")[:50]
    )
    photos = list(VisitPhoto.objects.visible_to(user).filter(visit__sites=site).order_by("-visit__date", "pk")[:24])
    return render(
        request,
        "outreach/site_detail.html",
        {
            "site": site,
            "visits": visits,
            "photos": photos,
            "can_edit": can_edit_site(user, site),
            "history": readable_history(site),
        },
    )


def _site_form_page(request, site):
    form = ServiceSiteForm(request.POST or None, instance=site, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_site(form.save(commit=False), by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"服务阵地已保存：{saved.name}。")
            return redirect("outreach:site_detail", pk=saved.pk)
    status = 200
    if request.method == "POST":
        messages.error(request, "表单中有需要修改的地方，请查看标红的提示。")
    return render(request, "outreach/site_form.html", {"form": form, "site": site if site.pk else None}, status=status)


@login_required
def site_create(request):
    if not can_manage_sites(request.user):
        raise PermissionDenied("只有蹲点小组成员和工作人员可以登记服务阵地。")
    return _site_form_page(request, ServiceSite())


@login_required
def site_edit(request, pk):
    site = _site_or_404(request.user, pk)
    if not can_edit_site(request.user, site):
        raise PermissionDenied("只有负责该单位的小组成员和工作人员可以修改服务阵地。")
    return _site_form_page(request, site)


# -- enterprises: convert to a site, mark as key ----------------------------------------------


def _enterprise_for_staff(request, pk):
    if not roles.can_manage_master_data(request.user):
        raise PermissionDenied("只有工作人员可以进行此操作。")
    return get_object_or_404(Enterprise.objects.visible_to(request.user).select_related("unit"), pk=pk)


@login_required
def enterprise_convert(request, pk):
    """Staff: an enterprise record that is really a 驿站 or 书屋 becomes a service site, its visits kept."""
    enterprise = _enterprise_for_staff(request, pk)
    form = ConvertEnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = convert_enterprise_to_site(
                enterprise, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"], by=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"“{enterprise.name}”已转为服务阵地，原有走访记录已关联到该阵地。")
            return redirect("outreach:site_detail", pk=site.pk)
    visit_count = enterprise.visits.count()
    return render(
        request,
        "outreach/enterprise_convert.html",
        {"enterprise": enterprise, "form": form, "visit_count": visit_count},
    )


@login_required
@require_POST
def enterprise_key(request, pk):
    enterprise = _enterprise_for_staff(request, pk)
    form = KeyEnterpriseForm(request.POST)
    form.is_valid()
    is_key = bool(form.cleaned_data.get("is_key"))
    set_key_enterprise(enterprise, is_key, by=request.user)
    messages.success(request, f"已{'标记' if is_key else '取消'}重点企业：{enterprise.name}。")
    return redirect("campaigns:enterprise_detail", pk=enterprise.pk)
