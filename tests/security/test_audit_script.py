"""The CI dependency-audit wrapper fails on real findings and only warns when it cannot audit."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_dependencies.py"


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def run_with(stdout="", stderr="", returncode=0):
        monkeypatch.setattr(
            module.subprocess,
            "run",
            lambda *a, **k: subprocess.CompletedProcess(a, returncode, stdout=stdout, stderr=stderr),
        )
        return module.main()

    return run_with


def _report(*deps):
    return json.dumps({"dependencies": list(deps), "fixes": []})


def test_a_known_vulnerability_fails_the_build(audit, capsys):
    vulnerable = {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]}

    assert audit(_report(vulnerable), returncode=1) == 1
    assert "PYSEC-1" in capsys.readouterr().err


def test_a_clean_audit_passes(audit, capsys):
    assert audit(_report({"name": "django", "version": "5.2.9", "vulns": []})) == 0
    assert "1 dependencies audited" in capsys.readouterr().out


def test_an_unreachable_database_warns_loudly_but_passes(audit, capsys, monkeypatch):
    monkeypatch.delenv("PIP_AUDIT_REQUIRED", raising=False)
    skipped = {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2)"}

    assert audit(_report(skipped)) == 0
    assert "NOT audited" in capsys.readouterr().err


def test_an_unreachable_database_fails_when_the_audit_is_required(audit, monkeypatch):
    monkeypatch.setenv("PIP_AUDIT_REQUIRED", "1")

    assert audit(stderr="requests.exceptions.ConnectionError: Max retries exceeded", returncode=1) == 1


def test_an_unknown_pip_audit_failure_fails_the_build(audit):
    assert audit(stderr="Traceback: something else broke", returncode=2) == 1
