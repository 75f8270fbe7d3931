"""Issue 12 finding 6: `make run` serves as a user would — DEBUG off, Chinese error pages, static files.

`make dev` keeps the developer's DEBUG mode. The Makefile is read with
`make -n` (what it would run), and the pages are requested with DEBUG off,
as `make run` serves them, with whitenoise serving the collected static files.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.security.conftest import make_records

ROOT = Path(__file__).resolve().parents[2]
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(target):
    done = subprocess.run(
        ["make", "-n", "-s", target, "WORKER=0"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@needs_make
def test_make_run_serves_with_debug_off_and_collected_static_files_on_127_0_0_1_8000():
    commands = _dry_run("run")
    assert "manage.py migrate" in commands and "manage.py seed_demo" in commands
    assert "manage.py collectstatic --noinput" in commands
    assert "DEBUG=0 .venv/bin/python manage.py runserver 127.0.0.1:8000" in commands


@needs_make
def test_make_dev_keeps_debug_on():
    assert "DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8000" in _dry_run("dev")


@pytest.fixture
def served(settings, tmp_path):
    """The site as `make run` serves it: DEBUG off, static files collected and served by whitenoise."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    return Client(raise_request_exception=False)


def test_another_teams_record_gets_the_chinese_404_page_not_the_debug_page(served, world):
    records = make_records(world)
    served.force_login(world.cadre_b)
    response = served.get(reverse("issues:detail", args=[records.issue.pk]))
    text = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in text
    assert "URLconf" not in text and "Traceback" not in text


def test_an_unknown_address_gets_the_chinese_404_page(served, world):
    served.force_login(world.cadre_a)
    response = served.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert "Using the URLconf" not in response.content.decode()


def test_a_forbidden_action_gets_the_chinese_403_page(served, world):
    served.force_login(world.leadership)
    response = served.get(reverse("visits:create"))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode() or "无权" in response.content.decode()


def test_a_server_error_gets_the_chinese_500_page(served, world, monkeypatch):
    import issues.views.listing

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(issues.views.listing, "IssueFilterForm", broken)
    served.force_login(world.cadre_a)
    response = served.get(reverse("issues:list"))
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_static_files_are_served_with_debug_off(served, world):
    response = served.get("/static/css/dundian.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
