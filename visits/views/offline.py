"""Offline visits: the draft sync endpoint, the outbox, the service worker and the app manifest."""

import json
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from campaigns.models import WorkTeam

from .. import offline
from ..forms import RecruitmentFormSet, VisitForm, bound_care_formset, care_rows_fit_kind
from ..models import PlannedVisit, Visit
from ..services import VisitAlreadySaved, require_teams_for_new_records, save_visit
from .visits import CARE_PREFIX, RECRUITMENT_PREFIX


def _answer(status, http_status, message="", **extra):
    return JsonResponse({"status": status, "message": message, **extra}, status=http_status)


def _saved(visit, status, http_status):
    return _answer(status, http_status, "走访记录已保存。", url=reverse("visits:detail", args=[visit.pk]), id=visit.pk)


def _login_again():
    login = f"{reverse('login')}?next={reverse('visits:outbox')}"
    return _answer("login", 401, offline.LOGIN_AGAIN, login_url=login)


def _client_id(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _plan_of(request, plan_id):
    """The plan a draft from "标记完成" completes, if the user may still complete it."""
    plan = PlannedVisit.objects.visible_to(request.user).select_related("team").filter(pk=plan_id).first()
    if plan is None or not plan.can_edit(request.user) or plan.is_done or plan.is_cancelled:
        return None
    return plan


@require_http_methods(["GET", "POST"])
def sync(request):
    """Receive one offline draft; answer in JSON with a Chinese message the outbox shows.

    GET: is the session alive (and a fresh CSRF token). POST: the visit form's
    fields, recruitment rows and photos plus ``client_id``. 201 created, 200
    already saved (the first save's address), 422 the world changed or a field
    is wrong (message and errors per field), 401 the session expired.
    """
    user = request.user
    if not user.is_authenticated:
        return _login_again()
    if request.method == "GET":
        return JsonResponse({"status": "ok", "user": user.pk, "csrf": get_token(request)})

    client_id = _client_id(request.POST.get("client_id"))
    if client_id is None:
        return _answer("invalid", 422, offline.BAD_CLIENT_ID)
    existing = Visit.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.created_by_id != user.id:
            return _answer("invalid", 409, offline.OTHER_USERS_DRAFT)
        return _saved(existing, "exists", 200)

    team = WorkTeam.objects.select_related("campaign").filter(pk=_int(request.POST.get("team"))).first()
    if team is not None and not team.campaign.is_active:
        return _answer("invalid", 422, offline.CAMPAIGN_CLOSED, errors={"team": [offline.CAMPAIGN_CLOSED]})
    try:
        teams = require_teams_for_new_records(user)
    except PermissionDenied as refused:
        return _answer("invalid", 403, str(refused))
    if team is not None and team not in teams:
        return _answer("invalid", 422, offline.NOT_IN_TEAM_ANYMORE, errors={"team": [offline.NOT_IN_TEAM_ANYMORE]})

    plan = None
    if request.POST.get("plan"):
        plan = _plan_of(request, _int(request.POST.get("plan")))
        if plan is None:
            return _answer("invalid", 422, offline.PLAN_GONE)
    # The draft's own team (checked above), never silently the team the cadre is in now.
    teams = [plan.team] if plan else [team] if team else teams
    form = VisitForm(request.POST, request.FILES, instance=Visit(), user=user, teams=teams)
    formset = RecruitmentFormSet(request.POST, instance=Visit(), prefix=RECRUITMENT_PREFIX)
    care_formset = bound_care_formset(request.POST, Visit(), CARE_PREFIX)
    valid = all([form.is_valid(), formset.is_valid(), care_formset is None or care_formset.is_valid()])
    if not (valid and care_rows_fit_kind(form, care_formset)):
        errors = offline.form_errors(form, formset)
        for key, messages in (offline.form_errors(form, care_formset) if care_formset else {}).items():
            errors.setdefault(key, [])
            errors[key].extend(m for m in messages if m not in errors[key])
        return _answer("invalid", 422, offline.error_summary(form, errors), errors=errors)
    try:
        visit = save_visit(form, formset, user, plan=plan, client_id=client_id, care_formset=care_formset)
    except VisitAlreadySaved as twin:
        return _saved(twin.visit, "exists", 200)
    return _saved(visit, "created", 201)


@require_GET
def offline_pages(request):
    """The pages the browser keeps for this user (static/js/offline.js fetches and stores them)."""
    if not request.user.is_authenticated:
        return _login_again()
    return JsonResponse(
        {
            "user": request.user.pk,
            "synced_at": timezone.localtime().isoformat(timespec="seconds"),
            "pages": offline.offline_pages(request.user),
        }
    )


@login_required
@require_GET
def outbox(request):
    """待上传: the drafts kept on this phone; the list itself is drawn from IndexedDB by offline.js."""
    return render(request, "visits/outbox.html")


@require_GET
def service_worker(request):
    """/sw.js: served from the root so it may control every page; versioned by the shell files."""
    config = {
        "version": offline.shell_version(),
        "shell": offline.shell_urls(),
        "offlineJs": static("js/offline.js"),
        "outbox": reverse("visits:outbox"),
        "createUrl": reverse("visits:create"),
        "planDone": reverse("visits:plan_done", args=[0]),
        "formFields": reverse("visits:form_fields"),
    }
    body = render_to_string(offline.SW_TEMPLATE, {"config": json.dumps(config, ensure_ascii=False)})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def web_manifest(request):
    """The web app manifest: installable as 蹲点工作平台, opening on today's work."""
    try:
        start = reverse("dashboard:home")
    except NoReverseMatch:  # the read side sits above visits; without it, the visit list
        start = reverse("visits:list")
    manifest = {
        "name": "蹲点工作平台",
        "short_name": "蹲点",
        "lang": "zh-CN",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": offline.THEME_COLOR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
