"""Real-browser journeys: pytest-playwright driving Debian's chromium.

Playwright's own browser download does not work here, so the tests launch
``/usr/bin/chromium`` (``CHROMIUM_PATH`` to override). Without it every test in
this folder is skipped with a reason, so ``make test`` still runs on a machine
without a browser; ``.ci/run`` installs it. Each journey runs twice: on a
360×740 phone and on a 1280×800 desktop.

The live server shares the test database, so tests here are transactional
(pytest-django turns that on for ``live_server``) and ask for a serialized
rollback: the reference data written by data migrations (groups, the 22
federations, the eight groups) is put back before each test.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image
from playwright.sync_api import expect

from tests.live_server import ONE_REQUEST

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOT_DIR = Path(django_settings.BASE_DIR) / "docs" / "screenshots"
HERE = Path(__file__).parent
MAX_SCREENSHOT_HEIGHT = 2400

VIEWPORTS = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A request still in flight when a test ends must not meet the flush of its database.

    Held for the whole teardown (this folder's tests only): the request being served ends
    first, the browser closes, the database is reset, and only then may the server go on.
    """
    held = ONE_REQUEST.acquire(timeout=30)
    try:
        return (yield)
    finally:
        if held:
            ONE_REQUEST.release()


def _chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM} (apt-get install chromium fonts-wqy-zenhei)")
    available = _chromium_available()
    # The sweeps (every page × role × width) run once per CI run: on the SQLite run of `make test`.
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    skip_sweep = pytest.mark.skip(reason="the sweeps run once per CI run, on SQLite (DATABASE_URL is PostgreSQL)")
    if not available and os.environ.get("DUNDIAN_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"DUNDIAN_REQUIRE_BROWSER=1 but there is no chromium at {CHROMIUM}")
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            if not available:
                item.add_marker(skip)
            elif on_postgres and item.get_closest_marker("sweep"):
                item.add_marker(skip_sweep)


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_transactional_last(items):
    """Put transactional tests last again, after pytest regrouped the tests by session-scoped parameters.

    pytest-django orders plain database tests before transactional ones (each transactional test
    flushes the reference data of the data migrations at its end). pytest-playwright parametrises
    every test that names a fixture ``page`` with a session-scoped ``browser_name``, and pytest then
    groups those tests at the first one's place — a plain test with a parameter called ``page`` is
    enough to pull every browser test in among the ordinary ones. A stable re-sort keeps both.
    """

    def order(item):
        marker = item.get_closest_marker("django_db")
        names = getattr(item, "fixturenames", ())
        if (marker and marker.kwargs.get("transaction")) or "live_server" in names or "transactional_db" in names:
            return 1
        return 0 if marker or "db" in names else 2

    items.sort(key=order)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--lang=zh-CN",  # the browser's own words (file and date pickers) in Chinese, as on users' phones
        ],
    }


# Function scope on purpose: a session-scoped parameter would make pytest regroup the tests by
# viewport and pull these transactional tests in among the ordinary database tests, whose reference
# data (groups, units, calendar) each transactional test flushes at its end. Function scope keeps
# pytest-django's order: transactional tests last.
@pytest.fixture(params=list(VIEWPORTS))
def viewport_name(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport_name):
    return {
        **browser_context_args,
        **VIEWPORTS[viewport_name],
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "accept_downloads": True,
    }


@pytest.fixture
def page(page):
    # A page that hangs fails the test in seconds, not minutes.
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    # Assertions wait as long as actions do. Playwright's own 5 s is shorter than a form post,
    # its redirect and the next page on a CI machine running both suites side by side: a
    # journey failed there on a message that was only late (it passes alone and on desktop).
    expect.set_options(timeout=10_000)
    return page


@pytest.fixture
def url(live_server):
    """``url("/visits/")`` → the live server's absolute address."""

    def build(path: str) -> str:
        return live_server.url + path

    return build


@pytest.fixture
def sign_in(context, live_server):
    """Sign a user in by giving the browser a real session cookie.

    Journeys that are about logging in use the login form instead; the others
    skip it to stay fast.
    """
    from django.test import Client

    def do(user):
        client = Client()
        with ONE_REQUEST:  # not while the server reads the session tables for a page still loading
            client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context.clear_cookies()
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return do


@pytest.fixture
def screenshot(viewport_name, tmp_path):
    """Save the page as <name>-<viewport>.png.

    Into docs/screenshots/ (committed, shown in the README) only with
    ``DUNDIAN_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k journey``, so an ordinary test run
    leaves the tree clean; otherwise into the test's temporary folder.
    """
    folder = SCREENSHOT_DIR if os.environ.get("DUNDIAN_SCREENSHOTS") == "1" else tmp_path

    def shoot(page, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}-{viewport_name}.png"
        # The whole page when it is a few screens long, else the first screens only.
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_SCREENSHOT_HEIGHT)
        width = page.viewport_size["width"]
        page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height}, full_page=True)
        # A 256-colour palette keeps the committed files small; text stays sharp.
        with Image.open(path) as shot:
            small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
        return path

    return shoot
