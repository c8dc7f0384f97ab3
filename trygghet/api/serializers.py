"""The base every app's serializers derive from: fields that turn any input into a value or a
Swedish field error, never into an exception further down."""

import copy
import math
import re
from collections import Counter
from contextlib import contextmanager
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import (
    MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import Field, SkipField, empty, get_error_detail
from rest_framework.settings import ISO_8601, api_settings
from rest_framework.utils import html
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from .fields import StrictPrimaryKeyRelatedField


class DateTimeField(serializers.DateTimeField):
    """A time; one Python cannot hold in the local time zone (year 1 at midnight, year 9999
    on New Year's Eve) is a field error like any other unreadable time."""

    default_error_messages = {
        "out_of_range": _("Tiden ligger utanför det som går att ange (år 2000 till 2100)."),
    }

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except (OverflowError, ValueError):
            self.fail("out_of_range")

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            self.fail("out_of_range")


# What plain_answer's functions give for a value they leave to the field.
MISS = object()
_SURROGATE = re.compile("[\ud800-\udfff]")


def plain_answer(field):
    """For a float, text or time field as DRF makes them, a function that gives the field's
    answer for the plainest values (a finite float within its bounds, a text that is not blank
    and passes its length, NUL and surrogate checks, an ISO 8601 time with its offset) without
    DRF's steps around it, and MISS for any other value, which the field then checks itself
    (errors included). None for any other field, or one with validators of its own. A test
    holds each function to its field's answers."""
    validators = Counter(type(validator) for validator in field.validators)
    kind = type(field)
    if kind is serializers.FloatField:
        if validators != Counter([MaxValueValidator] * (field.max_value is not None)
                                 + [MinValueValidator] * (field.min_value is not None)):
            return None
        low = -math.inf if field.min_value is None else field.min_value
        high = math.inf if field.max_value is None else field.max_value
        return lambda value: (value if type(value) is float and math.isfinite(value)
                              and low <= value <= high else MISS)
    if kind is serializers.CharField:
        if validators != Counter([MaxLengthValidator] * (field.max_length is not None)
                                 + [MinLengthValidator] * (field.min_length is not None)
                                 + [ProhibitNullCharactersValidator,
                                    ProhibitSurrogateCharactersValidator]):
            return None
        trim = field.trim_whitespace
        longest = math.inf if field.max_length is None else field.max_length
        shortest = 0 if field.min_length is None else field.min_length

        def text(value):
            if type(value) is not str:
                return MISS
            value = value.strip() if trim else value
            if (not value or not shortest <= len(value) <= longest or "\x00" in value
                    or (not value.isascii() and _SURROGATE.search(value))):
                return MISS
            return value
        return text
    if kind in (serializers.DateTimeField, DateTimeField):
        if validators or getattr(field, "input_formats",
                                 api_settings.DATETIME_INPUT_FORMATS) != [ISO_8601]:
            return None

        def time(value):
            # As DRF reads ISO 8601 (django.utils.dateparse.parse_datetime tries this first)
            # and puts an aware time in the field's zone.
            if type(value) is not str:
                return MISS
            try:
                parsed = datetime.fromisoformat(value)
                if parsed.tzinfo is None:
                    return MISS
                zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
                # Without a zone (USE_TZ off) DRF answers a naive time: the field says it.
                return MISS if zone is None else parsed.astimezone(zone)
            except (ValueError, OverflowError):
                return MISS
        return time
    return None


# Fields whose values come from a small set (ids of rows, choices, flags, counts): a bulk
# request's rows repeat them, and the answer for a value is the same each time it is seen.
REPEATED = (serializers.BooleanField, serializers.ChoiceField, serializers.IntegerField,
            serializers.RelatedField)
HASHABLE = frozenset({str, int, float, bool})


class ModelSerializer(serializers.ModelSerializer):
    serializer_related_field = StrictPrimaryKeyRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }

    # Which fields are written and which are read, listed once per serializer: DRF walks
    # every field again for each row it validates or answers with, which was a sixth of
    # validating a bulk request's thousand rows.
    @cached_property
    def _writable_fields(self):
        return [field for field in self.fields.values() if not field.read_only]

    @cached_property
    def _readable_fields(self):
        return [field for field in self.fields.values() if not field.write_only]

    @cached_property
    def _read_only_default_fields(self):
        return [field for field in self.fields.values()
                if field.read_only and field.default is not empty and field.source != "*"
                and "." not in field.source]

    def _read_only_defaults(self):
        """DRF's, from the fields listed once (above) instead of once per row."""
        defaults = {}
        for field in self._read_only_default_fields:
            try:
                defaults[field.source] = field.get_default()
            except SkipField:
                continue
        return defaults

    @contextmanager
    def validating_rows(self):
        """A function that validates one row as `run_validation` does, for many rows in a row
        (a bulk request), faster: DRF's loop over the fields costs more than most fields' own
        checks; each time field looks up the current time zone, which cannot change between
        two rows; the plainest floats, texts and times are answered as their fields answer
        them (`plain_answer`); and a value seen before in a field that takes one of few values
        (a category, a severity, a flag), or an absent or null value, has the answer it had
        the first time. Where the serializer has its own rules across fields (validators,
        `validate`, `validate_<field>`), is partial, or has a field with its own way of
        reading the row or a nested source, this is `run_validation` itself."""
        fields = self._writable_fields
        if (type(self).validate is not serializers.Serializer.validate or self.validators
                or self.partial
                or type(self).run_validation is not serializers.Serializer.run_validation
                or type(self).to_internal_value is not serializers.Serializer.to_internal_value
                or any(len(f.source_attrs) != 1 or type(f).get_value is not Field.get_value
                       or hasattr(self, "validate_" + f.field_name) for f in fields)):
            yield self.run_validation
            return
        # The zone each time field would look up for every row (none where USE_TZ is off).
        pinned = [f for f in fields if isinstance(f, serializers.DateTimeField)
                  and "timezone" not in f.__dict__ and f.default_timezone() is not None]

        def outcome(run_validation, raw):
            """(True, value), (False, errors) or (None, None) for a field left out."""
            try:
                return True, run_validation(raw)
            except serializers.ValidationError as error:
                return False, error.detail
            except DjangoValidationError as error:
                return False, get_error_detail(error)
            except SkipField:
                return None, None

        def validate(row):
            # A JSON object; anything else (and a form's QueryDict) goes DRF's whole way.
            if type(row) is not dict or html.is_html_input(row):
                return self.run_validation(row)
            value, errors = {}, {}
            for name, source, run_validation, seen, repeated, no_default, plain in plan:
                raw = row.get(name, empty)
                if plain is not None:
                    result = plain(raw)
                    if result is not MISS:
                        value[source] = result
                        continue
                if raw is None or (raw is empty and no_default) or (
                        repeated and type(raw) in HASHABLE):
                    # A float by its digits: 0.0 and -0.0 are equal, and an error quotes them.
                    key = (type(raw), repr(raw) if type(raw) is float else raw)
                    found = seen.get(key)
                    if found is None:
                        found = seen[key] = outcome(run_validation, raw)
                else:
                    found = outcome(run_validation, raw)
                valid, result = found
                if valid:
                    value[source] = result
                elif valid is False:
                    errors[name] = result
            if errors:
                raise serializers.ValidationError(errors)
            return value

        try:
            for field in pinned:
                field.timezone = field.default_timezone()
            plan = [(field.field_name, field.source, field.run_validation, {},
                     isinstance(field, REPEATED), field.default is empty, plain_answer(field))
                    for field in fields]
            yield validate
        finally:
            for field in pinned:
                field.__dict__.pop("timezone", None)

    def get_validators(self):
        """DRF's validators across fields (unique together, unique for a date), found once per
        class: DRF looks through the model's constraints and fields for them on every
        serializer made, a tenth of logging one observation. They hold no state of their own
        (DRF hands each the serializer when it runs). A serializer whose fields may differ from
        one to the next (its own `get_fields` or `__init__`) has them found each time."""
        cls = type(self)
        if (cls.get_fields is not ModelSerializer.get_fields
                or cls.__init__ is not ModelSerializer.__init__):
            return super().get_validators()
        kept = cls.__dict__.get("_validators_prototype")
        if kept is None:
            kept = cls._validators_prototype = super().get_validators()
        return list(kept)

    def get_fields(self):
        """The fields, built from the model once per class and copied per serializer: DRF
        builds them by introspecting the model for every serializer made, which was a good
        part of an API request. (A serializer whose fields depend on the request must
        override this.)

        A plain field is copied as it is (its attributes; `bind` then gives the copy its
        name and parent); DRF's own deep copy builds every field anew from its arguments.
        A field holding other fields (a nested serializer, a list of ids) is deep-copied, so
        that no inner field is shared by two serializers, nor their contexts.

        A read-only field reached through a relation that may be empty (`area.name` of an
        observation outside every area) answers null, and the schema says so; without this
        DRF would leave the key out, which no client and no schema expects."""
        cls = type(self)
        prototype = cls.__dict__.get("_fields_prototype")
        if prototype is None:
            prototype = super().get_fields()
            model = getattr(getattr(self, "Meta", None), "model", None)
            nullable = {name for name, field in prototype.items()
                        if field.read_only and may_be_null(model, field.source or name)}
            for name in nullable:
                prototype[name].allow_null = True
            cls._fields_prototype = prototype, nullable
        else:
            prototype, nullable = prototype
        fields = {}
        for name, field in prototype.items():
            if holds_fields(field):
                # A deep copy is made anew from the field's arguments: allow_null again.
                fields[name] = copy.deepcopy(field)
                fields[name].allow_null = fields[name].allow_null or name in nullable
            else:
                fields[name] = copy.copy(field)
        return fields


def holds_fields(field) -> bool:
    return isinstance(field, serializers.BaseSerializer) or any(
        hasattr(field, attribute) for attribute in ("child", "child_relation", "fields"))


def may_be_null(model, source: str) -> bool:
    """Whether following the dotted `source` from a row of `model` may meet a null: a nullable
    foreign key, a reverse one-to-one, or a nullable column at its end."""
    for part in source.split("."):
        if model is None:
            return False
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a property or method: it says for itself
        if field.is_relation and (field.many_to_one or field.one_to_one):
            if getattr(field, "null", False) or not field.concrete:
                return True
            model = field.related_model
        else:
            # A column at the end of the path; a reverse or many-to-many relation is a list.
            return field.concrete and field.null and part == source.split(".")[-1]
    return False


class ValuesRows:
    """A list serializer's output from `values()` rows: the columns a serializer's fields read,
    fetched as plain values (no model instance per row and per related row) and turned into
    exactly what the serializer would answer (a test holds the two equal).

    Built once per serializer class, from its fields: `columns` for `queryset.values(...)`,
    then `represent(rows)`. Only plain fields are supported (text, choices, numbers, booleans,
    times, ids of related rows, and dotted sources through foreign keys); others raise
    TypeError when the plan is built, not silently later.
    """

    PLAIN = (
        (serializers.BooleanField, bool), (serializers.FloatField, float),
        (serializers.IntegerField, int), (serializers.ChoiceField, str),
        (serializers.CharField, str), (serializers.PrimaryKeyRelatedField, None),
    )

    def __init__(self, serializer_class):
        self.plan = []
        for name, field in serializer_class().fields.items():
            if field.write_only:
                continue
            column = "__".join(field.source_attrs)
            if isinstance(field, serializers.DateTimeField):
                kind = "time"
            else:
                kind = next((convert for cls, convert in self.PLAIN if isinstance(field, cls)),
                            "unsupported")
                if kind == "unsupported":
                    raise TypeError(f"{serializer_class.__name__}.{name}: "
                                    f"{type(field).__name__} cannot be read from values()")
            self.plan.append((name, column, kind))
        self.columns = tuple(dict.fromkeys(column for _name, column, _kind in self.plan))
        # The same columns read from a model instance: a related row's id from its own
        # attribute (`category_id`), so that no related row is loaded for it.
        meta = serializer_class.Meta.model._meta
        self.attributes = []
        for column in self.columns:
            path = column.split("__")
            if len(path) == 1:
                try:
                    path[0] = meta.get_field(column).attname
                except FieldDoesNotExist:
                    pass
            self.attributes.append((column, path))

    def represent_one(self, instance):
        """What the serializer answers for one model instance (a row just stored), without
        its fields' steps: `represent` of the instance's values."""
        row = {}
        for column, path in self.attributes:
            value = instance
            for name in path:
                value = getattr(value, name)
                if value is None:
                    break
            row[column] = value
        return self.represent([row])[0]

    def represent(self, rows):
        zone = timezone.get_current_timezone()
        answer = []
        for row in rows:
            item = {}
            for name, column, kind in self.plan:
                value = row[column]
                if value is None or kind is None:
                    item[name] = value
                elif kind == "time":
                    # DateTimeField.to_representation: local time, ISO 8601, UTC as Z.
                    text = value.astimezone(zone).isoformat()
                    item[name] = text[:-6] + "Z" if text.endswith("+00:00") else text
                else:
                    item[name] = kind(value)
            answer.append(item)
        return answer
