"""The API's parsers: JSON, and for the bulk endpoints JSON lines, every refusal a 400 (or a
413 for a body over its limit) in Swedish.

A body is read up to a limit: Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` (2.5 MB) for every
endpoint, or the view's own `body_max` for one that takes more (a bulk request of thousands of
rows), read from the request's stream so that no more than the limit is ever held."""

import codecs
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity, as DRF's JSON parser refuses


def _encoding(parser_context):
    """The body's character encoding, as its Content-Type names it: a text encoding, never a
    codec that decompresses (bz2_codec) or reads escapes (unicode_escape) into characters the
    JSON did not hold."""
    encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
    try:
        "".encode(encoding)
        name = codecs.lookup(encoding).name
    except (LookupError, UnicodeError):
        name = None
    if name is None or "escape" in name or name in ("idna", "punycode"):
        raise ParseError(_("Innehållet kan inte läsas i den angivna teckenkodningen."))
    # A byte order mark (written by many Windows programs) is not part of the JSON.
    return "utf-8-sig" if name == "utf-8" else encoding


def _text(body: bytes, parser_context) -> str:
    try:
        return body.decode(_encoding(parser_context))
    except UnicodeError:
        raise ParseError(_("Innehållet kan inte läsas i den angivna teckenkodningen.")) from None


def _read(stream, parser_context) -> bytes:
    """The body, up to the view's `body_max` (else Django's limit): over it, a 413."""
    view = (parser_context or {}).get("view")
    limit = getattr(view, "body_max", None) or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = stream.read(limit + 1) if stream is not None else b""
    if len(body) > limit:
        raise RequestDataTooBig(limit)
    return body


def loads(text: str):
    """JSON as the API reads it (no NaN or Infinity), with a Swedish message where it is not."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ParseError(_("Innehållet är inte giltig JSON (rad %(line)s, tecken %(column)s).")
                         % {"line": error.lineno, "column": error.colno}) from None
    except RecursionError:
        raise ParseError(_("JSON-data är för djupt nästlad.")) from None
    except ValueError:  # NaN or Infinity, or a number of more than 4,300 digits
        raise ParseError(_("Innehållet är inte giltig JSON: det innehåller ett tal som inte "
                           "går att läsa (NaN, Infinity eller för många siffror).")) from None


class JSONParser(parsers.JSONParser):
    """JSON, as DRF reads it (within Django's limit on a body's size), answering in Swedish."""

    def parse(self, stream, media_type=None, parser_context=None):
        return loads(_text(stream.read(), parser_context))


class BulkJSONParser(parsers.BaseParser):
    """JSON for a view that takes a body larger than Django's limit (`body_max`): read from
    the stream up to it. (DRF reads a JSONParser's body through Django's limit, hence not a
    subclass of one.)"""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        return loads(_text(_read(stream, parser_context), parser_context))


class UnreadableLine(str):
    """A line of a JSON-lines body that is not JSON: kept in its place, so that the answer for
    each row can say which one could not be read (and the others are still taken)."""


class JSONLinesParser(parsers.BaseParser):
    """JSON lines (one JSON value per line, as application/x-ndjson): a list of values, blank
    lines skipped. Lines end at a newline only (a JSON string may hold U+2028 as it is). At
    most the view's `rows_max` + 1 lines are read: past that the view refuses the request
    anyway."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        text = _text(_read(stream, parser_context), parser_context)
        limit = getattr((parser_context or {}).get("view"), "rows_max", None)
        rows = []
        # One decoder for every line: json.loads with an option builds a new one per call.
        decode = json.JSONDecoder(parse_constant=_refuse_constant).decode
        for line in text.split("\n"):
            line = line.removesuffix("\r")
            if not line.strip():
                continue
            if limit is not None and len(rows) > limit:
                break
            try:
                rows.append(decode(line))
            except (ValueError, RecursionError):
                rows.append(UnreadableLine(line[:200]))
        return rows


class JSONLParser(JSONLinesParser):
    media_type = "application/jsonl"
