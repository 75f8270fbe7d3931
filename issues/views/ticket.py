"""One ticket: detail (timeline, actions, history), create, edit, and the action endpoint."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.models import TeamMembership
from ops.files import serve_private_file
from visits.models import Visit

from .. import workflow
from ..access import log_page
from ..forms import ESCALATION_TARGETS, ActionForm, IssueForm, creatable_teams
from ..history import change_history
from ..models import EscalationStep, IssueAction, Source, WorkerIssue
from ..services import EDITABLE, edit_issue, open_issue

Kind = IssueAction.Kind

# Which fields each action form shows, and the label of its note.
ACTION_FIELDS = {
    Kind.ACCEPT: ([], "受理说明（可选）"),
    Kind.ASSIGN: (["handler"], "说明（可选）"),
    Kind.TRANSFER: (["team", "unit", "handler"], "转交说明（可选）"),
    Kind.CONTACT: ([], "联系情况"),
    Kind.NOTE: ([], "备注内容"),
    Kind.ESCALATE: (["to_step", "escalated_to", "follow_up_on"], "上报原因（越级上报请说明理由）"),
    Kind.REPLY: (["reply_on", "follow_up_on", "attachment"], "答复内容"),
    Kind.RESOLVE: ([], "办理结果"),
    Kind.EXPLAIN: ([], "解释说明情况及后续方案"),
    Kind.REOPEN: ([], "重新办理原因"),
    Kind.SATISFACTION: (["satisfaction"], "回访情况（可选）"),
    Kind.INSTRUCTION: ([], "批示内容"),
}


def _issue_or_404(user, pk):
    return get_object_or_404(
        WorkerIssue.objects.visible_to(user).select_related(
            "team", "unit", "enterprise", "handler", "created_by", "campaign", "visit"
        ),
        pk=pk,
    )


def _action_forms(issue, user, failed=None):
    """[(kind, label, form, fields, note_label, button_class)] for the actions the user may take."""
    result = []
    for kind in workflow.allowed_actions(issue, user):
        if failed is not None and failed.data.get("kind") == kind:
            form = failed
        else:
            initial = {"kind": kind, "version": issue.version}
            if kind == Kind.ESCALATE:
                initial["escalated_to"] = ESCALATION_TARGETS.get(issue.escalation_step + 1, "")
                initial["to_step"] = issue.escalation_step + 1
            if kind == Kind.REPLY:
                initial["reply_on"] = timezone.localdate()
            if kind in (Kind.ASSIGN, Kind.ACCEPT) and issue.handler_id:
                initial["handler"] = issue.handler_id
            form = ActionForm(initial=initial, issue=issue)
        fields, note_label = ACTION_FIELDS[kind]
        fields = list(fields)
        if kind in (Kind.ASSIGN, Kind.ACCEPT):
            form.fields["handler"].queryset = form.fields["handler"].queryset.filter(
                pk__in=TeamMembership.objects.current().filter(team_id=issue.team_id).values("user_id")
            )
        if kind == Kind.ACCEPT and workflow.LEADER in workflow.capacities(issue, user):
            fields = ["handler"]
            form.fields["handler"].empty_label = "不指定（登记的本组组员承办）"
        if kind == Kind.TRANSFER:
            form.fields["team"].queryset = form.fields["team"].queryset.exclude(pk=issue.team_id)
            form.fields["handler"].empty_label = "不指定（接收小组组长）"
        t = workflow.TRANSITIONS[kind]
        result.append(
            {
                "kind": kind,
                "label": Kind(kind).label,
                "form": form,
                "fields": [form[name] for name in fields],
                "note_label": note_label,
                "note_required": t.note_required,
                "button_class": t.button_class,
                "open": form is failed,
                "multipart": kind == Kind.REPLY,
            }
        )
    return result


def _render_detail(request, issue, failed=None, status=200):
    user = request.user
    log_page(request, [issue])
    return render(
        request,
        "issues/detail.html",
        {
            "issue": issue,
            "person": issue.personal_data_for(user),
            "sees_personal_data": issue.can_see_personal_data(user),
            "actions": issue.actions.select_related("actor").order_by("created_at", "id"),
            "action_forms": _action_forms(issue, user, failed),
            "can_edit": workflow.can_edit(issue, user),
            "history": change_history(issue, user),
            "overdue": issue.is_overdue(timezone.now()),
            "steps": EscalationStep.choices,
        },
        status=status,
    )


@login_required
def issue_detail(request, pk):
    return _render_detail(request, _issue_or_404(request.user, pk))


@login_required
@require_POST
def issue_action(request, pk):
    user = request.user
    issue = _issue_or_404(user, pk)
    form = ActionForm(request.POST, request.FILES, issue=issue)
    if not form.is_valid():
        messages.error(request, "提交的内容有误，请检查后重试。")
        return _render_detail(request, issue, failed=form, status=400)
    data = form.cleaned_data
    kind = data["kind"]
    try:
        workflow.perform(
            issue.pk,
            user,
            kind,
            version=data["version"],
            note=data["note"],
            handler=data["handler"],
            team=data["team"],
            unit=data["unit"],
            escalated_to=data["escalated_to"],
            to_step=data["to_step"],
            reply_on=data["reply_on"],
            follow_up_on=data["follow_up_on"],
            attachment=data["attachment"],
            satisfaction=data["satisfaction"],
        )
    except workflow.TransitionError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
        messages.error(request, error.message)
        issue.refresh_from_db()
        return _render_detail(
            request, issue, failed=form, status=409 if error.message == workflow.STALE_MESSAGE else 400
        )
    label = Kind(kind).label if kind in Kind.values else kind
    messages.success(request, f"已完成「{label}」。")
    return redirect("issues:detail", pk=issue.pk)


def _visit_for_prefill(request):
    pk = request.GET.get("visit") or request.POST.get("visit")
    if not pk or not str(pk).isdigit():
        return None
    return get_object_or_404(
        Visit.objects.visible_to(request.user).select_related("team__campaign", "unit", "campaign"), pk=pk
    )


@login_required
def issue_create(request):
    user = request.user
    teams = creatable_teams(user)
    if not teams.exists():
        raise PermissionDenied("您没有登记诉求的权限。")
    visit = _visit_for_prefill(request)
    if visit is not None and not workflow.can_create_for_team(user, visit.team):
        raise PermissionDenied("您不能为该小组登记诉求。")
    initial = {}
    if visit is not None:
        enterprises = list(visit.enterprises.all()[:2])
        # Found at a visit: the visit's 劳动关系焦点问题 is the ticket's text, so nobody types it twice.
        initial = {"visit": visit.pk, "team": visit.team_id, "unit": visit.unit_id, "source": Source.FIELD}
        if visit.hotspot_findings:
            initial["description"] = visit.hotspot_findings
        if len(enterprises) == 1:
            initial["enterprise"] = enterprises[0].pk
    form = IssueForm(request.POST or None, user=user, initial=initial)
    if visit is not None and visit.enterprises.exists():
        form.fields["enterprise"].queryset = visit.enterprises.order_by("name")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = open_issue(
                created_by=user,
                source=data["source"],
                category=data["category"],
                urgency=data["urgency"],
                team=data["team"],
                unit=data["unit"],
                campaign=data["team"].campaign,
                title=data["title"],
                description=data["description"],
                received_at=data.get("received_at"),
                hotline_number=data["hotline_number"],
                worker_name=data["worker_name"],
                worker_phone=data["worker_phone"],
                worker_id_number=data["worker_id_number"],
                enterprise=data.get("enterprise"),
                visit=data.get("visit"),
                project=data.get("project"),
            )
        except IntegrityError:
            form.add_error("hotline_number", "该来源的工单号已登记，请勿重复登记。")
        except workflow.TransitionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"诉求已登记，工单编号 {issue.code}。")
            return redirect("issues:detail", pk=issue.pk)
    return render(request, "issues/form.html", {"form": form, "visit": visit, "issue": None})


@login_required
def issue_edit(request, pk):
    user = request.user
    issue = _issue_or_404(user, pk)
    if not workflow.can_edit(issue, user):
        raise PermissionDenied("您无权修改该工单。")
    form = IssueForm(request.POST or None, user=user, instance=issue)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in EDITABLE if name in data}
        try:
            edit_issue(issue.pk, user, changes, version=data.get("version"))
        except workflow.TransitionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "工单信息已保存。")
            return redirect("issues:detail", pk=issue.pk)
    log_page(request, [issue])  # the form shows the worker's data in full
    return render(request, "issues/form.html", {"form": form, "visit": None, "issue": issue})


@login_required
def reply_attachment(request, pk):
    """The receiving body's written reply: only for those who may see the ticket (like visit photos)."""
    action = get_object_or_404(
        IssueAction.objects.filter(issue__in=WorkerIssue.objects.visible_to(request.user)).exclude(attachment=""),
        pk=pk,
    )
    # Streamed from the storage (local folder or bucket), or a short-lived signed URL.
    name = action.attachment_name or "答复"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return serve_private_file(
        action.attachment,
        content_type=content_type,
        filename=name,
        as_attachment=True,
        cache_control="private, max-age=3600",
        missing_message="文件不存在",
    )
