"""The base every app's serializers derive from: fields that turn any input into a value or a
Swedish field error, never into an exception further down."""

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
