"""Every named address × every role × GET/POST → the answer DESIGN.md §3 asks for.

The addresses come from the URL configuration (tests/security/routes.py), so an
address added without a row here fails ``test_every_address_has_a_row``. Each
cell is one request by one user against team A's records (built fresh, each
request rolled back so a POST cannot change what the next one sees).

Answers: ``200``; ``login`` = 302 to the login page; ``302`` = a redirect
elsewhere (after an action, or to the user's home); ``400`` = the action was
refused as invalid; ``403`` = the role may not do this; ``404`` = another
team's (or another user's) record, or nothing there; ``405`` = wrong method;
``401`` and ``422`` = the JSON answers of the offline sync (sign in again; the draft is invalid).
POSTs carry no data: they show what a role reaches, not what a valid form does.
"""

import os

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.security.conftest import make_records
from tests.security.routes import named_routes, path_for

ROLES = ("anon", "cadre", "other", "leader", "leadership", "staff", "admin", "loner")
ROLE_USERS = {  # attribute of the shared ``world`` fixture
    "cadre": "cadre_a",  # 组员 of team A (author of team A's records)
    "other": "cadre_b",  # 组员 of team B
    "leader": "leader_a",  # 组长 of team A
    "leadership": "leadership",  # 领导
    "staff": "office_staff",  # 工作人员
    "admin": "admin",  # superuser
    "loner": "loner",  # signed in, in no team and no group: sees no team's data (DESIGN.md §9)
}

# fmt: off
MATRIX = {
    # columns: anonymous, cadre of team A, cadre of team B, leader of team A, leadership, office staff, admin,
    # a signed-in user in no team
    #                                         anon  cadre other t.ldr lead. staff admin loner
    # site: home, health probe, sign-in; every signed-in user
    "home":                         {"GET":  "login 302   302   302   302   302   302   302",
                                     "POST": "login 302   302   302   302   302   302   302"},
    "healthz":                      {"GET":  "200   200   200   200   200   200   200   200",
                                     "POST": "200   200   200   200   200   200   200   200"},
    "metrics":                      {"GET":  "404   404   404   404   404   404   404   404",
                                     "POST": "404   404   404   404   404   404   404   404"},
    "login":                        {"GET":  "200   302   302   302   302   302   302   302",
                                     "POST": "200   302   302   302   302   302   302   302"},
    "logout":                       {"GET":  "405   405   405   405   405   405   405   405",
                                     "POST": "login login login login login login login login"},
    "password_change":              {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "password_change_done":         {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 405   405   405   405   405   405   405"},
    # enterprises and units: shared reference data, visible to every signed-in user (campaigns/permissions.py);
    # cadres and leaders file enterprises and push union building for their own units, staff keep the records,
    # leadership reads
    "campaigns:enterprise_list":    {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "campaigns:enterprise_detail":  {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "campaigns:enterprise_create":  {"GET":  "login 200   200   200   403   200   200   403",
                                     "POST": "login 200   200   200   403   200   200   403"},
    "campaigns:enterprise_edit":    {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "campaigns:enterprise_status":  {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 200   403   200   403   200   200   403"},
    "campaigns:unit_list":          {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    # people and teams (issue 11): office staff and the admin only; an empty form is refused (400); a password
    # reset answers with the temporary password (200)
    # campaigns over years: the list for leadership and staff, the copy for staff only; an empty copy form is 400
    "campaigns:campaigns":          {"GET":  "login 403   403   403   200   200   200   403",
                                     "POST": "login 403   403   403   200   200   200   403"},
    "campaigns:campaign_copy":      {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   400   400   403"},
    "dashboard:compare":            {"GET":  "login 403   403   403   200   200   200   403",
                                     "POST": "login 403   403   403   200   200   200   403"},
    "campaigns:people":             {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "campaigns:person_move":        {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   400   400   403"},
    "campaigns:person_leave":       {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   400   400   403"},
    "campaigns:person_password":    {"GET":  "405   405   405   405   405   405   405   405",
                                     "POST": "login 403   403   403   403   200   200   403"},
    # visits and plans: team A's records; team B gets 404; leadership and staff read but do not file (403)
    "visits:list":                  {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "visits:detail":                {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    "visits:create":                {"GET":  "login 200   200   200   403   403   200   403",
                                     "POST": "login 200   200   200   403   403   200   403"},
    "visits:edit":                  {"GET":  "login 200   404   200   403   403   200   404",
                                     "POST": "login 200   404   200   403   403   200   404"},
    "visits:form_fields":           {"GET":  "login 200   200   200   403   403   200   403",
                                     "POST": "login 405   405   405   405   405   405   405"},
    "visits:photo":                 {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    "visits:photo_delete":          {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 302   404   302   403   403   302   404"},
    "visits:plan_list":             {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "visits:plan_create":           {"GET":  "login 200   200   200   403   403   200   403",
                                     "POST": "login 200   200   200   403   403   200   403"},
    "visits:plan_edit":             {"GET":  "login 200   404   200   403   403   200   404",
                                     "POST": "login 200   404   200   403   403   200   404"},
    "visits:plan_done":             {"GET":  "login 200   404   200   403   403   200   404",
                                     "POST": "login 200   404   200   403   403   200   404"},
    "visits:plan_cancel":           {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 302   404   302   403   403   302   404"},
    # offline visits: the phone's draft sync and its list of pages answer in JSON (401: sign in again, drafts
    # kept; an empty draft is refused as invalid, 422); the outbox page; the service worker and the app manifest
    # are public files, like static files
    "visits:sync":                  {"GET":  "401   200   200   200   200   200   200   200",
                                     "POST": "401   422   422   422   422   422   422   422"},
    "visits:offline_pages":         {"GET":  "401   200   200   200   200   200   200   200",
                                     "POST": "405   405   405   405   405   405   405   405"},
    "visits:outbox":                {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 405   405   405   405   405   405   405"},
    "visits:service_worker":        {"GET":  "200   200   200   200   200   200   200   200",
                                     "POST": "405   405   405   405   405   405   405   405"},
    "visits:web_manifest":          {"GET":  "200   200   200   200   200   200   200   200",
                                     "POST": "405   405   405   405   405   405   405   405"},
    # worker issues: team A's ticket (cadre is its handler); team B gets 404; leadership may only add instructions,
    # so an empty action is refused as invalid (400) for every role that reaches it
    "issues:list":                  {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "issues:detail":                {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    "issues:create":                {"GET":  "login 200   200   200   403   200   200   403",
                                     "POST": "login 200   200   200   403   200   200   403"},
    "issues:edit":                  {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 200   404   200   403   200   200   404"},
    "issues:action":                {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 400   404   400   400   400   400   404"},
    # the receiving body's written reply: served like visit photos to whoever may see the ticket
    "issues:attachment":            {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    # dashboard: every signed-in user sees the teams they may see; the today page sends leadership, staff, admin on
    "dashboard:index":              {"GET":  "login 200   200   200   200   200   200   403",
                                     "POST": "login 200   200   200   200   200   200   403"},
    "dashboard:home":               {"GET":  "login 200   200   200   302   302   302   403",
                                     "POST": "login 200   200   200   302   302   302   403"},
    # the dashboard's 基层服务 sections, loaded after it: the same scope, so the same answers as the dashboard
    "dashboard:mediation_section":  {"GET":  "login 200   200   200   200   200   200   403",
                                     "POST": "login 200   200   200   200   200   200   403"},
    "dashboard:outreach_section":   {"GET":  "login 200   200   200   200   200   200   403",
                                     "POST": "login 200   200   200   200   200   200   403"},
    # mediation (issue 13): 言和 cases and referrals follow their ticket (team A's; cadre is its handler): the team,
    # staff and the admin act, leadership reads (403 on forms), team B gets 404; an empty form is refused (400).
    # Mediation bodies belong to a unit: registered by staff and the teams covering it, seen by them and leadership;
    # targets are set by staff, seen by everyone signed in
    "mediation:case_list":          {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "mediation:case_outcome":       {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 400   404   400   403   400   400   404"},
    "mediation:handover":           {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 400   404   400   403   400   400   404"},
    "mediation:referral_create":    {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 400   404   400   403   400   400   404"},
    "mediation:referral_list":      {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "mediation:referral_result":    {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 400   404   400   403   400   400   404"},
    "mediation:body_list":          {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "mediation:body_create":        {"GET":  "login 200   200   200   403   200   200   403",
                                     "POST": "login 400   400   400   403   400   400   403"},
    "mediation:body_detail":        {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    "mediation:body_status":        {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 400   404   400   403   400   400   404"},
    "mediation:targets":            {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 403   403   403   403   400   400   403"},
    # ledger: export by leaders (own teams), leadership, staff; import by staff only; an export job is its requester's
    # (team A's leader here); office staff may open and download it too (issue 5: "only the requester (and staff)")
    "ledger:index":                 {"GET":  "login 403   403   200   200   200   200   403",
                                     "POST": "login 403   403   200   200   200   200   403"},
    "ledger:job_detail":            {"GET":  "login 404   404   200   404   200   200   404",
                                     "POST": "login 404   404   200   404   200   200   404"},
    "ledger:job_download":          {"GET":  "login 404   404   200   404   200   200   404",
                                     "POST": "login 404   404   200   404   200   200   404"},
    "ledger:job_retry":             {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 404   404   302   404   302   302   404"},
    # unit merge and split: office staff keep the master data (issues/views/unit_changes.py)
    "unit_changes:list":            {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "unit_changes:merge":           {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "unit_changes:split":           {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "unit_changes:handover":        {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "ledger:imports":               {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "ledger:import_detail":         {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "ledger:import_template":       {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "ledger:import_upload":         {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    # notifications: one's own only, not even the admin reads another's
    "notifications:list":           {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "notifications:read":           {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 302   404   404   404   404   404   404"},
    "notifications:read_all":       {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 302   302   302   302   302   302   302"},
    # 个人信息保护: the access log of unmasked personal data, office staff only (and the superuser)
    "privacy:access_log":           {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 405   405   405   405   405   405   405"},
    # service sites (服务阵地, issue 13): rows of the units a team covers (another unit's site is 404);
    # cadres and leaders register and change them in their units, office staff everywhere, leadership reads
    "outreach:site_list":           {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "outreach:site_detail":         {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    "outreach:site_create":         {"GET":  "login 200   200   200   403   200   200   403",
                                     "POST": "login 200   200   200   403   200   200   403"},
    "outreach:site_edit":           {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 200   404   200   403   200   200   404"},
    # turning an enterprise record into a site and marking 重点企业: office staff (and the admin)
    "outreach:enterprise_convert":  {"GET":  "login 403   403   403   403   200   200   403",
                                     "POST": "login 403   403   403   403   200   200   403"},
    "outreach:enterprise_key":      {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 403   403   403   403   302   302   403"},
    # 重点企业首访: key enterprises are shared reference data, their first visits as far as the user sees visits
    "outreach:key_enterprises":     {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    # 我为职工办实事 projects: a team's rows; its members register them, the leader, the responsible cadre,
    # the registrant and office staff change them; leadership reads; an empty status form is 400
    "outreach:project_list":        {"GET":  "login 200   200   200   200   200   200   200",
                                     "POST": "login 200   200   200   200   200   200   200"},
    "outreach:project_detail":      {"GET":  "login 200   404   200   200   200   200   404",
                                     "POST": "login 200   404   200   200   200   200   404"},
    "outreach:project_create":      {"GET":  "login 200   200   200   403   200   200   403",
                                     "POST": "login 200   200   200   403   200   200   403"},
    "outreach:project_edit":        {"GET":  "login 200   404   200   403   200   200   404",
                                     "POST": "login 200   404   200   403   200   200   404"},
    "outreach:project_status":      {"GET":  "login 405   405   405   405   405   405   405",
                                     "POST": "login 400   404   400   403   400   400   404"},
    # the API (issue 17) answers to tokens of API clients only: a signed-in session opens none of it (401 for
    # every role); its schema and reference page are public. Endpoint × token kind: tests/api/test_api_matrix.py
    "api:ticket_list":              {"GET":  "401   401   401   401   401   401   401   401",
                                     "POST": "401   401   401   401   401   401   401   401"},
    "api:ticket_detail":            {"GET":  "401   401   401   401   401   401   401   401",
                                     "POST": "401   401   401   401   401   401   401   401"},
    "api:aggregate_coverage":       {"GET":  "401   401   401   401   401   401   401   401",
                                     "POST": "401   401   401   401   401   401   401   401"},
    "api:aggregate_tickets":        {"GET":  "401   401   401   401   401   401   401   401",
                                     "POST": "401   401   401   401   401   401   401   401"},
    "api:yanhe_case":               {"GET":  "401   401   401   401   401   401   401   401",
                                     "POST": "401   401   401   401   401   401   401   401"},
    "api:schema":                   {"GET":  "200   200   200   200   200   200   200   200",
                                     "POST": "405   405   405   405   405   405   405   405"},
    "api:docs":                     {"GET":  "200   200   200   200   200   200   200   200",
                                     "POST": "405   405   405   405   405   405   405   405"},
}
# fmt: on

# Cells where the app answers differently from the table, kept as strict xfails until fixed.
# Cells where the app is known to answer otherwise than the table says, as
# strict xfails naming the owner: {(name, method, role): "bug: … (owner)"}.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}

ROUTES = {route.name: route for route in named_routes()}


def _answer(response) -> str:
    if response.status_code == 302:
        login = settings.LOGIN_URL if settings.LOGIN_URL.startswith("/") else "/accounts/login/"
        return "login" if response["Location"].startswith(login) else "302"
    return str(response.status_code)


def _observe(world, records, name, method, role) -> str:
    client = Client()
    if role != "anon":
        client.force_login(getattr(world, ROLE_USERS[role]))
    path = path_for(ROUTES[name], records)
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, {})
        transaction.set_rollback(True)
    return _answer(response)


def _expected(name, method):
    return dict(zip(ROLES, MATRIX[name][method].split(), strict=True))


def test_every_address_has_a_row():
    missing = sorted(set(ROUTES) - set(MATRIX))
    assert not missing, "addresses without a row in MATRIX (tests/test_permission_matrix.py): " + ", ".join(missing)


def test_every_row_is_an_address():
    assert not sorted(set(MATRIX) - set(ROUTES)), "rows for addresses that no longer exist"


def test_every_row_has_an_answer_for_every_role_and_method():
    for name, row in MATRIX.items():
        assert set(row) == {"GET", "POST"}, name
        for method, cells in row.items():
            assert len(cells.split()) == len(ROLES), f"{name} {method}"


def _last_year(world):
    """A finished 2025 campaign in which the cadres sat in each other's team (issue 11).

    Last year's memberships give no access now: the table holds unchanged.
    """
    import datetime as dt

    from campaigns import memberships
    from tests.factories import AssignmentFactory, CampaignFactory, WorkTeamFactory

    old = CampaignFactory(name="2025年蹲点活动", start_date=dt.date(2025, 7, 15), end_date=dt.date(2025, 12, 31))
    for name, unit, people in (
        ("第一蹲点小组", world.unit_a, (world.leader_b, world.cadre_b)),
        ("第二蹲点小组", world.unit_b, (world.leader_a, world.cadre_a)),
    ):
        team = WorkTeamFactory(campaign=old, name=name)
        AssignmentFactory(campaign=old, team=team, unit=unit)
        memberships.add_member(team, people[0], role="leader")
        memberships.add_member(team, people[1])


@pytest.mark.parametrize("campaigns", [1, 2], ids=["one-campaign", "two-campaigns"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_answer_of_the_table(world, name, campaigns):
    if campaigns == 2:
        _last_year(world)
    records = make_records(world)
    wrong = []
    for method in ("GET", "POST"):
        for role, expected in _expected(name, method).items():
            if (name, method, role) in KNOWN_BUGS:
                continue
            got = _observe(world, records, name, method, role)
            if got != expected:
                wrong.append(f"{method} as {role}: expected {expected}, got {got}")
    assert not wrong, f"{name}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    ("name", "method", "role"),
    [pytest.param(*cell, marks=pytest.mark.xfail(strict=True, reason=reason)) for cell, reason in KNOWN_BUGS.items()],
)
def test_known_bug(world, name, method, role):
    records = make_records(world)
    assert _observe(world, records, name, method, role) == _expected(name, method)[role]


@pytest.mark.skipif(os.environ.get("MATRIX_RECORD") != "1", reason="MATRIX_RECORD=1 prints what the app answers")
def test_print_observed_matrix(world, capsys):
    records = make_records(world)
    lines = []
    for name in sorted(ROUTES):
        for method in ("GET", "POST"):
            cells = " ".join(f"{_observe(world, records, name, method, role):<5}" for role in ROLES)
            lines.append(f"{name!r:38} {method!r:6} {cells}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
