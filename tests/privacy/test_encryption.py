"""Phones and ID numbers at rest: encrypted in the tickets and their history, in dumps, and rotatable."""

import io
import os
import shutil
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from issues.models import WorkerIssue
from privacy import checks as key_checks
from privacy import crypto

from .conftest import ID_NUMBER, PHONE

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _raw(table="issues_workerissue", columns="worker_phone, worker_id_number"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")  # noqa: S608 -- test's own fixed names
        return [value for row in cursor.fetchall() for value in row]


def test_columns_and_history_rows_hold_no_plaintext(world, issue_a):
    values = _raw() + _raw("issues_historicalworkerissue")
    assert values and all(crypto.is_token(v) for v in values)
    assert not {PHONE, ID_NUMBER} & set(values)
    assert WorkerIssue.objects.get(pk=issue_a.pk).worker_phone == PHONE
    assert issue_a.history.first().worker_id_number == ID_NUMBER


def test_keyed_hashes_find_the_ticket_and_reveal_nothing(world, issue_a):
    issue = WorkerIssue.objects.get(pk=issue_a.pk)
    assert PHONE not in issue.worker_phone_hash
    assert list(WorkerIssue.objects.with_phone("138 1234 5678")) == [issue]
    assert list(WorkerIssue.objects.with_id_number(ID_NUMBER.lower())) == [issue]
    assert not WorkerIssue.objects.with_phone("13812340000").exists()


def test_dumpdata_holds_no_plaintext_and_loads_back(world, issue_a):
    out = io.StringIO()
    call_command("dumpdata", "issues", stdout=out)
    dump = out.getvalue()
    assert PHONE not in dump
    assert ID_NUMBER not in dump
    loaded = [o.object for o in serializers.deserialize("json", dump) if isinstance(o.object, WorkerIssue)]
    assert [(i.worker_phone, i.worker_id_number) for i in loaded] == [(PHONE, ID_NUMBER)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own dump; PostgreSQL: pg_dump below")
def test_sqlite_dump_holds_no_plaintext(world, issue_a):
    dump = "\n".join(connection.connection.iterdump())
    assert "张三" in dump  # the dump is real: names are not encrypted
    assert PHONE not in dump
    assert ID_NUMBER not in dump


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL; SQLite: iterdump above")
@pytest.mark.django_db(transaction=True)
def test_pg_dump_holds_no_plaintext(world, make_issue):
    make_issue()
    db = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "PostgreSQL runs but pg_dump is not installed"
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = [pg_dump, "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"], db["NAME"]]
    dump = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    assert "张三" in dump
    assert PHONE not in dump
    assert ID_NUMBER not in dump


def test_migration_encrypts_rows_written_before_it(world, issue_a):
    from importlib import import_module

    migration = import_module("issues.migrations.0006_encrypt_personal_data")
    for table in ("issues_workerissue", "issues_historicalworkerissue"):
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET worker_phone = %s, worker_id_number = %s", [PHONE, ID_NUMBER])  # noqa: S608
    WorkerIssue.objects.filter(pk=issue_a.pk).update(worker_phone_hash="", worker_id_number_hash="")
    assert PHONE in _raw()
    migration.encrypt_existing(apps, None)
    values = _raw() + _raw("issues_historicalworkerissue")
    assert all(crypto.is_token(v) for v in values)
    assert WorkerIssue.objects.with_phone(PHONE).get().worker_id_number == ID_NUMBER


def test_rotation_reencrypts_everything_under_the_new_key(world, make_issue):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        issue = make_issue()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_field_keys", stdout=io.StringIO())
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        for token in _raw() + _raw("issues_historicalworkerissue"):
            Fernet(NEW_KEY.encode()).decrypt(token.encode())  # raises if still under the old key
        issue = WorkerIssue.objects.get(pk=issue.pk)
        assert (issue.worker_phone, issue.worker_id_number) == (PHONE, ID_NUMBER)
        assert issue.history.first().worker_phone == PHONE


def test_rotation_recomputes_hashes_under_a_new_hash_key(world, issue_a):
    with override_settings(FIELD_HASH_KEY="a-new-hash-key-of-at-least-thirty-two-characters"):
        assert not WorkerIssue.objects.with_phone(PHONE).exists()
        call_command("rotate_field_keys", stdout=io.StringIO())
        assert WorkerIssue.objects.with_phone(PHONE).get().pk == issue_a.pk


def test_a_dropped_key_is_a_clear_error_not_plaintext(world, issue_a):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(crypto.DecryptionError):
        WorkerIssue.objects.get(pk=issue_a.pk)


def test_deploy_check_refuses_the_development_keys(settings):
    errors = {e.id for e in key_checks.check_field_keys_not_dev(None)}
    assert errors == {"privacy.E013", "privacy.E014"}
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    settings.FIELD_HASH_KEY = "x" * 40
    assert key_checks.check_field_keys_not_dev(None) == []


def test_invalid_or_missing_keys_fail_the_system_check(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    assert [e.id for e in key_checks.check_field_keys(None)] == ["privacy.E011"]
    settings.FIELD_ENCRYPTION_KEYS = []
    settings.FIELD_HASH_KEY = ""
    assert {e.id for e in key_checks.check_field_keys(None)} == {"privacy.E010", "privacy.E012"}


def test_production_settings_have_no_default_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELD_")}
    env.update(DUNDIAN_PRODUCTION="1", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dundian.settings'; django.setup()"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_encrypted_columns_refuse_lookups_that_would_silently_match_nothing(world, issue_a):
    from django.core.exceptions import FieldError

    assert WorkerIssue.objects.filter(worker_phone="").count() == 0
    with pytest.raises(FieldError):
        WorkerIssue.objects.filter(worker_phone=PHONE).count()
    with pytest.raises(FieldError):
        WorkerIssue.objects.filter(worker_id_number__icontains="1101").count()
