"""Backups that restore: the database dump, every stored file, and a manifest to check both.

A backup is a folder::

    dundian-20261201-093000/
        manifest.json       counts of every table, size and SHA-256 of every file and of the dump
        database.dump       pg_dump --format=custom (PostgreSQL) or database.sqlite3 (SQLite)
        files/…             every object of the storage (the bucket or MEDIA_ROOT), same names

``restore`` checks the backup against its manifest first, refuses a database or
storage that is not empty, loads both, then checks the restored counts and
file checksums against the manifest again.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

from .files import walk
from .health import HEALTH_DIR

MANIFEST = "manifest.json"
FILES_DIR = "files"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that must stop: the message says why, in plain words."""


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows of every table of every installed model (m2m tables included), by ``app_label.Model``."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._base_manager.using(alias).count()
    return dict(sorted(counts.items()))


def stored_files(storage=None) -> list[str]:
    storage = storage or default_storage
    return [name for name in walk(storage) if not name.startswith(f"{HEALTH_DIR}/")]


def file_checksums(storage=None) -> dict[str, dict]:
    storage = storage or default_storage
    result = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as handle:
            digest = hashlib.sha256()
            size = 0
            for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):
                digest.update(chunk)
                size += len(chunk)
        result[name] = {"size": size, "sha256": digest.hexdigest()}
    return result


# ---- the database, engine by engine -------------------------------------------------------------


def _engine(alias="default") -> str:
    engine = settings.DATABASES[alias]["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"不支持的数据库类型：{engine}")


def _pg_env_and_args(alias="default"):
    db = settings.DATABASES[alias]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"找不到 {name}：请安装 postgresql-client（版本不低于数据库服务器）。")
    return path


def dump_database(target: Path) -> str:
    """Write the database to ``target`` (folder); returns the dump's file name."""
    if _engine() == "postgresql":
        env, args = _pg_env_and_args()
        name = "database.dump"
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target / name)]
        subprocess.run([*command, *args], env=env, check=True)  # noqa: S603  # nosec B603
        return name
    name = "database.sqlite3"
    connection = connections["default"]
    if connection.in_atomic_block:
        # SQLite's backup waits for the source's own open write transaction: it would never end.
        raise BackupError("备份不能在事务中进行。")
    connection.ensure_connection()
    with sqlite3.connect(target / name) as out:
        connection.connection.backup(out)
    out.close()
    return name


def database_is_empty() -> bool:
    connection = connections["default"]
    with connection.cursor():
        return not connection.introspection.table_names()


def load_database(dump: Path) -> None:
    if _engine() == "postgresql":
        if not dump.name.endswith(".dump"):
            raise BackupError("该备份来自 SQLite，不能恢复到 PostgreSQL。")
        env, args = _pg_env_and_args()
        command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        subprocess.run([*command, *args, str(dump)], env=env, check=True)  # noqa: S603  # nosec B603
        return
    if not dump.name.endswith(".sqlite3"):
        raise BackupError("该备份来自 PostgreSQL，不能恢复到 SQLite。")
    connections["default"].close()
    with sqlite3.connect(dump) as source, sqlite3.connect(settings.DATABASES["default"]["NAME"]) as target:
        source.backup(target)
    source.close()
    target.close()


# ---- backup and restore -------------------------------------------------------------------------


def backup(destination: Path, stdout=None) -> Path:
    """Make a backup folder under ``destination``; returns its path."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(destination) / f"dundian-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    (target / FILES_DIR).mkdir()
    counts = table_counts()
    dump_name = dump_database(target)
    files = {}
    for name in stored_files():
        local = target / FILES_DIR / name
        local.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(local, "wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        with open(local, "rb") as handle:
            files[name] = {"size": local.stat().st_size, "sha256": sha256_of(handle)}
    with open(target / dump_name, "rb") as handle:
        dump_sum = sha256_of(handle)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": _engine(),
        "database": {"file": dump_name, "sha256": dump_sum},
        "counts": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{source} 不是备份目录：没有 {MANIFEST}。") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"不认识的备份格式：{manifest.get('format')}。")
    return manifest


def check_backup(source: Path, manifest: dict) -> list[str]:
    """What in the backup folder differs from its manifest (empty: intact)."""
    problems = []
    dump = Path(source) / manifest["database"]["file"]
    if not dump.exists():
        return [f"缺少数据库备份文件 {dump.name}"]
    with open(dump, "rb") as handle:
        if sha256_of(handle) != manifest["database"]["sha256"]:
            problems.append(f"数据库备份文件 {dump.name} 校验和不符")
    for name, expected in manifest["files"].items():
        local = Path(source) / FILES_DIR / name
        if not local.exists():
            problems.append(f"缺少文件 {name}")
            continue
        with open(local, "rb") as handle:
            if sha256_of(handle) != expected["sha256"]:
                problems.append(f"文件 {name} 校验和不符")
    return problems


def compare_live(manifest: dict) -> list[str]:
    """What in the running database and storage differs from the manifest (empty: all match)."""
    problems = []
    live_counts = table_counts()
    for label, expected in manifest["counts"].items():
        if live_counts.get(label) != expected:
            problems.append(f"{label}：应为 {expected} 行，实际 {live_counts.get(label)} 行")
    live_files = file_checksums()
    for name, expected in manifest["files"].items():
        found = live_files.get(name)
        if found is None:
            problems.append(f"存储中缺少文件 {name}")
        elif found["sha256"] != expected["sha256"]:
            problems.append(f"存储中文件 {name} 校验和不符")
    for name in sorted(set(live_files) - set(manifest["files"])):
        problems.append(f"存储中多出文件 {name}")
    return problems


def restore(source: Path) -> dict:
    """Restore the backup folder ``source`` into an empty database and storage, then verify it."""
    source = Path(source)
    manifest = read_manifest(source)
    problems = check_backup(source, manifest)
    if problems:
        raise BackupError("备份不完整，未做任何恢复：" + "；".join(problems))
    if not database_is_empty():
        raise BackupError("目标数据库不是空的：请恢复到一个新建的空数据库。")
    if stored_files():
        raise BackupError("目标存储（存储桶或 MEDIA_ROOT）不是空的：请恢复到空的存储。")
    load_database(source / manifest["database"]["file"])
    for name in manifest["files"]:
        with open(source / FILES_DIR / name, "rb") as handle:
            stored = default_storage.save(name, File(handle, name=os.path.basename(name)))
        if stored != name:
            raise BackupError(f"文件 {name} 被存为 {stored}：存储不是空的？")
    problems = compare_live(manifest)
    if problems:
        raise BackupError("恢复后核对不一致：" + "；".join(problems))
    return {
        "tables": len(manifest["counts"]),
        "rows": sum(manifest["counts"].values()),
        "files": len(manifest["files"]),
    }
