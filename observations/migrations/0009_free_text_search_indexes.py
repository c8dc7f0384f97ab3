"""Trigram indexes for the log's free-text search, on PostgreSQL.

The search asks `UPPER(column) LIKE UPPER('%word%')` (Django's `icontains`), which no B-tree
index can answer: on a million rows, a word that no row holds took the log page three seconds,
reading every row to say that none matched. A GIN index of the trigrams of the same expression
answers such a LIKE, so the database reads only the rows that may match.

The indexes are built CONCURRENTLY, outside a transaction: a build takes about ten seconds a
million rows, and a plain CREATE INDEX would hold back every observation logged or changed
meanwhile by the app still serving during an upgrade. A build that failed half-way leaves an
invalid index, which the next run drops and builds again.

pg_trgm ships with PostgreSQL and is a trusted extension (any owner of the database may create
it). Where it, or an index, cannot be created, the search still works, reading every row as
before, and the migration prints the statements for the database's administrator to run,
rather than stopping the upgrade. SQLite (`make run`'s demo) has no such index and needs none
at its size.
"""

from django.db import DatabaseError, migrations, transaction

# The expressions as Django writes them for `icontains`; an index is used only for the same.
INDEXES = {
    "observation_description_trgm": 'UPPER("description"::text)',
    "observation_place_trgm": 'UPPER("place_description"::text)',
}
EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"


def statement(name):
    return (f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "observations_observation" '
            f"USING gin ({INDEXES[name]} gin_trgm_ops)")


def _advise(error, missing):
    statements = ";\n    ".join([EXTENSION] + [statement(name) for name in missing])
    print(f"\n  The free-text search's indexes could not be built ({str(error).strip()}). The "
          "search works without them, reading every row. Ask the database's administrator to "
          f"run, outside a transaction:\n    {statements};")


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute(EXTENSION)
    except DatabaseError as error:
        _advise(error, list(INDEXES))
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, i.indisvalid FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY(%s)",
                       [list(INDEXES)])
        valid = dict(cursor.fetchall())
    for name in INDEXES:
        if valid.get(name):
            continue
        try:
            if name in valid:  # left invalid by a build that failed
                schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
            schema_editor.execute(statement(name))
        except DatabaseError as error:
            _advise(error, [other for other in INDEXES if not valid.get(other)])
            return


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("observations", "0008_export_job"),
    ]

    operations = [migrations.RunPython(create, drop, atomic=False)]
