"""Every transactional test in the session ends with the same teardown (tests/conftest.py)."""

from tests.conftest import _is_transactional


def test_every_transactional_test_uses_a_serialized_rollback(request):
    transactional = [item for item in request.session.items if _is_transactional(item)]
    without = [
        item.nodeid
        for item in transactional
        if not item.get_closest_marker("django_db").kwargs.get("serialized_rollback")
    ]
    assert without == []
