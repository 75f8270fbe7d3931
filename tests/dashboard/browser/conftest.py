"""The dashboard in a real browser: reuses the browser harness of tests/browser."""

from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401  (fixtures)
    _chromium_available,
    browser_context_args,
    browser_type_launch_args,
    page,
    pytest_runtest_teardown,
    screenshot,
    sign_in,
    url,
    viewport_name,
)

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="no chromium (apt-get install chromium fonts-wqy-zenhei)")
    available = _chromium_available()
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            if not available:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Put the reference data back if a previous live-server test's flush left it out.

    Seen when these tests run after other live-server tests in one session: the
    serialized rollback did not restore the groups. Loading is idempotent.
    """
    from django.apps import apps

    from campaigns.reference import load

    load(apps)
