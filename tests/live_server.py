"""The test live server: one request at a time, and only while a test is running.

Its request threads share the test's in-memory SQLite connection, and a browser sends
requests side by side (a page and its htmx fragments, the service worker and offline.js
keeping the offline copy): two of them on the one connection end in "database table is
locked". Real servers have one connection per thread; this only keeps the test server honest.

A request can also outlive its test: sent while the test ended, it waits for the lock that
the teardown holds and would then run beside the next test's database set-up (CI once failed
so, on "database table is locked" in the next test's reference data). Requests are therefore
answered only during a test's call phase; one that comes later gets 503 and touches nothing.
"""

import contextlib
import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases

ONE_REQUEST = threading.Lock()
_TEST_RUNNING = threading.Event()


@contextlib.contextmanager
def serving():
    """Answer requests for the duration of the block (a test's call phase)."""
    _TEST_RUNNING.set()
    try:
        yield
    finally:
        _TEST_RUNNING.clear()


class OneRequestAtATimeServer(ThreadedWSGIServer):
    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with ONE_REQUEST:
                if not _TEST_RUNNING.is_set():
                    start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
                    return [b"no test is running: a request left over from a test that has ended"]
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()  # request_finished, as the server would

        super().set_app(one_at_a_time)


def install():
    testcases.LiveServerThread.server_class = OneRequestAtATimeServer
