"""我为职工办实事 project pages: list, detail (linked visits and tickets), create, edit, status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.history import readable_history
from campaigns.models import Assignment, UnionUnit, WorkTeam
from visits.models import Visit

from ..forms import ProjectFilterForm, ProjectForm, ProjectStatusForm
from ..models import Project
from ..permissions import can_edit_project, project_teams_for
from ..services import save_project, set_project_status
from .sites import _apply_errors

PAGE_SIZE = 25


@login_required
def project_list(request):
    user = request.user
    projects = Project.objects.visible_to(user)
    teams = WorkTeam.objects.visible_to(user).select_related("campaign").order_by("-campaign__start_date", "sort_order")
    units = UnionUnit.objects.filter(pk__in=Assignment.objects.visible_to(user).values("unit_id")).order_by(
        "sort_order", "name"
    )
    filters = ProjectFilterForm(request.GET or None, teams=teams, units=units)
    rows = (
        filters.filter(projects)
        .select_related("team__campaign", "unit", "responsible")
        .annotate(visit_count=Count("visits", distinct=True))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/project_list.html",
        {"filters": filters, "page": page, "can_create": project_teams_for(user).exists()},
    )


def _project_or_404(user, pk):
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("team__campaign", "unit", "responsible", "created_by"), pk=pk
    )


def _render_detail(request, project, status_form=None, status=200):
    user = request.user
    can_edit = can_edit_project(user, project)
    if can_edit and status_form is None:
        status_form = ProjectStatusForm(initial={"status": project.status, "result": project.result})
    return render(
        request,
        "outreach/project_detail.html",
        {
            "project": project,
            "visits": list(
                Visit.objects.visible_to(user).filter(project=project).select_related("unit").order_by("-date")[:50]
            ),
            # Through the reverse relation: this module handles no ticket (tests/test_one_writer.py).
            "issues": list(project.issues.visible_to(user).order_by("-received_at")[:50]),
            "can_edit": can_edit,
            "status_form": status_form if can_edit else None,
            "history": readable_history(project),
        },
        status=status,
    )


@login_required
def project_detail(request, pk):
    return _render_detail(request, _project_or_404(request.user, pk))


def _project_form_page(request, project, teams):
    form = ProjectForm(request.POST or None, instance=project, user=request.user, teams=teams)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save_project(form.save(commit=False), by=request.user)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"办实事项目已保存：{saved.title}。")
                return redirect("outreach:project_detail", pk=saved.pk)
        messages.error(request, "表单中有需要修改的地方，请查看标红的提示。")
    return render(request, "outreach/project_form.html", {"form": form, "project": project if project.pk else None})


@login_required
def project_create(request):
    teams = list(project_teams_for(request.user))
    if not teams:
        raise PermissionDenied("办实事项目由蹲点小组和工作人员登记；领导可以查看。")
    return _project_form_page(request, Project(), teams)


@login_required
def project_edit(request, pk):
    project = _project_or_404(request.user, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("只有组长、责任干部、登记人和工作人员可以修改该项目。")
    return _project_form_page(request, project, [project.team])


@login_required
@require_POST
def project_status(request, pk):
    project = _project_or_404(request.user, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied("只有组长、责任干部、登记人和工作人员可以变更项目状态。")
    form = ProjectStatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_project_status(
                project, data["status"], by=request.user, on=data.get("completed_on"), result=data.get("result") or ""
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"项目状态已变更为“{project.get_status_display()}”。")
            return redirect("outreach:project_detail", pk=project.pk)
    return _render_detail(request, project, status_form=form, status=400)
