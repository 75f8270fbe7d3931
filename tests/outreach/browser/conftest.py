"""Browser journeys of the outreach pages reuse the shared browser harness (tests/browser)."""

from pathlib import Path

import pytest

from tests.browser.conftest import (  # noqa: F401 - fixtures, re-exported for this folder
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
    available = _chromium_available()
    skip = pytest.mark.skip(reason="no chromium (apt-get install chromium fonts-wqy-zenhei)")
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
            if not available:
                item.add_marker(skip)
