"""Many new rows of one model at once, for imports of thousands of rows.

`QuerySet.bulk_create` prepares every value of every row through the field's full save path
(a dozen calls per value), which for a thousand observations with their history lines and
audit entries took longer than validating them. On PostgreSQL `insert` and `insert_rows` draw
the new ids from the table's sequence in one statement and send the rows with COPY, which the
server loads as text columns: for a thousand observations with their history lines and audit
entries, about half the database time of `INSERT ... SELECT * FROM unnest(...)`, where every
value is a parameter of one statement. Values are read as `pre_save` gives them (defaults and
`auto_now` included); JSON is encoded with the field's encoder. Only plain column types are
taken (text, numbers, booleans, times, foreign keys, JSON): anything else, or another
database, goes through `bulk_create`.
"""

import functools
import io
import json
import re
from contextlib import nullcontext
from datetime import date, datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField,
         models.BooleanField, models.DateTimeField, models.DateField, models.ForeignKey,
         models.JSONField)

NULL = "\\N"
# COPY's text format: a backslash, a tab, a newline and a carriage return are escaped.
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_ESCAPED = re.compile("[\\\\\t\n\r]")


def _text(value):
    """A text as COPY's text format writes it (most texts have nothing to escape)."""
    return value.translate(ESCAPES) if _ESCAPED.search(value) else value


def _plain(field):
    return isinstance(field, PLAIN) and not isinstance(field, models.OneToOneField)


def _copyable(model):
    """The fields COPY writes, or None where it cannot (another database or driver, a column
    that is not plain)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    driver = getattr(connection, "Database", None)
    if (connection.vendor == "postgresql" and getattr(driver, "__name__", "") == "psycopg2"
            and all(_plain(f) for f in fields)):
        return fields
    return None


def _encoder(field):
    """value -> the column as COPY's text format writes it."""
    if isinstance(field, models.JSONField):
        # One encoder for the column: json.dumps with an encoder class builds one per value.
        encode = (field.encoder or json.JSONEncoder)().encode
        return lambda v: NULL if v is None else _text(encode(v))
    if isinstance(field, models.BooleanField):
        # get_prep_value reads anything else as a save does ("false" is false).
        return lambda v: "t" if v is True else "f" if v is False else (
            NULL if v is None else ("t" if field.get_prep_value(v) else "f"))
    if isinstance(field, models.DateTimeField):
        # A naive time is made aware (with Django's warning) by get_prep_value, as on a save.
        return lambda v: NULL if v is None else (
            v if getattr(v, "tzinfo", None) is not None else field.get_prep_value(v)).isoformat()
    if isinstance(field, models.DateField):
        return lambda v: NULL if v is None else v.isoformat()
    if isinstance(field, (models.CharField, models.TextField)):
        return lambda v: NULL if v is None else _text(str(v))
    # Numbers and foreign keys' ids: written as they are when already of the column's type,
    # anything else converted as a save converts it (True is 1, "7" is 7).
    exact = (float, int) if isinstance(field, models.FloatField) else (int,)
    return lambda v: str(v) if type(v) in exact else (
        NULL if v is None else str(field.get_prep_value(v)))


# Values equal (==) and of one type are written alike in these (not so floats, 0.0 and -0.0,
# nor JSON, where 1 == True inside a list).
_WRITTEN_ONCE = (str, int, bool, datetime, date, type(None))


def _column(encode, values):
    """A column's values as COPY text. A column holding one value in every row (the reporter,
    the status, the time of the import) is encoded once; so is a value (a JSON document) that
    stands in several rows as the same object."""
    first = values[0]
    kind = type(first)
    if (kind in _WRITTEN_ONCE and values.count(first) == len(values)
            and all(type(value) is kind for value in values)):
        return [encode(first)] * len(values)
    if kind in (dict, list):
        encoded = {}  # by identity: the values stay alive in `values` meanwhile
        return [encoded[key] if (key := id(value)) in encoded
                else encoded.setdefault(key, encode(value)) for value in values]
    return list(map(encode, values))


# Each table's id sequence as nextval() names it, by database and table: found the first time
# in the statement that draws the ids, named as a constant afterwards (nextval() of a name it
# must look up for each id took three times as long). A sequence renamed by a migration is
# found again when the processes restart, as after every deploy.
_sequences = {}


def _new_ids(cursor, table, pk, count) -> list[int]:
    """`count` new ids from the table's sequence, in one statement, in ascending order."""
    database = connection.settings_dict
    key = (database["HOST"], database["PORT"], database["NAME"], table, pk)
    sequence = _sequences.get(key)
    if sequence is None:
        cursor.execute("WITH s AS (SELECT pg_get_serial_sequence(%s, %s) AS name) "
                       "SELECT nextval(s.name), s.name FROM s, generate_series(1, %s)",
                       [table, pk, count])
        rows = cursor.fetchall()
        if rows:
            _sequences[key] = rows[0][1]
    else:
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                       [sequence, count])
        rows = cursor.fetchall()
    return sorted(row[0] for row in rows)


def _copy(model, fields, columns, count, returning=True):
    """Store `count` rows whose values stand in `columns` (one list per field) with new ids
    from the table's sequence; returns the ids in the rows' order (None when not
    `returning`: the table gives them as it stores the rows)."""
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    texts = [_column(_encoder(field), values) for field, values in zip(fields, columns)]
    with connection.cursor() as cursor:
        ids, head = None, []
        if returning:
            ids = _new_ids(cursor, quote(table), pk, count)
            texts, head = [list(map(str, ids)), *texts], [pk]
        data = io.StringIO()
        data.writelines("\t".join(row) + "\n" for row in zip(*texts))
        data.seek(0)
        names = ", ".join(quote(column) for column in head + [f.column for f in fields])
        sql = f"COPY {quote(table)} ({names}) FROM STDIN"
        # Through the debug cursor's log, as an execute() would be: tests count statements.
        with cursor.debug_sql(sql) if hasattr(cursor, "debug_sql") else nullcontext():
            # Errors come as Django's (IntegrityError, DataError), as from execute().
            with connection.wrap_database_errors:
                cursor.cursor.copy_expert(sql, data, size=1 << 20)
    return ids


def _stored(instance, pk):
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS  # `connection`'s (its proxy looks the alias up anew)


@functools.cache
def _blank(model):
    """What a new instance of `model` holds before it is given any value: each concrete
    field's default by attname, the fields whose default is called anew per instance, and
    every column's attname."""
    fixed, called = {}, []
    for field in model._meta.concrete_fields:
        if field.has_default() and callable(field.default):
            called.append((field.attname, field.default))
        else:
            fixed[field.attname] = field.get_default()
    return fixed, tuple(called), frozenset(f.attname for f in model._meta.concrete_fields)


def new(model, related=None, **values):
    """`model(**values)` for thousands of new rows: the same instance (every field's default,
    then `values` by attname, `related` as loaded rows by field name, as a query with
    select_related sets them), without the constructor's work per field and keyword, which
    was most of building an observation. A model with init signals is built as usual."""
    fixed, called, columns = _blank(model)
    if not values.keys() <= columns:
        unknown = sorted(values.keys() - columns)
        raise TypeError(f"{model.__name__} has no column {', '.join(unknown)}")
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        obj = model(**values)
    else:
        obj = model.__new__(model)
        obj._state = ModelState()
        attributes = obj.__dict__
        attributes.update(fixed)
        for attname, default in called:
            if attname not in values:
                attributes[attname] = default()
        attributes.update(values)
    if related:
        obj._state.fields_cache.update(related)
    return obj


def _reads_attribute(field):
    """Whether the field's value for a save is the instance's attribute as it stands (no
    auto_now, no other pre_save of its own)."""
    return (type(field).pre_save in (models.Field.pre_save, models.DateField.pre_save,
                                     models.DateTimeField.pre_save)
            and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False))


def insert(objs):
    """Store new objects of one model at once; returns them with their ids."""
    if not objs:
        return objs
    model = type(objs[0])
    fields = _copyable(model)
    if fields is None:
        return model._default_manager.bulk_create(objs)
    now = timezone.now()
    columns = []
    for field in fields:
        if _reads_attribute(field):
            columns.append([obj.__dict__[field.attname] for obj in objs])
        elif getattr(field, "auto_now", False) and isinstance(field, models.DateTimeField):
            # Stored at one moment, as insert_rows stores them (and as the database's now()
            # is one time for the whole transaction).
            for obj in objs:
                obj.__dict__[field.attname] = now
            columns.append([now] * len(objs))
        else:
            columns.append([field.pre_save(obj, add=True) for obj in objs])
    for obj, pk in zip(objs, _copy(model, fields, columns, len(objs))):
        _stored(obj, pk)
    return objs


def insert_rows(model, rows: list[dict], returning=True) -> list | None:
    """Store new rows of `model` given as {attname: value}, without building an instance per
    row (a history line and an audit entry per imported observation); a field a row leaves out
    takes its default (a callable one called per row; `timezone.now` once), `auto_now` fields
    the time of the call, as a save would. A key that is no column is a TypeError, as for a
    model. Returns the new ids in the rows' order, or None when not `returning` (a statement
    less)."""
    if not rows:
        return [] if returning else None
    fields = _copyable(model)
    if fields is None:
        stored = model._default_manager.bulk_create([model(**r) for r in rows])
        return [obj.pk for obj in stored] if returning else None
    known = {field.attname for field in fields}
    unknown = {key for row in rows for key in row} - known
    if unknown:
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    now = timezone.now()
    columns = []
    for field in fields:
        if getattr(field, "auto_now", False):
            columns.append([now] * len(rows))
        elif getattr(field, "auto_now_add", False):
            columns.append([row.get(field.attname, now) for row in rows])
        elif not field.has_default() or not callable(field.default):
            default = field.get_default()
            columns.append([row.get(field.attname, default) for row in rows])
        elif field.default is timezone.now:
            # The time of the call, as for auto_now: one moment for the whole import.
            columns.append([row.get(field.attname, now) for row in rows])
        else:
            columns.append([row[field.attname] if field.attname in row else field.get_default()
                            for row in rows])
    return _copy(model, fields, columns, len(rows), returning=returning)


@functools.cache
def _as_is(field):
    """The types of value the field would prepare for the database unchanged (a text for a
    text column, an int for an integer or a foreign key, ...): passed to the driver as they
    are."""
    if isinstance(field, models.JSONField):
        return ()
    if isinstance(field, models.BooleanField):
        return (bool, type(None))
    if isinstance(field, (models.CharField, models.TextField)):
        return (str, type(None))
    if isinstance(field, models.FloatField):
        return (float, int, type(None))
    if isinstance(field, (models.IntegerField, models.ForeignKey)):
        return (int, type(None))
    return (type(None),)


def _prepared(field, value, db=connection):
    if type(value) in _as_is(field):
        return value
    return field.get_db_prep_save(value, db)


def _new_fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key]


@functools.lru_cache(maxsize=64)
def _one_statement(model, children, vendor):
    """The statement `insert_one` runs for an object of `model` and children of the models
    and columns in `children` ((model, attname) pairs), with the fields whose values it takes
    in their order: made once per such shape, not for every object stored. None where it
    cannot be one statement (another database, a column that is not plain)."""
    parent_fields = _new_fields(model)
    shapes = [(child, attname, _new_fields(child)) for child, attname in children]
    if vendor != "postgresql" or not all(
            _plain(f) for f in parent_fields + [f for _c, _a, fields in shapes for f in fields]):
        return None
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name

    def marks(fields):
        return ", ".join(["%s"] * len(fields))

    pk = quote(model._meta.pk.column)
    parts = ["WITH new AS (INSERT INTO {table} ({names}) VALUES ({values}) RETURNING {pk})".format(
        table=quote(model._meta.db_table), names=", ".join(quote(f.column) for f in parent_fields),
        values=marks(parent_fields), pk=pk)]
    taken = [parent_fields]
    for index, (child, attname, fields) in enumerate(shapes):
        link = child._meta.get_field(attname)
        own = [f for f in fields if f.attname != attname]
        taken.append(own)
        parts.append(", child{index} AS (INSERT INTO {table} ({names}, {link}) SELECT {values}, "
                     "CAST(new.{pk} AS {cast}) FROM new RETURNING {child_pk})".format(
                         index=index, table=quote(child._meta.db_table),
                         names=", ".join(quote(f.column) for f in own), link=quote(link.column),
                         values=marks(own), pk=pk, cast=link.cast_db_type(db),
                         child_pk=quote(child._meta.pk.column)))
    parts.append("SELECT new.{pk}{children} FROM new{joins}".format(
        pk=pk, children="".join(f", child{i}.{quote(c._meta.pk.column)}"
                                for i, (c, _a, _f) in enumerate(shapes)),
        joins="".join(f", child{i}" for i in range(len(shapes)))))
    return " ".join(parts), taken


def insert_one(obj, children=()):
    """Store one new object and rows that refer to it (its history line, its audit entry) in
    one statement, which is atomic by itself: one round trip where a save and two inserts in a
    transaction took five. `children` holds (child, attname) pairs: the child's `attname`
    column takes the new object's id (cast to the column's type: an audit entry keeps it as
    text). Sets the ids on all of them. Another database, or a column that is not plain, takes
    a transaction and a save each."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not its proxy, for each value
    statement = _one_statement(type(obj), tuple((type(child), attname)
                                                for child, attname in children), db.vendor)
    if statement is None:
        with transaction.atomic():
            obj.save()
            for child, attname in children:
                setattr(child, attname, type(child)._meta.get_field(attname).to_python(obj.pk))
                child.save()
        return obj
    sql, taken = statement
    instances = [obj, *(child for child, _attname in children)]
    params = [_prepared(field, field.pre_save(instance, add=True), db)
              for instance, fields in zip(instances, taken) for field in fields]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        ids = cursor.fetchone()
    for instance, new_id in zip(instances, ids):
        _stored(instance, new_id)
    for child, attname in children:
        setattr(child, attname, type(child)._meta.get_field(attname).to_python(obj.pk))
    return obj
