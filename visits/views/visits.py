"""Visit pages: list, detail, create, edit, and the htmx refresh of the team/unit fields."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from campaigns import roles
from campaigns.models import Enterprise
from dundian.paging import paginate

from ..filters import VisitFilter
from ..forms import (
    CareItemFormSet,
    PlannedVisitForm,
    RecruitmentFormSet,
    VisitForm,
    bound_care_formset,
    care_rows_fit_kind,
)
from ..history import visit_history
from ..models import Recruitment, Visit, VisitPhoto
from ..services import (
    CANNOT_EDIT_MESSAGE,
    VisitAlreadySaved,
    require_teams_for_new_records,
    save_visit,
    teams_for_new_records,
)

VISITS_PER_PAGE = 20
RECRUITMENT_PREFIX = "recruit"
CARE_PREFIX = "care"
ALREADY_SAVED = "这条走访记录已经保存过（可能点了两次保存），没有重复保存。"
PHOTOS_AGAIN = "表单中有需要修改的地方（见标红处）。出于安全原因，已选择的照片没有保存，请重新选择照片后再提交。"
FIX_ERRORS = "表单中有需要修改的地方，请查看标红的提示。"


def _per_visit(model, visits, value_expr) -> dict:
    """{visit id: value} for the visits of one page only (never for rows an OFFSET skips)."""
    rows = model.objects.filter(visit__in=[v.pk for v in visits]).order_by().values("visit").annotate(v=value_expr)
    return {row["visit"]: row["v"] for row in rows}


@login_required
def visit_list(request):
    user = request.user
    visits = Visit.objects.visible_to(user)
    visit_filter = VisitFilter(request.GET or None, queryset=visits, request=request)
    rows = (
        visit_filter.qs.select_related("team__campaign", "unit", "created_by")
        .prefetch_related(Prefetch("enterprises", queryset=Enterprise.objects.only("id", "name").order_by("name")))
        .order_by("-date", "-id")
    )
    page = paginate(request, rows, VISITS_PER_PAGE, keyset=("-date", "-id"))
    # Photos and recruitment of the page's visits only: two grouped queries on 20 ids.
    photos = _per_visit(VisitPhoto, page.object_list, Count("*"))
    recruited = _per_visit(Recruitment, page.object_list, Sum("count"))
    for visit in page.object_list:
        visit.photo_count, visit.recruited = photos.get(visit.pk, 0), recruited.get(visit.pk) or 0
    return render(
        request,
        "visits/visit_list.html",
        {
            "filter": visit_filter,
            "page": page,
            "can_create": teams_for_new_records(user).exists(),
            "in_no_team": not roles.sees_everything(user) and not roles.team_ids_of(user),
        },
    )


@login_required
def visit_detail(request, pk):
    user = request.user
    visit = get_object_or_404(
        Visit.objects.visible_to(user)
        .select_related("campaign", "team__campaign", "unit", "created_by", "plan", "leader", "project")
        .prefetch_related("enterprises", "sites", "cadres", "photos", "recruitments__group", "care_items"),
        pk=pk,
    )
    # The issues app sits above visits: reach its rows through the reverse relation only.
    issue_manager = getattr(visit, "issues", None)
    issues = None
    if issue_manager is not None:
        scoped = issue_manager.visible_to(user) if hasattr(issue_manager, "visible_to") else issue_manager.all()
        issues = list(scoped.order_by("-id")[:50])
    can_edit = visit.can_edit(user)
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "can_edit": can_edit,
            "can_file_for_team": user.is_superuser or roles.is_team_member(user, visit.team_id),
            "issues": issues,
            "history": visit_history(visit),
            "recruited_total": sum(r.count for r in visit.recruitments.all()),
            "care_people": sum(c.people for c in visit.care_items.all()),
            "care_value": sum(c.value for c in visit.care_items.all()),
        },
    )


def _client_id(data):
    """The id the form page gave this new visit (offline.js): a double submit saves once."""
    try:
        return uuid.UUID(data.get("client_id", ""))
    except ValueError:
        return None


def visit_form_page(request, *, teams, instance, plan=None, initial=None):
    """Show and save the visit form (create, edit, or "mark a plan done")."""
    user = request.user
    if request.method == "POST":
        form = VisitForm(request.POST, request.FILES, instance=instance, user=user, teams=teams)
        formset = RecruitmentFormSet(request.POST, instance=instance, prefix=RECRUITMENT_PREFIX)
        care_formset = bound_care_formset(request.POST, instance, CARE_PREFIX)
        valid = all([form.is_valid(), formset.is_valid(), care_formset is None or care_formset.is_valid()])
        if valid and care_rows_fit_kind(form, care_formset):
            try:
                visit = save_visit(
                    form, formset, user, plan=plan, client_id=_client_id(request.POST), care_formset=care_formset
                )
            except VisitAlreadySaved as twin:
                messages.info(request, ALREADY_SAVED)
                return redirect("visits:detail", pk=twin.visit.pk)
            messages.success(request, "走访记录已保存。")
            return redirect("visits:detail", pk=visit.pk)
        if care_formset is None:
            care_formset = CareItemFormSet(instance=instance, prefix=CARE_PREFIX)
        messages.error(request, PHOTOS_AGAIN if request.FILES.getlist("photos") else FIX_ERRORS)
    else:
        form = VisitForm(instance=instance, user=user, teams=teams, initial=initial)
        formset = RecruitmentFormSet(instance=instance, prefix=RECRUITMENT_PREFIX)
        care_formset = CareItemFormSet(instance=instance, prefix=CARE_PREFIX)
    return render(
        request,
        "visits/visit_form.html",
        {
            "form": form,
            "formset": formset,
            "care_formset": care_formset,
            "visit": instance if instance.pk else None,
            "plan": plan,
            "client_id": _client_id(request.POST) if request.method == "POST" else None,
        },
    )


@login_required
def visit_create(request):
    teams = require_teams_for_new_records(request.user)
    return visit_form_page(request, teams=teams, instance=Visit())


@login_required
def visit_edit(request, pk):
    visit = get_object_or_404(Visit.objects.visible_to(request.user).select_related("team__campaign"), pk=pk)
    if not visit.can_edit(request.user):
        raise PermissionDenied(CANNOT_EDIT_MESSAGE)
    return visit_form_page(request, teams=[visit.team], instance=visit)


@login_required
@require_GET
def form_fields(request):
    """htmx: the unit, enterprise and cadre fields again after the team or unit changed."""
    teams = require_teams_for_new_records(request.user)
    initial = {name: request.GET.get(name) for name in ("team", "unit") if request.GET.get(name)}
    initial["enterprises"] = request.GET.getlist("enterprises")
    initial["cadres"] = request.GET.getlist("cadres")
    initial["sites"] = request.GET.getlist("sites")
    for name in ("leader", "project"):
        if request.GET.get(name):
            initial[name] = request.GET.get(name)
    form_class = PlannedVisitForm if request.GET.get("form") == "plan" else VisitForm
    form = form_class(user=request.user, teams=teams, initial=initial)
    return render(request, "visits/_team_unit_fields.html", {"form": form})
