"""Enterprise names searched by a part of the name (the ticket list, the enterprise list): a trigram index."""

from django.db import migrations


# Frozen copy of the operation (migrations import none of our modules): trigram GIN indexes
# on PostgreSQL only — SQLite has no GIN; a substring search there reads the table. On UPPER(col):
# Django's icontains is UPPER(col::text) LIKE UPPER(%s) on PostgreSQL, and only that expression is served.
def trigram_indexes(*indexes):
    """A migration operation creating ``(name, table, column)`` trigram indexes (and pg_trgm) on PostgreSQL."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0006_enterprise_key_and_converted")]

    operations = [
        trigram_indexes(("enterprise_search_name_trgm", "campaigns_enterprise", "name")),
    ]
