import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering 400 to a body nested too deep for Python's parser (100,000
    brackets once gave a RecursionError, and so a 500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON-data är för djupt nästlad.")) from None


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity, as DRF's JSON parser refuses


class UnreadableLine(str):
    """A line of a JSON-lines body that is not JSON: kept in its place, so that the answer for
    each row can say which one could not be read (and the others are still taken)."""


class JSONLinesParser(parsers.BaseParser):
    """JSON lines (one JSON value per line, as application/x-ndjson): a list of values, blank
    lines skipped."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            "".encode(encoding)  # a text encoding, never a codec that decompresses (bz2_codec)
            text = stream.read().decode(encoding)
        except (LookupError, UnicodeError):
            raise ParseError(
                _("Innehållet kan inte läsas i den angivna teckenkodningen.")) from None
        rows = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line, parse_constant=_refuse_constant))
            except (ValueError, RecursionError):
                rows.append(UnreadableLine(line[:200]))
        return rows


class JSONLParser(JSONLinesParser):
    media_type = "application/jsonl"
