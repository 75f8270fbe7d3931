"""Production static files: hashed names, compressed, cached for (at least) a year by whitenoise."""

import os
import re
import subprocess
import sys

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

from tests.security.test_production_settings import PRODUCTION_ENV

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
ONE_YEAR = 365 * 24 * 3600


def test_production_settings_choose_whitenoises_manifest_storage(settings):
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "dundian.settings"}
    env.pop("STATICFILES_BACKEND", None)
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # The tests themselves keep the plain storage (no collectstatic needed).
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_a_vendored_asset_is_served_hashed_compressed_and_cached_for_a_year(tmp_path):
    with override_settings(DEBUG=False, STATIC_ROOT=tmp_path, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = staticfiles_storage.url("vendor/bootstrap/bootstrap.min.css")
        assert re.search(r"bootstrap\.min\.[0-9a-f]{12}\.css$", url)
        response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])
    assert max_age >= ONE_YEAR
    assert "immutable" in response["Cache-Control"]
