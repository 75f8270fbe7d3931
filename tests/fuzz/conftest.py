"""The fuzz suite runs only when asked (``DUNDIAN_FUZZ=1``): once per CI run, on PostgreSQL (.ci/run).

``DUNDIAN_FUZZ_EXAMPLES`` sets the examples per form and role (CI: 25; default 5).
"""

import os

import pytest

ENABLED = os.environ.get("DUNDIAN_FUZZ") == "1"


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="fuzz suite: set DUNDIAN_FUZZ=1 (CI runs it once, on PostgreSQL)")
    for item in items:
        if item.get_closest_marker("fuzz") and not ENABLED:
            item.add_marker(skip)
