"""Many new rows of one model in one statement, for imports of thousands of rows.

`QuerySet.bulk_create` prepares every value of every row through the field's full save path
(a dozen calls per value), which for a thousand observations with their history lines and
audit entries took longer than validating them. `insert` sends each column as one array,
`INSERT ... SELECT * FROM unnest(...) RETURNING id` (as Django itself does on PostgreSQL),
and sets the new primary keys on the objects. Values are read as `pre_save` gives them
(defaults and `auto_now` included); JSON is encoded with the field's encoder. Only plain
column types are taken (text, numbers, booleans, times, foreign keys, JSON): anything else,
or another database, goes through `bulk_create`.
"""

import json

from django.db import connection, models

PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField,
         models.BooleanField, models.DateTimeField, models.DateField, models.ForeignKey,
         models.JSONField)


def _plain(field):
    return isinstance(field, PLAIN) and not isinstance(field, models.OneToOneField)


def insert(objs):
    """Store new objects of one model in one statement; returns them with their ids."""
    if not objs:
        return objs
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if connection.vendor != "postgresql" or not all(_plain(f) for f in fields):
        return model._default_manager.bulk_create(objs)
    columns, casts = [], []
    for field in fields:
        values = [field.pre_save(obj, add=True) for obj in objs]
        if isinstance(field, models.JSONField):
            values = [None if v is None else json.dumps(v, cls=field.encoder) for v in values]
            cast = "jsonb"
        else:
            cast = field.cast_db_type(connection)
        columns.append(values)
        casts.append(cast)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) RETURNING {pk}".format(
        table=quote(model._meta.db_table),
        names=", ".join(quote(f.column) for f in fields),
        arrays=", ".join(f"%s::{cast}[]" for cast in casts),
        pk=quote(model._meta.pk.column))
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objs, ids):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs
