"""Data migrations carry their data with them: none imports our live modules.

A migration that imports, say, ``campaigns.reference`` does something different
each time someone edits that module: an old database and a fresh one would
disagree. Module-level imports of our code are allowed only for callables a
field refers to (``upload_to``, validators), which Django itself writes.

One deliberate exception: encrypting existing rows (issues/0006) must use the
keys and cipher of the installation it runs on (``privacy.crypto``); what it
writes is defined by those keys, not by data in our code.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"dundian"}
MIGRATIONS = sorted(p for p in ROOT.glob("*/migrations/0*.py"))
USES_LIVE_KEYS = {("issues", "0006_encrypt_personal_data.py"): "privacy.crypto"}


def _ours(name: str | None) -> bool:
    return bool(name) and name.split(".")[0] in OUR_APPS


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_migration_function_imports_our_code(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom):
                assert not _ours(node.module), f"{path.name}: {func.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert not any(_ours(a.name) for a in node.names), f"{path.name}: {func.name} imports our code"


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_migration_takes_names_from_our_modules(path):
    """``from campaigns.reference import X`` at the top is the same trap as inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = USES_LIVE_KEYS.get((path.parent.parent.name, path.name))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = ".".join(filter(None, [node.module, *(a.name for a in node.names if node.module == "privacy")]))
            if allowed and module == allowed:
                continue
            assert not _ours(node.module), f"{path.name} takes names from {node.module}"


def test_the_migration_seeds_the_list_as_it_was():
    """The seeded units are the 23 of the article, whatever the live module says today."""
    from importlib import import_module

    seed = import_module("campaigns.migrations.0002_reference_data")
    assert len(seed.UNITS) == 23
    assert seed.UNITS[0] == ("西红门镇", "town", 1)
    assert seed.UNITS[-1] == ("的士职工之家", "special", 23)
    assert len(seed.EIGHT_GROUPS) == 8
