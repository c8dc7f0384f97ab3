"""Trigram indexes for the log's free-text search, on PostgreSQL.

The search asks `UPPER(column) LIKE UPPER('%word%')` (Django's `icontains`), which no B-tree
index can answer: on a million rows, a word that no row holds took the log page three seconds,
reading every row to say that none matched. A GIN index of the trigrams of the same expression
answers such a LIKE, so the database reads only the rows that may match.

pg_trgm ships with PostgreSQL and is a trusted extension (any owner of the database may create
it). Where it cannot be created, the search still works, reading every row as before, and the
migration says so rather than stopping the upgrade. SQLite (`make run`'s demo) has no such
index and needs none at its size.
"""

from django.db import DatabaseError, migrations, transaction

# The expressions as Django writes them for `icontains`; an index is used only for the same.
INDEXES = {
    "observation_description_trgm": 'UPPER("description"::text)',
    "observation_place_trgm": 'UPPER("place_description"::text)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        print(f"\n  pg_trgm could not be created ({str(error).strip()}); the free-text search "
              "works without its indexes, reading every row. Ask the database's administrator "
              "to run CREATE EXTENSION pg_trgm, then run `manage.py migrate observations 0008` "
              "and `manage.py migrate`.")
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "observations_observation" '
                              f"USING gin ({expression} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("observations", "0008_export_job"),
    ]

    operations = [migrations.RunPython(create, drop)]
