"""One writer per record (issue 10): a lint over the source tree.

Tickets (WorkerIssue) and their timeline (IssueAction) are written only by
the ticket service layer — ``issues/timeline.py`` saves them, called by
``issues/services.py`` and ``issues/workflow.py``. Enterprise union status and
its dated steps (EnterpriseStatusChange) are written only by
``campaigns/services.py``. Everything else (views, forms, imports, admin,
demo seeders, tasks) calls those functions. ``benchmarks/`` bulk-creates
synthetic load data in a throwaway database and is not application code. The one other
writer is ``issues/retention.py``, which masks personal data after the retention period.

Visits (Visit, with their recruitment and care rows) are written only by
``visits/services.py`` (``save_visit`` for the form and the offline sync,
``record_visit`` for the demo and scripts): no ``Visit.objects.create``, no
``visit.save()`` elsewhere; the offline sync and the retention job go through
it or do not write visits. Service sites, projects (and a project's status) and
an enterprise's key mark and conversion are written only by
``outreach/services.py``.

The daily summaries (DayRollup, GroupRollup, TicketMixRollup) are written only by ``rollups/services.py``,
which the visit and ticket writers call, and their callback figures also by ``rollups/callbacks.py``
when the working-day calendar changes.

The webhook outbox (OutboxEvent, Delivery, DeliveryAttempt) is written by ``webhooks/outbox.py``
and ``webhooks/delivery.py`` only; the admin calls them.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "tests", "migrations", "benchmarks", "node_modules", "static", "media", "var"}
TICKET_MODELS = {"WorkerIssue", "IssueAction"}
STATUS_MODELS = {"EnterpriseStatusChange"}
ROLLUP_MODELS = {"DayRollup", "GroupRollup", "TicketMixRollup"}
ROLLUP_WRITERS = {"rollups/services.py", "rollups/callbacks.py"}
WRITE_METHODS = {"create", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "delete"}
# issues/retention.py erases personal data of long-closed tickets (a legal duty, not a change of the
# ticket's state): it rewrites the stored worker fields and their history rows in place, on purpose
# without a timeline entry, so the record of what was done stays as it was.
# benchdata/ (manage.py generate_data, issue 15) is the one sanctioned writer outside the services: it
# COPYs a million synthetic tickets, timeline entries and enterprise status steps into an empty
# benchmark database, each a state the services could have produced (tests/benchdata checks that with
# the property test's invariants).
TICKET_WRITERS = {"issues/timeline.py", "issues/retention.py", "benchdata/tickets.py", "benchdata/writer.py"}
STATUS_WRITERS = {"campaigns/services.py", "benchdata/world.py", "benchdata/writer.py"}
# 言和 cases, mediation bodies and their steps, targets and referrals: mediation/services.py only.
MEDIATION_MODELS = {"YanheCase", "MediationBody", "MediationBodyStatusChange", "MediationTarget", "Referral"}
MEDIATION_WRITERS = {"mediation/services.py"}
VISIT_MODELS = {"Visit", "Recruitment", "CareItem"}
VISIT_WRITERS = {"visits/services.py"}
OUTREACH_MODELS = {"ServiceSite", "Project"}
OUTREACH_WRITERS = {"outreach/services.py"}
# Enterprise fields only outreach.services writes (the key mark, the conversion to a service site).
OUTREACH_ENTERPRISE_FIELDS = ("is_key", "converted_at")
# The webhook outbox: events and the deliveries owed are written by webhooks/outbox.py (called by
# issues/timeline.py in the ticket's transaction); their delivery state only by webhooks/delivery.py.
OUTBOX_MODELS = {"OutboxEvent", "Delivery", "DeliveryAttempt"}
OUTBOX_WRITERS = {"webhooks/outbox.py", "webhooks/delivery.py"}
# API tokens (issue 17): issued, rotated, revoked and touched only by api/services.py.
TOKEN_MODELS = {"ApiToken"}
TOKEN_WRITERS = {"api/services.py"}


def source_files():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIP_DIRS & set(rel.parts[:-1]):
            continue
        yield rel.as_posix(), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _chain_root(node):
    """The name at the start of ``A.objects.filter(...).update`` (A), or None."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def _imports_ticket_models(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name in TICKET_MODELS for a in node.names):
            return True
    return False


def _names_bound_to(tree, models) -> set[str]:
    """Variable names assigned a model instance in the module: ``v = Visit(...)``, ``v = Visit.objects.get(...)``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _chain_root(node.value) in models:
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _record_violations(rel, tree) -> list[str]:
    """Saves of a visit, a site or a project outside their one writer."""
    found = []
    for models, writers, variable in (
        (VISIT_MODELS, VISIT_WRITERS, "visit"),
        (OUTREACH_MODELS, OUTREACH_WRITERS, None),
    ):
        if rel in writers:
            continue
        bound = _names_bound_to(tree, models)
        if variable:
            bound.add(variable)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            where = f"{rel}:{node.lineno}"
            method, root = node.func.attr, _chain_root(node.func.value)
            if method in WRITE_METHODS and root in models:
                found.append(f"{where}: {root}…{method}() outside {', '.join(sorted(writers))}")
            receiver = node.func.value
            if method == "save" and isinstance(receiver, ast.Name) and receiver.id in bound:
                found.append(f"{where}: {receiver.id}.save() outside {', '.join(sorted(writers))}")
    if rel not in OUTREACH_WRITERS:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for leaf in (leaf for target in targets for leaf in ast.walk(target)):
                    if isinstance(leaf, ast.Attribute) and leaf.attr in OUTREACH_ENTERPRISE_FIELDS:
                        found.append(f"{rel}:{node.lineno}: assigns .{leaf.attr} outside outreach.services")
            if isinstance(node, ast.Call) and any(k.arg in OUTREACH_ENTERPRISE_FIELDS for k in node.keywords):
                method = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if method in WRITE_METHODS | {"Enterprise"}:
                    found.append(f"{rel}:{node.lineno}: writes an enterprise's key mark outside outreach.services")
    return found


def violations(rel, tree) -> list[str]:
    found = _record_violations(rel, tree)
    ticket_file = _imports_ticket_models(tree)
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, root = node.func.attr, _chain_root(node.func.value)
            if method in WRITE_METHODS and root in TICKET_MODELS and rel not in TICKET_WRITERS:
                found.append(f"{where}: {root}…{method}() outside the ticket service layer")
            if method in WRITE_METHODS and root in ROLLUP_MODELS and rel not in ROLLUP_WRITERS:
                found.append(f"{where}: {root}…{method}() outside rollups.services")
            if method in WRITE_METHODS and root in TOKEN_MODELS and rel not in TOKEN_WRITERS:
                found.append(f"{where}: {root}…{method}() outside api.services")
            if method in WRITE_METHODS and root in STATUS_MODELS and rel not in STATUS_WRITERS:
                found.append(f"{where}: {root}…{method}() outside campaigns.services")
            if method in WRITE_METHODS and root in MEDIATION_MODELS and rel not in MEDIATION_WRITERS:
                found.append(f"{where}: {root}…{method}() outside mediation.services")
            if method in WRITE_METHODS and root in OUTBOX_MODELS and rel not in OUTBOX_WRITERS:
                found.append(f"{where}: {root}…{method}() outside webhooks.outbox / webhooks.delivery")
            writes_status = any(k.arg == "union_status" for k in node.keywords)
            if method in WRITE_METHODS - {"delete"} and writes_status and rel not in STATUS_WRITERS:
                found.append(f"{where}: writes union_status outside campaigns.services")
            is_super = isinstance(node.func.value, ast.Call) and getattr(node.func.value.func, "id", "") == "super"
            if method == "save" and ticket_file and not is_super and rel not in TICKET_WRITERS:
                found.append(f"{where}: .save() in a module that handles tickets, outside issues/timeline.py")
        is_enterprise = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Enterprise"
        if is_enterprise and any(k.arg in ("union_status", "union_status_date") for k in node.keywords):
            found.append(f"{where}: Enterprise(union_status=…) outside campaigns.services")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    status_attr = isinstance(leaf, ast.Attribute) and leaf.attr in ("union_status", "union_status_date")
                    if status_attr and rel not in STATUS_WRITERS:
                        found.append(f"{where}: assigns .{leaf.attr} outside campaigns.services")
    return found


def test_the_lint_finds_a_write_around_the_services():
    bad = ast.parse(
        "from issues.models import WorkerIssue\n"
        "WorkerIssue.objects.filter(pk=1).update(status='closed')\n"
        "issue.save()\n"
        "enterprise.union_status = 'established'\n"
        "EnterpriseStatusChange.objects.create(enterprise=e)\n"
        "DayRollup.objects.filter(day=d).update(visits=1)\n"
        "Delivery.objects.filter(pk=1).update(status='delivered')\n"
        "ApiToken.objects.filter(pk=1).update(revoked_at=None)\n"
    )
    assert len(violations("ledger/imports/tickets.py", bad)) == 7


def test_the_lint_finds_a_mediation_write_around_the_service():
    bad = ast.parse("YanheCase.objects.filter(pk=1).update(outcome='settled')\nReferral.objects.create(issue=i)\n")
    assert len(violations("mediation/imports.py", bad)) == 2
    assert violations("mediation/services.py", bad) == []


def test_the_lint_finds_a_visit_or_project_written_around_the_services():
    bad = ast.parse(
        "visit = Visit(team=t)\n"
        "visit.save()\n"
        "Visit.objects.create(team=t)\n"
        "Recruitment.objects.get_or_create(visit=v)\n"
        "project = Project.objects.get(pk=1)\n"
        "project.save()\n"
        "enterprise.is_key = True\n"
        "Enterprise.objects.filter(pk=1).update(converted_at=now)\n"
    )
    assert len(violations("visits/demo.py", bad)) == 6
    assert len(violations("visits/services.py", bad)) == 3  # the project and enterprise writes remain


@pytest.mark.parametrize(("rel", "tree"), list(source_files()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_write_around_the_service_layer(rel, tree):
    assert violations(rel, tree) == []
