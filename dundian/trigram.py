"""Trigram (pg_trgm, GIN) indexes for substring search, created by migrations on PostgreSQL only.

Django's ``GinIndex`` in a model's Meta would be created on SQLite too, where GIN does
not exist; these are run as SQL from a migration that does nothing elsewhere. A
``col ILIKE '%…%'`` (Django's ``icontains``) of three characters or more is then
served by the index instead of reading every row (issue 15).
"""

from django.db import migrations


def trigram_indexes(*indexes):
    """A migration operation creating ``(name, table, column)`` trigram indexes (and pg_trgm) on PostgreSQL."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
