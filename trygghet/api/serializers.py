"""The base every app's serializers derive from: fields that turn any input into a value or a
Swedish field error, never into an exception further down."""

import copy

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import SkipField, empty

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
