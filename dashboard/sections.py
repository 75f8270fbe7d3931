"""The dashboard's 基层服务 sections, each loaded after the page for the same scope (htmx).

The page answers at once with coverage, tickets and union building; the two
基层服务 sections (调解; 阵地与办实事) follow a moment later from their own
addresses, so the page's first answer reads eight fewer tables (issue 15: at
most 25 queries a page). The addresses resolve the scope exactly as the page
does — the same role rules, 404 for another team, 403 for a user in no team.
Asked by htmx they answer the section alone; opened on their own (no
JavaScript, a bookmark) a whole page with the section and a way back.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from mediation.metrics import dashboard_section as mediation_figures
from outreach.metrics import dashboard_section as outreach_figures

from .links import Links
from .scope import resolve_scope

SECTIONS = {
    "mediation": ("基层服务·调解", "mediation/_dashboard_section.html", mediation_figures),
    "outreach": (
        "基层服务·阵地与办实事",
        "outreach/_dashboard_section.html",
        lambda scope: {"scope": scope, "outreach": outreach_figures(scope)},
    ),
}


def _section(request, name):
    title, template, figures = SECTIONS[name]
    scope = resolve_scope(request)
    html = render_to_string(template, figures(scope))
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(html)
    else:
        context = {"scope": scope, "title": title, "section_html": html, "back_url": Links(scope).dashboard()}
        response = render(request, "dashboard/section.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one address, two answers: no cache may mix them up
    return response


@login_required
def mediation_section(request):
    """/dashboard/mediation/: 基层服务·调解 of the dashboard's scope."""
    return _section(request, "mediation")


@login_required
def outreach_section(request):
    """/dashboard/outreach/: 基层服务·阵地与办实事 of the dashboard's scope."""
    return _section(request, "outreach")
