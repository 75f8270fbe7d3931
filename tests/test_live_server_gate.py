"""The test live server answers only during a test's call (tests/live_server.py)."""

import urllib.error
import urllib.request

import pytest
from django.core.signals import request_started

from tests import live_server as gate


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_the_live_server_answers_during_a_test(live_server):
    assert _status(live_server.url + "/healthz") == 200


@pytest.mark.django_db(transaction=True)
def test_a_request_left_over_from_an_ended_test_is_refused_without_running_the_app(live_server):
    started = []

    def count(**kwargs):
        started.append(kwargs)

    request_started.connect(count)
    gate._TEST_RUNNING.clear()  # as between two tests
    try:
        assert _status(live_server.url + "/healthz") == 503
    finally:
        gate._TEST_RUNNING.set()
        request_started.disconnect(count)
    assert started == []
