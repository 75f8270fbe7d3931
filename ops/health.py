"""The checks behind /healthz: each part reported on its own."""

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

log = logging.getLogger(__name__)

HEALTH_DIR = "private/healthz"


def database_ok(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except Exception:  # any driver error means "down" to a health probe
        log.exception("healthz: database %s check failed", alias)
        return False


def broker_ok() -> bool:
    from dundian.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return True
    except Exception:  # connection refused, DNS, timeout: all mean "down"
        log.warning("healthz: broker unreachable", exc_info=True)
        return False


def storage_ok() -> bool:
    """Write, read back and delete a small object: the bucket (or folder) takes files."""
    name = f"{HEALTH_DIR}/{uuid.uuid4().hex}.txt"
    try:
        stored = default_storage.save(name, ContentFile(b"ok"))
        try:
            with default_storage.open(stored, "rb") as handle:
                return handle.read() == b"ok"
        finally:
            default_storage.delete(stored)
    except Exception:  # permissions, network, a full disk: all mean "down"
        log.warning("healthz: storage check failed", exc_info=True)
        return False
