"""Writing generated rows at COPY speed: ``COPY … FROM STDIN`` on PostgreSQL, batched INSERTs elsewhere.

Rows are plain tuples in the order of ``columns`` (database column names, primary key
included: the generator hands out ids itself so links need no round trip). Values are
what the column stores — encrypted fields already encrypted, hashes already computed.
On SQLite each value goes through the field's ``get_db_prep_save`` (dates and times
as Django stores them there); PostgreSQL's COPY takes the Python values as they are.
"""

from django.db import connection

BATCH = 2000


class TableWriter:
    def __init__(self, model, columns):
        self.model = model
        self.table = model._meta.db_table
        self.columns = list(columns)
        by_column = {f.column: f for f in model._meta.concrete_fields}
        self.fields = [by_column[c] for c in self.columns]
        self.postgres = connection.vendor == "postgresql"
        self.rows_written = 0

    def write(self, rows) -> None:
        rows = list(rows)
        if not rows:
            return
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {connection.ops.quote_name(self.table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                # Table and column names come from the model; values go as parameters.
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {connection.ops.quote_name(self.table)} ({cols}) VALUES ({marks})"  # noqa: S608  # nosec B608 (table and column names from the model, values as parameters)
                prep = [
                    tuple(
                        f.get_db_prep_save(v, connection) if v is not None and not f.is_relation else v
                        for f, v in zip(self.fields, row, strict=True)
                    )
                    for row in rows
                ]
                for start in range(0, len(prep), BATCH):
                    cursor.executemany(sql, prep[start : start + BATCH])
        self.rows_written += len(rows)


def next_id(model) -> int:
    """The first free primary key of ``model``'s table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # nosec B608 (the model's own table name)
        return cursor.fetchone()[0] + 1


def reset_sequences(models) -> None:
    """After explicit ids: move PostgreSQL's sequences past them (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
