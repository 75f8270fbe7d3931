"""Every named address of the site, read from the URL configuration.

The permission matrix and the CSRF test walk this list, so a URL added by
anyone is checked without anyone remembering to add it by hand.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own admin is covered by Django; everything else is ours.
SKIPPED_NAMESPACES = {"admin"}

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str  # "visits:detail"
    route: str  # "visits/<int:pk>/"
    callback: object

    @property
    def params(self) -> dict[str, str]:
        """{parameter name: converter}, e.g. {"pk": "int"}."""
        return {m["name"]: m["converter"] or "str" for m in _PARAM.finditer(self.route)}

    def path_with(self, values: dict) -> str:
        def fill(match):
            return str(values[match["name"]])

        return "/" + _PARAM.sub(fill, self.route)


def _pattern_text(pattern) -> str:
    return str(pattern.pattern)


def named_routes(resolver=None, prefix="", namespace=None) -> list[Route]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            full_ns = ":".join(filter(None, [namespace, ns])) or None
            found += named_routes(entry, prefix + _pattern_text(entry), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(Route(name=name, route=prefix + _pattern_text(entry), callback=entry.callback))
    return found


def placeholder_path(route: Route) -> str:
    """The address with made-up parameter values (for checks that run before the view)."""
    samples = {"int": 1, "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}
    return route.path_with({name: samples.get(conv, 1) for name, conv in route.params.items()})


# Which record fills each address's parameters (attribute names of tests.security.conftest.Records).
PARAM_SOURCES = {
    "campaigns:enterprise_detail": {"pk": "enterprise"},
    "campaigns:enterprise_edit": {"pk": "enterprise"},
    "campaigns:enterprise_status": {"pk": "enterprise"},
    "campaigns:campaign_copy": {"pk": "campaign"},
    "campaigns:person_move": {"pk": "person"},
    "campaigns:person_leave": {"pk": "person"},
    "campaigns:person_password": {"pk": "person"},
    "visits:detail": {"pk": "visit"},
    "visits:edit": {"pk": "visit"},
    "visits:photo": {"pk": "photo"},
    "visits:photo_delete": {"pk": "visit", "photo_pk": "photo"},
    "visits:plan_edit": {"pk": "plan"},
    "visits:plan_done": {"pk": "plan"},
    "visits:plan_cancel": {"pk": "plan"},
    "issues:detail": {"pk": "issue"},
    "issues:edit": {"pk": "issue"},
    "issues:action": {"pk": "issue"},
    "issues:attachment": {"pk": "reply"},
    "notifications:read": {"pk": "notification"},
    "ledger:job_detail": {"pk": "export_job"},
    "ledger:job_download": {"pk": "export_job"},
    "ledger:job_retry": {"pk": "export_job"},
    "ledger:import_detail": {"pk": "import_record"},
    "mediation:case_outcome": {"pk": "yanhe_case"},
    "mediation:handover": {"pk": "issue"},
    "mediation:referral_create": {"pk": "issue"},
    "mediation:referral_result": {"pk": "referral"},
    "mediation:body_detail": {"pk": "mediation_body"},
    "mediation:body_status": {"pk": "mediation_body"},
    "outreach:site_detail": {"pk": "site"},
    "outreach:site_edit": {"pk": "site"},
    "outreach:enterprise_convert": {"pk": "enterprise"},
    "outreach:enterprise_key": {"pk": "enterprise"},
    "outreach:project_detail": {"pk": "project"},
    "outreach:project_edit": {"pk": "project"},
    "outreach:project_status": {"pk": "project"},
    # "=value": a fixed value, not a record; "record.field": that field instead of the id.
    "ledger:import_template": {"kind": "=enterprises"},
    "ledger:import_upload": {"kind": "=enterprises"},
    "api:ticket_detail": {"code": "issue.code"},
    "api:yanhe_case": {"case_number": "yanhe_case.case_number"},
}


def path_for(route: Route, records) -> str:
    """The address of ``route`` filled with the ids of team A's records."""
    if not route.params:
        return route.path_with({})
    sources = PARAM_SOURCES.get(route.name)
    if sources is None or set(sources) != set(route.params):
        raise KeyError(
            f"{route.name} ({route.route}) has parameters {sorted(route.params)}: "
            "say which record fills them in tests/security/routes.py PARAM_SOURCES"
        )
    return route.path_with({name: _value(records, source) for name, source in sources.items()})


def _value(records, source: str):
    if source.startswith("="):
        return source[1:]
    if "." in source:
        record, field = source.split(".", 1)
        return getattr(getattr(records, record), field)
    return getattr(records, source).pk
