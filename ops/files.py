"""Private files (visit photos, exports, any later attachment), wherever the storage keeps them.

A view first checks who may see the record, then hands the file to
``serve_private_file``. The file is streamed from the storage (the local
folder or the bucket) in chunks; with ``PRIVATE_FILE_DELIVERY=redirect`` and a
storage that can sign URLs (S3), the view answers with a redirect to a
pre-signed URL valid ``PRIVATE_FILE_URL_SECONDS`` instead, so the bytes do not
pass through the web server. There is never a public URL of a file.
"""

import contextlib
import datetime as dt
import logging
import os
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header

log = logging.getLogger(__name__)

MISSING_MESSAGE = "文件不存在或已被清理。"


def storage_is_remote(storage: Storage | None = None) -> bool:
    """True for storages without a local path (a bucket)."""
    storage = storage or default_storage
    try:
        storage.path("x")
    except NotImplementedError:
        return True
    return False


def serve_private_file(
    field_file,
    *,
    content_type: str,
    filename: str | None = None,
    as_attachment: bool = False,
    cache_control: str = "private, no-store",
    missing_message: str = MISSING_MESSAGE,
):
    """The response for a file the caller already decided this user may see.

    ``field_file`` is a ``FieldFile`` (``record.image``, ``job.file``) or a
    storage name. A missing file answers 404 with ``missing_message``.
    """
    storage, name = _storage_and_name(field_file)
    if not name:
        raise Http404(missing_message)
    if settings.PRIVATE_FILE_DELIVERY == "redirect" and storage_is_remote(storage):
        return _redirect_to_signed_url(storage, name, content_type, filename, as_attachment, cache_control)
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(missing_message) from exc
    except Exception as exc:  # boto raises its own ClientError (404 / NoSuchKey) on a missing object
        if _is_missing(exc):
            raise Http404(missing_message) from exc
        raise
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename or "")
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _storage_and_name(field_file):
    if isinstance(field_file, str):
        return default_storage, field_file
    return field_file.storage, field_file.name


def _is_missing(exc) -> bool:
    response = getattr(exc, "response", None)
    code = (response or {}).get("Error", {}).get("Code") if isinstance(response, dict) else None
    return code in {"404", "NoSuchKey", "NotFound"}


def _redirect_to_signed_url(storage, name, content_type, filename, as_attachment, cache_control):
    if not storage.exists(name):
        raise Http404(MISSING_MESSAGE)
    parameters = {"ResponseContentType": content_type, "ResponseCacheControl": cache_control}
    if filename or as_attachment:
        parameters["ResponseContentDisposition"] = content_disposition_header(as_attachment, filename or "")
    url = storage.url(name, parameters=parameters, expire=settings.PRIVATE_FILE_URL_SECONDS)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def save_local_file(local_path, name: str, storage: Storage | None = None) -> str:
    """Copy a finished local file into the storage under ``name``; returns the name stored."""
    storage = storage or default_storage
    with open(local_path, "rb") as handle:
        return storage.save(name, File(handle, name=os.path.basename(name)))


WORKFILE_PREFIX = "dundian-"


def work_dir() -> str:
    """Where this host writes files before they go to the storage (``FILE_WORK_DIR``, default the temp dir)."""
    folder = settings.FILE_WORK_DIR or tempfile.gettempdir()
    os.makedirs(folder, exist_ok=True)
    return os.fspath(folder)


def local_workfile(suffix: str = "") -> str:
    """A private temporary path for a file to be written locally before it goes to the storage."""
    fd, path = tempfile.mkstemp(prefix=WORKFILE_PREFIX, suffix=suffix, dir=work_dir())
    os.close(fd)
    return path


def remove_stale_workfiles(cutoff: dt.datetime) -> int:
    """Work files of this host's killed workers (never in the storage), last changed before ``cutoff``."""
    removed = 0
    for entry in os.scandir(work_dir()):
        ours = entry.name.startswith((WORKFILE_PREFIX, ".partial-")) and entry.is_file()
        if ours and entry.stat().st_mtime < cutoff.timestamp():
            with contextlib.suppress(FileNotFoundError):
                os.remove(entry.path)
                removed += 1
    return removed


def walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name under ``directory`` (recursively), for the local folder and a bucket alike."""
    try:
        dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(dirs):
        yield from walk(storage, f"{directory}/{sub}" if directory else sub)


def delete_older_than(directory: str, cutoff: dt.datetime, *, keep=frozenset(), storage: Storage | None = None) -> int:
    """Delete the files under ``directory`` last changed before ``cutoff``, except those in ``keep``."""
    storage = storage or default_storage
    deleted = 0
    for name in list(walk(storage, directory)):
        if name in keep:
            continue
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:
            continue
    return deleted
