"""API pagination.

`KeysetPagination` is for lists that grow without bound (observations, insatser): a page is
the rows after (or before) the last one seen in the list's order, found through the index,
and nothing is counted. Rows logged between two requests never make a row appear twice or
go missing, as an offset would, and the thousandth page costs what the first does.

`Pagination` (page numbers with a count) stays for small lists.
"""

import base64
import json
from datetime import date, datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from trygghet.numbers import whole
from trygghet.pagination import Plain


class PageSize:
    """`page_size` as every list reads it, paged by cursor or by number alike (as DRF reads
    it): a whole number from 1, at most `max_page_size`; anything else (0, -1, "abc") is the
    default size."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        size = whole(request.query_params.get(self.page_size_query_param, ""), digits=9)
        if size is None or size < 1:
            return self.page_size
        return min(size, self.max_page_size)


class Pagination(PageSize, pagination.PageNumberPagination):
    pass


def ordering_of(model, ordering=None):
    """(field names, descending) for a keyset: every field in one direction, the last one
    unique (the primary key), so that every row has exactly one place in the order."""
    ordering = tuple(ordering or model._meta.ordering)
    descending = {name.startswith("-") for name in ordering}
    names = tuple(name.lstrip("-") for name in ordering)
    if len(descending) != 1 or names[-1] not in ("id", "pk"):
        raise ValueError(f"{model.__name__}: a keyset needs one direction and the primary key "
                         f"last, not {ordering}")
    return names, descending.pop()


def after(names, values, descending):
    """The rows that come after `values` in the order: (a, b) < (x, y) when descending. The
    first field's bound is stated alone too, so that the database walks its index from there."""
    first = f"{names[0]}__{'lte' if descending else 'gte'}"
    strictly = "lt" if descending else "gt"
    condition, equal = Q(), {}
    for name, value in zip(names, values):
        condition |= Q(**equal, **{f"{name}__{strictly}": value})
        equal[name] = value
    return Q(**{first: values[0]}) & condition


class KeysetPagination(PageSize, pagination.BasePagination):
    """Cursor pagination on the list's order, by default the model's Meta.ordering (for
    observations `-occurred_at, -id`); a viewset may name another in `keyset_ordering`. A
    viewset that names `list_columns` gets its rows as `values(*list_columns)` dicts, read
    around the list's compiled WHERE where the list is one table filtered
    (`trygghet.pagination.Plain`), without compiling the queryset again."""

    cursor_query_param = "cursor"
    invalid_cursor_message = _("Ogiltig markör: använd länkarna next och previous som de är.")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        model = queryset.model
        self.names, descending = ordering_of(model, getattr(view, "keyset_ordering", None))
        self.fields = [model._meta.pk if name == "pk" else model._meta.get_field(name)
                       for name in self.names]
        size = self.get_page_size(request)
        position, backwards = self.decode_cursor(request)
        # Walking backwards is walking forwards in the reverse order, then turning the page.
        forward = descending != backwards
        queryset = queryset.order_by(*[("-" if forward else "") + n for n in self.names])
        if position is not None:
            queryset = queryset.filter(after(self.names, position, forward))
        rows, columns = None, getattr(view, "list_columns", None)
        if columns is not None:
            plain = Plain.of(queryset)
            rows = plain.rows(columns, 0, size + 1) if plain is not None else None
            if rows is None:
                queryset = queryset.values(*columns)
        if rows is None:
            rows = list(queryset[: size + 1])
        more, rows = len(rows) > size, rows[:size]
        if backwards:
            rows.reverse()
            self.has_previous, self.has_next = more, True
        else:
            self.has_previous, self.has_next = position is not None, more
        self.rows = rows
        return rows

    def key_of(self, row):
        if isinstance(row, dict):  # a values() row
            return [row[name] for name in self.names]
        return [getattr(row, f.attname) for f in self.fields]

    def encode_cursor(self, row, backwards):
        values = [v.isoformat() if isinstance(v, (date, datetime)) else v for v in self.key_of(row)]
        raw = json.dumps({"p": values, "b": int(backwards)}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None, False
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            values = data["p"]
            if not isinstance(values, list) or len(values) != len(self.fields):
                raise ValueError("wrong shape")
            position = [field.to_python(value) for field, value in zip(self.fields, values)]
            if any(v is None or (isinstance(v, datetime) and v.tzinfo is None) for v in position):
                raise ValueError("incomplete")
            return position, bool(data.get("b"))
        except Exception:  # anything a client could make of the string is the same 400
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) \
                from None

    def link(self, row, backwards):
        url = self.request.build_absolute_uri()
        if row is None:
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(row, backwards))

    def get_next_link(self):
        if not self.has_next:
            return None
        # An empty page reached backwards: its next page is the list's first.
        return self.link(self.rows[-1] if self.rows else None, backwards=False)

    def get_previous_link(self):
        if not self.has_previous or not self.rows:
            return None
        return self.link(self.rows[0], backwards=True)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri",
                         "description": str(_("Nästa sida, eller null när listan är slut."))},
                "previous": {"type": "string", "nullable": True, "format": "uri",
                             "description": str(_("Föregående sida, eller null på första."))},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "schema": {"type": "string"},
             "description": str(_(
                 "Var sidan börjar: ta den ur föregående svars next eller previous. Listan "
                 "bläddras i sin ordning (nyast först) utan att räknas, och rader som läggs till "
                 "under tiden gör aldrig att en rad visas två gånger eller hoppas över."))},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
             "description": str(_("Rader per sida (1 till %(max)s, standard %(default)s).")
                                % {"max": self.max_page_size, "default": self.page_size})},
        ]
