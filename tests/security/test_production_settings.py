"""Production settings, checked in a fresh process with the production switch on.

Settings are read once at start-up, so the only honest test is a new
interpreter with ``DUNDIAN_PRODUCTION=1`` in its environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DUNDIAN_PRODUCTION": "1",
    "SECRET_KEY": "test-only-9f2c1e7a6b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d",
    "ALLOWED_HOSTS": "dundian.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://dundian.example.org",
    # Workers' phones and ID numbers are encrypted at rest: production has no default keys (privacy/crypto.py).
    "FIELD_ENCRYPTION_KEYS": "6qMzcO0sD2jUKvbQFdRGRpJbXrJx4F8v5YpXnVv7wq0=",
    "FIELD_HASH_KEY": "test-only-hash-key-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b",
}
SETTINGS_TO_READ = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SILENCED_SYSTEM_CHECKS",
]


def _run(args, extra_env):
    # A clean environment: nothing of the test run (DEBUG, DATABASE_URL …) leaks in.
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8", **extra_env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def production_settings():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SETTINGS_TO_READ!r}}}))"
    )
    done = _run(["-c", code], {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "dundian.settings"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_with_production_settings():
    done = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    done = _run(["manage.py", "check"], env)

    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_production_turns_debug_off(production_settings):
    assert production_settings["DEBUG"] is False


def test_production_redirects_http_to_https_behind_the_proxy(production_settings):
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_sends_hsts_for_a_year_with_subdomains(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True


def test_production_cookies_travel_over_https_only(production_settings):
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True


def test_production_keeps_frame_and_sniffing_protection(production_settings):
    assert production_settings["X_FRAME_OPTIONS"] == "DENY"
    assert production_settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_silences_no_check_unless_told_to(production_settings):
    assert production_settings["SILENCED_SYSTEM_CHECKS"] == []
