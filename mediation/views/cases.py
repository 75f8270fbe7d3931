"""言和 cases and referrals: hand-over and outcome from the ticket, the lists behind the dashboard figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from issues.access import log_page
from issues.models import WorkerIssue
from ledger.scope import can_import

from .. import services
from ..forms import CaseFilterForm, HandOverForm, OutcomeForm, ReferralFilterForm, ReferralForm, ReferralResultForm
from ..metrics import MEDIAN_FORMULA, SHARE_FORMULA, case_figures, case_figures_by
from ..models import Referral, YanheCase

PAGE_SIZE = 50


def _issue_or_404(user, pk):
    return get_object_or_404(WorkerIssue.objects.visible_to(user).select_related("team", "unit", "enterprise"), pk=pk)


def _form_page(request, form, *, title, issue, submit, status=200, note=""):
    return render(
        request,
        "mediation/form.html",
        {"form": form, "title": title, "issue": issue, "submit": submit, "note": note},
        status=status,
    )


def _refused(form, error: services.MediationError):
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


@login_required
def handover(request, pk):
    """Hand a dispute ticket to 言和 (GET: the form; POST: the hand-over)."""
    issue = _issue_or_404(request.user, pk)
    if not services.can_hand_over(issue, request.user):
        raise PermissionDenied("您无权将该工单移交言和调解。")
    refusal = services.handover_refusal(issue)
    if refusal:
        messages.error(request, refusal)
        return redirect("issues:detail", pk=issue.pk)
    form = HandOverForm(request.POST or None, issue=issue)
    title = f"移交言和调解 · {issue.code}"
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                case = services.hand_over(
                    issue.pk,
                    request.user,
                    case_number=d["case_number"],
                    handed_over_on=d["handed_over_on"],
                    body=d["body"],
                    note=d["note"],
                )
            except services.MediationError as error:
                _refused(form, error)
            else:
                messages.success(request, f"已移交言和调解，案件编号 {case.case_number}。")
                return redirect("issues:detail", pk=issue.pk)
        return _form_page(request, form, title=title, issue=issue, submit="移交言和", status=400)
    return _form_page(request, form, title=title, issue=issue, submit="移交言和")


@login_required
def case_outcome(request, pk):
    """Record a case's outcome by hand (the same service as the import and the API)."""
    case = get_object_or_404(YanheCase.objects.visible_to(request.user).select_related("issue__unit"), pk=pk)
    issue = case.issue
    if not services.can_record_outcome(issue, request.user):
        raise PermissionDenied("您无权登记该案件的调解结果。")
    initial = {"outcome": case.outcome, "outcome_on": case.outcome_on, "amount": case.amount}
    form = OutcomeForm(request.POST or None, initial=initial if case.outcome_on else None)
    title = f"登记调解结果 · 言和 {case.case_number}"
    note = f"移交日期：{case.handed_over_on:%Y-%m-%d}"
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = services.apply_case_update(
                    case_number=case.case_number,
                    outcome=d["outcome"],
                    outcome_date=d["outcome_on"],
                    amount=d["amount"],
                    actor=request.user,
                    via="page",
                )
            except services.MediationError as error:
                _refused(form, error)
            else:
                messages.success(
                    request, "已登记调解结果。" if result.changed else "调解结果与已登记的相同，未作改动。"
                )
                return redirect("issues:detail", pk=issue.pk)
        return _form_page(request, form, title=title, issue=issue, submit="保存结果", status=400, note=note)
    return _form_page(request, form, title=title, issue=issue, submit="保存结果", note=note)


@login_required
def referral_create(request, pk):
    issue = _issue_or_404(request.user, pk)
    if not services.can_refer(issue, request.user):
        raise PermissionDenied("您无权为该工单登记转介服务。")
    form = ReferralForm(request.POST or None)
    title = f"转介服务 · {issue.code}"
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                referral = services.refer(
                    issue.pk,
                    request.user,
                    service=d["service"],
                    referred_on=d["referred_on"],
                    provider=d["provider"],
                    note=d["note"],
                )
            except services.MediationError as error:
                _refused(form, error)
            else:
                messages.success(request, f"已转介{referral.get_service_display()}。")
                return redirect("issues:detail", pk=issue.pk)
        return _form_page(request, form, title=title, issue=issue, submit="登记转介", status=400)
    return _form_page(request, form, title=title, issue=issue, submit="登记转介")


@login_required
def referral_result(request, pk):
    referral = get_object_or_404(Referral.objects.visible_to(request.user).select_related("issue"), pk=pk)
    issue = referral.issue
    if not services.can_refer(issue, request.user):
        raise PermissionDenied("您无权登记该转介的结果。")
    form = ReferralResultForm(request.POST or None)
    title = f"{referral.get_service_display()}结果 · {issue.code}"
    note = f"转介日期：{referral.referred_on:%Y-%m-%d}"
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.record_referral_result(
                    referral.pk, request.user, result=d["result"], result_on=d["result_on"], note=d["note"]
                )
            except services.MediationError as error:
                _refused(form, error)
            else:
                messages.success(request, "已登记转介结果。")
                return redirect("issues:detail", pk=issue.pk)
        return _form_page(request, form, title=title, issue=issue, submit="保存结果", status=400, note=note)
    return _form_page(request, form, title=title, issue=issue, submit="保存结果", note=note)


def _filtered(form, qs, date_field):
    if not form.is_valid():
        return qs
    d = form.cleaned_data
    if d.get("campaign"):
        qs = qs.filter(issue__campaign=d["campaign"])
    if d.get("team"):
        qs = qs.filter(issue__team=d["team"])
    if d.get("unit"):
        qs = qs.filter(issue__unit=d["unit"])
    for name in ("outcome", "service", "result"):
        if d.get(name):
            qs = qs.filter(**{name: d[name]})
    if d.get("date_from"):
        qs = qs.filter(**{f"{date_field}__gte": d["date_from"]})
    if d.get("date_to"):
        qs = qs.filter(**{f"{date_field}__lte": d["date_to"]})
    return qs


@login_required
def case_list(request):
    """言和 cases the user may see, filtered; the figures of the filtered cases, and per unit."""
    form = CaseFilterForm(request.GET or None, user=request.user)
    cases = _filtered(form, YanheCase.objects.visible_to(request.user), "handed_over_on")
    figures = case_figures(cases)
    per_unit = case_figures_by(cases, "unit")
    page = Paginator(
        cases.select_related("issue__team", "issue__unit", "enterprise", "body").order_by("-handed_over_on", "-id"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = [(case, case.issue.personal_data_for(request.user)) for case in page]
    log_page(request, [case.issue for case in page])
    units = {u.pk: u for u in form.fields["unit"].queryset.filter(pk__in=per_unit)}
    return render(
        request,
        "mediation/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "figures": figures,
            "per_unit": [(units[pk], f) for pk, f in per_unit.items() if pk in units],
            "share_formula": SHARE_FORMULA,
            "median_formula": MEDIAN_FORMULA,
            "can_import": can_import(request.user),
        },
    )


@login_required
def referral_list(request):
    form = ReferralFilterForm(request.GET or None, user=request.user)
    referrals = _filtered(form, Referral.objects.visible_to(request.user), "referred_on")
    page = Paginator(
        referrals.select_related("issue__team", "issue__unit").order_by("-referred_on", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(r, r.issue.personal_data_for(request.user)) for r in page]
    log_page(request, [r.issue for r in page])
    return render(request, "mediation/referral_list.html", {"form": form, "page": page, "rows": rows})
