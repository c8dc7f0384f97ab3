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

from django.db import connection, models, transaction

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


def insert_one(obj, children=()):
    """Store one new object and rows that refer to it (its history line, its audit entry) in
    one statement, which is atomic by itself: one round trip where a save and two inserts in a
    transaction took five. `children` holds (child, attname) pairs: the child's `attname`
    column takes the new object's id (cast to the column's type: an audit entry keeps it as
    text). Sets the ids on all of them. Another database, or a column that is not plain, takes
    a transaction and a save each."""
    model = type(obj)
    parent_fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    pairs = [(child, attname, [f for f in type(child)._meta.concrete_fields if not f.primary_key])
             for child, attname in children]
    if connection.vendor != "postgresql" or not all(
            _plain(f) for f in parent_fields + [f for _c, _a, fields in pairs for f in fields]):
        with transaction.atomic():
            obj.save()
            for child, attname, _fields in pairs:
                setattr(child, attname, type(child)._meta.get_field(attname).to_python(obj.pk))
                child.save()
        return obj
    quote = connection.ops.quote_name
    params = []

    def values(instance, fields):
        params.extend(field.get_db_prep_save(field.pre_save(instance, add=True), connection)
                      for field in fields)
        return ", ".join(["%s"] * len(fields))

    pk = quote(model._meta.pk.column)
    parts = ["WITH new AS (INSERT INTO {table} ({names}) VALUES ({values}) RETURNING {pk})".format(
        table=quote(model._meta.db_table), names=", ".join(quote(f.column) for f in parent_fields),
        values=values(obj, parent_fields), pk=pk)]
    for index, (child, attname, fields) in enumerate(pairs):
        link = type(child)._meta.get_field(attname)
        own = [f for f in fields if f.attname != attname]
        parts.append(", child{index} AS (INSERT INTO {table} ({names}, {link}) SELECT {values}, "
                     "CAST(new.{pk} AS {cast}) FROM new RETURNING {child_pk})".format(
                         index=index, table=quote(type(child)._meta.db_table),
                         names=", ".join(quote(f.column) for f in own), link=quote(link.column),
                         values=values(child, own), pk=pk, cast=link.cast_db_type(connection),
                         child_pk=quote(type(child)._meta.pk.column)))
    parts.append("SELECT new.{pk}{children} FROM new{joins}".format(
        pk=pk, children="".join(f", child{i}.{quote(type(c)._meta.pk.column)}"
                                for i, (c, _a, _f) in enumerate(pairs)),
        joins="".join(f", child{i}" for i in range(len(pairs)))))
    with connection.cursor() as cursor:
        cursor.execute(" ".join(parts), params)
        ids = cursor.fetchone()
    for instance, new_id in zip([obj] + [child for child, _a, _f in pairs], ids):
        instance.pk = new_id
        instance._state.adding = False
        instance._state.db = connection.alias
    for child, attname, _fields in pairs:
        setattr(child, attname, type(child)._meta.get_field(attname).to_python(obj.pk))
    return obj
