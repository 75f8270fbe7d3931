"""Switches for the tests that need services: skipped locally when missing, failing in CI.

``.ci/run`` sets ``DUNDIAN_REQUIRE_REPLICA=1`` (with ``DATABASE_REPLICA_URL``) and
``DUNDIAN_REQUIRE_CLUSTER=1`` (PostgreSQL, Redis and moto's S3 server reachable).
"""

import os

import pytest


def require(service: str, available: bool, why: str) -> None:
    """Skip the test when ``service`` is missing, unless CI asked for it: then fail."""
    if available:
        return
    if os.environ.get(f"DUNDIAN_REQUIRE_{service}") == "1":
        pytest.fail(f"DUNDIAN_REQUIRE_{service}=1 but {why}", pytrace=False)
    pytest.skip(why)
