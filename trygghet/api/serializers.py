"""The base every app's serializers derive from: fields that turn any input into a value or a
Swedish field error, never into an exception further down."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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

    def get_fields(self):
        # A read-only field reached through a relation that may be empty (`area.name` of an
        # observation outside every area) answers null, and the schema says so; without this
        # DRF would leave the key out, which no client and no schema expects.
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field in fields.items():
            if field.read_only and may_be_null(model, field.source or name):
                field.allow_null = True
        return fields


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
