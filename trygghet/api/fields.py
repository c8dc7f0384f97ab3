from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from trygghet import options
from trygghet.numbers import whole as whole_number


# What was sent where an id was asked for, as the message names it.
KINDS = {str: _("text"), float: _("decimaltal"), bool: _("sant eller falskt"),
         list: _("lista"), dict: _("objekt"), type(None): _("null")}


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id that takes a whole number (or its digits as a string) and nothing
    else: 1.5 or true is refused, not silently read as 1.

    `small_table=True` (for a queryset that is a whole small table: categories, areas) looks
    the row up among the table's rows kept in the process (`trygghet.options.by_pk`) instead of
    asking the database on every request; an id not among them is still asked for."""

    default_error_messages = {
        "incorrect_type": _("Ange ett id som ett heltal, inte som {data_type}."),
        "does_not_exist": _("Det finns inget med id {pk_value}."),
    }

    def __init__(self, *, small_table=False, **kwargs):
        self.small_table = small_table
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        pk = whole_number(data)
        if pk is None:
            self.fail("incorrect_type", data_type=KINDS.get(type(data), _("något annat")))
        model = getattr(self.queryset, "model", None)
        # A serializer validating many rows at once may hand every row of a small table in its
        # context ({Model: {pk: row}}), so that a thousand rows do not make a thousand queries.
        # Only for fields whose queryset is the whole table.
        rows = self.context.get("preloaded", {}).get(model)
        if rows is not None:
            try:
                return rows[pk]
            except KeyError:
                self.fail("does_not_exist", pk_value=pk)
        if self.small_table:
            row = options.by_pk(model).get(pk)
            if row is not None:
                return row
        return super().to_internal_value(pk)


class StrictIdField(serializers.IntegerField):
    """An id as a whole number (or its digits as a string), not checked against any table: for
    ids whose rows the service looks up among those the caller may see. 1.5 or true is
    refused, not read as 1."""

    default_error_messages = {
        "invalid": _("Ange ett id som ett heltal."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2 ** 63 - 1)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        pk = whole_number(data)
        if pk is None:
            self.fail("invalid")
        return super().to_internal_value(pk)
