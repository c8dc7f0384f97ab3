"""One translation of domain and model errors for the whole API: 400s with field-level
messages in Swedish, and every answer in one of the shapes the schema documents
(trygghet/api/schema.py)."""

from django.core.exceptions import PermissionDenied, ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from ..errors import DomainError, StaleEdit


class Conflict(exceptions.APIException):
    """A 409 whose body is given as it is: APIException would turn every value into a string
    (`changes` holds numbers and lists; `changed_at` may be null)."""

    status_code = 409
    default_code = "conflict"

    def __init__(self, data):
        self.detail = data


def field_errors(exc) -> dict:
    """{field: [messages]} for a validation error from a serializer or from a model's clean(),
    as the API answers them: for a row of a bulk request, which has its own errors."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return {field: [str(m) for e in errors for m in e.messages]
                    for field, errors in exc.error_dict.items()}
        return {"non_field_errors": [str(m) for m in exc.messages]}
    detail = exc.detail
    if isinstance(detail, dict):
        return {field: [str(m) for m in (v if isinstance(v, list) else [v])]
                for field, v in detail.items()}
    messages = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in messages]}


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        exc = Conflict({exc.field or "non_field_errors": [exc.message], "changed_by": exc.who,
                        "changed_at": exc.when.isoformat() if exc.when else None,
                        "changes": exc.changes})
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(
                {field: [str(m) for e in errors for m in e.messages]
                 for field, errors in exc.error_dict.items()}
            )
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, DomainError):
        exc = exceptions.ValidationError({exc.field or "non_field_errors": [exc.message]})
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        # Django's message names the model in English ("No Case matches the given query.").
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list) and all(
            isinstance(message, str) for message in exc.detail):
        # `raise ValidationError("...")` outside a serializer: the same shape as any other 400.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)
