"""Which requests read from the replica, and the "just wrote" marker that pins a user to the primary.

A safe request (GET/HEAD) to a view of ``REPLICA_READ_NAMESPACES`` (the
dashboard and the ledger) reads from the replica — unless the user wrote
something in the last ``REPLICA_PIN_SECONDS``: a save followed by a redirect
then reads the primary and never shows the page as it was before the save.
Every unsafe request (POST …) answered without a server error sets the marker.
"""

import time

from django.conf import settings
from django.urls import Resolver404, resolve

from .routers import read_from, replica_configured

SESSION_KEY = "_dundian_primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def pinned_to_primary(request) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY, 0) > time.time())


def pin_to_primary(request) -> None:
    if getattr(request, "session", None) is not None:
        request.session[SESSION_KEY] = time.time() + settings.REPLICA_PIN_SECONDS


def reads_replica(request, match) -> bool:
    return (
        replica_configured()
        and request.method in SAFE_METHODS
        and match is not None
        and bool(match.namespaces)
        and match.namespaces[0] in settings.REPLICA_READ_NAMESPACES
        and not pinned_to_primary(request)
    )


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reads_replica(request, _match(request)):
            with read_from("replica"):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if replica_configured() and request.method not in SAFE_METHODS and response.status_code < 500:
            pin_to_primary(request)
        return response


def _match(request):
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
