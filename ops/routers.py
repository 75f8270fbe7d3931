"""The database router: reads of the read side may go to the replica, writes never do.

Which requests read from the replica is decided per request by
``ops.replica.ReplicaMiddleware`` (it sets ``read_alias``); outside such a
request — writes, tasks, commands, the session and auth tables — everything
uses the primary (``default``).
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings

_read_alias = contextvars.ContextVar("dundian_read_alias", default=None)


def replica_configured() -> bool:
    return "replica" in settings.DATABASES


@contextmanager
def read_from(alias):
    """Route the routed apps' reads to ``alias`` inside the block (``None``: the primary)."""
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _read_alias.get()
        if alias and model._meta.app_label in settings.REPLICA_ROUTED_APPS:
            return alias
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read from either may point at a row of the other.
        return True
