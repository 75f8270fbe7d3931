"""Development settings a newcomer meets with `make run`: links follow the port, e-mails are not warnings."""

import os
import subprocess
import sys

import pytest


def _setting(settings, name, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dundian.settings", **env}
    for key in ("SITE_URL", "DUNDIAN_PRODUCTION", "HOST", "PORT"):
        if key not in env:
            environment.pop(key, None)
    code = f"from django.conf import settings; print(settings.{name})"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8080"}, "http://127.0.0.1:8080"),
        ({"HOST": "0.0.0.0", "PORT": "9000"}, "http://127.0.0.1:9000"),  # noqa: S104 (a value, not a bind)
        ({"HOST": "localhost", "PORT": "9000"}, "http://localhost:9000"),
        ({"PORT": "8080", "SITE_URL": "https://dundian.example.org"}, "https://dundian.example.org"),
    ],
)
def test_links_in_e_mails_follow_the_address_make_run_serves(settings, env, expected):
    assert _setting(settings, "SITE_URL", **env) == expected


def test_what_a_task_prints_is_logged_as_information():
    from dundian.celery import app

    assert app.conf.worker_redirect_stdouts_level == "INFO"
