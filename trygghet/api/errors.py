"""One translation of domain and model errors for the whole API: 400s with field-level
messages in Swedish, and every answer in one of the shapes the schema documents
(trygghet/api/schema.py)."""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
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


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"


# What no answer can carry: a NUL (PostgreSQL's JSON refuses it, and so an idempotent request's
# stored answer) and a lone surrogate (no UTF-8 encodes it, and so no response could be sent).
UNSENDABLE = re.compile("[\x00\ud800-\udfff]")


# A message that repeats what was sent says no more than this much of it.
MESSAGE_MAX = 500


def printable(message) -> str:
    """A message as an answer can carry it: a message that repeats what was sent (DRF's
    '"x" är inte ett giltigt val.') may hold what no answer can, replaced by U+FFFD, and
    may be as long as what was sent, cut short."""
    text = UNSENDABLE.sub("\ufffd", str(message))
    return text if len(text) <= MESSAGE_MAX else text[:MESSAGE_MAX - 1] + "…"


def _printable(detail):
    if isinstance(detail, dict):  # its keys too: a dict field's errors are keyed as sent
        return {printable(key): _printable(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_printable(value) for value in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return exceptions.ErrorDetail(printable(detail), detail.code)
    if isinstance(detail, str):
        return printable(detail)
    return detail


def field_errors(exc) -> dict:
    """{field: [messages]} for a validation error from a serializer or from a model's clean(),
    as the API answers them: for a row of a bulk request, which has its own errors."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return {field: [printable(m) for e in errors for m in e.messages]
                    for field, errors in exc.error_dict.items()}
        return {"non_field_errors": [printable(m) for m in exc.messages]}
    detail = exc.detail
    if isinstance(detail, dict):
        return {field: [printable(m) for m in (v if isinstance(v, list) else [v])]
                for field, v in detail.items()}
    messages = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [printable(m) for m in messages]}


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        exc = Conflict({exc.field or "non_field_errors": [exc.message], "changed_by": exc.who,
                        # In local time, as every other time the API answers.
                        "changed_at": timezone.localtime(exc.when).isoformat() if exc.when
                        else None,
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
    elif isinstance(exc, RequestDataTooBig):
        limit = exc.args[0] if exc.args and isinstance(exc.args[0], int) else (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        exc = PayloadTooLarge(_("Innehållet är för stort: högst %(mb)s MB per anrop.")
                              % {"mb": _megabytes(limit)})
    elif isinstance(exc, Http404):
        # Django's message names the model in English ("No Case matches the given query.").
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list) and all(
            isinstance(message, str) for message in exc.detail):
        # `raise ValidationError("...")` outside a serializer: the same shape as any other 400.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    if isinstance(exc, exceptions.APIException):
        exc.detail = _printable(exc.detail)
    return drf_exception_handler(exc, context)


def _megabytes(size: int) -> str:
    """2.5 MB as the language writes it: "2,5", "2.5"."""
    value = round(size / (1024 * 1024), 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)
