"""Offline use on a phone: what the service worker keeps, and the answers of the draft sync.

The browser side is ``static/js/offline.js`` (drafts in IndexedDB, the outbox,
the data cache) and the service worker ``visits/templates/visits/sw.js``,
served from the site root by ``views/offline.py``.
"""

import datetime as dt
import hashlib
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from .models import PlannedVisit
from .services import teams_for_new_records, units_of_teams

# The app shell: kept by the service worker from its installation on.
SHELL_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "css/dundian.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/photo-resize.js",
    "js/offline.js",
    "icons/icon-192.png",
    "icons/icon-512.png",
]
SW_TEMPLATE = "visits/sw.js"
PLAN_DAYS = 14
THEME_COLOR = "#b3261e"  # the navbar's red (static/css/dundian.css)

LOGIN_AGAIN = "登录已过期，请重新登录。本机的草稿都还在，登录后会自动上传。"
CAMPAIGN_CLOSED = "该蹲点活动已结束，不能再提交走访记录。草稿仍保存在本机，请联系组长或工作人员。"
NOT_IN_TEAM_ANYMORE = "您已不在该蹲点小组，不能再为其填报走访记录。草稿仍保存在本机，请联系组长。"
PLAN_GONE = "对应的工作计划已完成或已取消，这条草稿不能再作为该计划的走访上传。请核对后删除草稿，或重新填报走访记录。"
BAD_CLIENT_ID = "草稿编号无效，请在本机待上传列表中重新保存该草稿。"
OTHER_USERS_DRAFT = "该草稿编号已被其他记录使用，请在本机重新保存该草稿。"


def shell_urls() -> list[str]:
    return [static(path) for path in SHELL_STATIC]


@lru_cache(maxsize=1)
def shell_version() -> str:
    """A hash of the shell files and the worker's own code: new static files, new worker, fresh cache."""
    digest = hashlib.sha256()
    digest.update(get_template(SW_TEMPLATE).template.source.encode())
    for path in SHELL_STATIC:
        found = finders.find(path)
        digest.update(path.encode())
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def _url(name, *args, query=None):
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:  # an app above visits is not installed: nothing to keep of it
        return None
    return f"{url}?{urlencode(query)}" if query else url


def offline_pages(user) -> list[str]:
    """The pages a cadre can open without signal, as they were at the last sync.

    The visit form and the outbox, the team's choices (units, enterprises,
    cadres: the form's htmx fragment per team and unit), the team's plans for
    the coming two weeks (and their "mark done" forms), today's page and the
    cadre's tickets. Higher apps are reached by URL name only.
    """
    teams = list(teams_for_new_records(user))
    if not teams:
        return []
    today = timezone.localdate()
    window = {"date_from": today.isoformat(), "date_to": (today + dt.timedelta(days=PLAN_DAYS)).isoformat()}
    pages = [
        _url("dashboard:home"),
        _url("visits:create"),
        _url("visits:outbox"),
        _url("visits:plan_list", query=window),
        _url("issues:list", query={"view": "mine"}),
    ]
    fields = reverse("visits:form_fields")
    for team in teams:
        units = list(units_of_teams([team]).values_list("pk", flat=True))
        if len(teams) == 1:
            pages += [f"{fields}?{urlencode({'unit': unit})}" for unit in units]
        else:
            pages.append(f"{fields}?{urlencode({'team': team.pk})}")
            pages += [f"{fields}?{urlencode({'team': team.pk, 'unit': unit})}" for unit in units]
    plans = PlannedVisit.objects.filter(
        team__in=teams,
        visit__isnull=True,
        is_cancelled=False,
        date__gte=today,
        date__lte=today + dt.timedelta(days=PLAN_DAYS),
    ).order_by("date", "pk")
    pages += [reverse("visits:plan_done", args=[pk]) for pk in plans.values_list("pk", flat=True)]
    return [page for page in pages if page]


def form_errors(form, formset) -> dict[str, list[str]]:
    """Every message of the visit form and its recruitment rows, keyed by the posted field name."""
    errors = {}
    for name, messages in form.errors.items():
        errors[name] = list(messages)
    for row in formset.forms:
        for name, messages in row.errors.items():
            key = row.add_prefix(name) if name != "__all__" else "__all__"
            errors.setdefault(key, []).extend(messages)
    if formset.non_form_errors():
        errors.setdefault("__all__", []).extend(formset.non_form_errors())
    return errors


def error_summary(form, errors) -> str:
    """One line a cadre can read in the outbox: "蹲点单位：…；工作内容：…"."""
    parts = []
    for key, messages in errors.items():
        name = key.split("-")[-1] if key.startswith(("recruit-", "care-")) else key
        field = form.fields.get(name)
        if key.startswith("recruit-"):
            label = "入会情况"
        elif key.startswith("care-"):
            label = "慰问明细"
        elif field is not None and key != "__all__":
            label = str(field.label)
        else:
            label = ""
        text = " ".join(messages)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)
