"""Switches for the tests that need services: skipped locally when missing, failing in CI.

``.ci/run`` sets ``DUNDIAN_REQUIRE_REPLICA=1`` (with ``DATABASE_REPLICA_URL``) and
``DUNDIAN_REQUIRE_CLUSTER=1`` (PostgreSQL, Redis and moto's S3 server reachable).
The cluster starts servers, so a developer asks for it: ``DUNDIAN_CLUSTER=1 pytest -m cluster``.
Set ``DATABASE_REPLICA_URL`` only for tests/ops/test_replica.py: with it, every dashboard and
ledger page of the other tests reads a replica that their test database set-up does not fill.
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


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """Two gunicorn servers (A, B), a worker on the exports queue, moto's S3, PostgreSQL and Redis."""
    from tests.ops.cluster import Cluster, missing_services

    if "1" not in (os.environ.get("DUNDIAN_CLUSTER"), os.environ.get("DUNDIAN_REQUIRE_CLUSTER")):
        pytest.skip("starts servers: run with DUNDIAN_CLUSTER=1 (PostgreSQL, Redis and moto[server] needed)")
    why = missing_services()
    require("CLUSTER", why is None, why or "")
    running = Cluster(tmp=tmp_path_factory.mktemp("cluster"))
    try:
        yield running.up()
    finally:
        running.down()
