"""One writer per record (issue 10): a lint over the source tree.

Tickets (WorkerIssue) and their timeline (IssueAction) are written only by
the ticket service layer — ``issues/timeline.py`` saves them, called by
``issues/services.py`` and ``issues/workflow.py``. Enterprise union status and
its dated steps (EnterpriseStatusChange) are written only by
``campaigns/services.py``. Everything else (views, forms, imports, admin,
demo seeders, tasks) calls those functions. ``benchmarks/`` bulk-creates
synthetic load data in a throwaway database and is not application code. The one other
writer is ``issues/retention.py``, which masks personal data after the retention period.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "tests", "migrations", "benchmarks", "node_modules", "static", "media", "var"}
TICKET_MODELS = {"WorkerIssue", "IssueAction"}
STATUS_MODELS = {"EnterpriseStatusChange"}
WRITE_METHODS = {"create", "update", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "delete"}
# issues/retention.py erases personal data of long-closed tickets (a legal duty, not a change of the
# ticket's state): it rewrites the stored worker fields and their history rows in place, on purpose
# without a timeline entry, so the record of what was done stays as it was.
TICKET_WRITERS = {"issues/timeline.py", "issues/retention.py"}
STATUS_WRITERS = {"campaigns/services.py"}
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


def violations(rel, tree) -> list[str]:
    found = []
    ticket_file = _imports_ticket_models(tree)
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method, root = node.func.attr, _chain_root(node.func.value)
            if method in WRITE_METHODS and root in TICKET_MODELS and rel not in TICKET_WRITERS:
                found.append(f"{where}: {root}…{method}() outside the ticket service layer")
            if method in WRITE_METHODS and root in TOKEN_MODELS and rel not in TOKEN_WRITERS:
                found.append(f"{where}: {root}…{method}() outside api.services")
            if method in WRITE_METHODS and root in STATUS_MODELS and rel not in STATUS_WRITERS:
                found.append(f"{where}: {root}…{method}() outside campaigns.services")
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
        "ApiToken.objects.filter(pk=1).update(revoked_at=None)\n"
    )
    assert len(violations("ledger/imports/tickets.py", bad)) == 5


@pytest.mark.parametrize(("rel", "tree"), list(source_files()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_write_around_the_service_layer(rel, tree):
    assert violations(rel, tree) == []
