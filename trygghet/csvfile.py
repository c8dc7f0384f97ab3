"""CSV as Swedish spreadsheet programs read it, for every CSV the app hands out.

UTF-8 with a byte-order mark (Excel shows å, ä and ö right only with one), semicolons between
fields and decimal commas: Swedish Excel opens such a file with its columns and numbers as
numbers, whatever the interface's language, so the format does not change with it (the
headings do). Text that a spreadsheet would run as a formula gets a leading apostrophe.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
DELIMITER = ";"
CONTENT_TYPE = "text/csv; charset=utf-8"
# Excel and LibreOffice run a cell starting with one of these as a formula (CSV injection):
# free text is typed by anyone who logs an observation.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_PIECE = 500


def decimal(value) -> str:
    """A number with a decimal comma and no exponent: 59,4123 and 0,0."""
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = f"{value:.12f}".rstrip("0")
            text = text + "0" if text.endswith(".") else text
    else:
        text = format(value, "f")
    return text.replace(".", ",")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _refuse_bool(value):
    raise TypeError("Say in words what a yes/no field means before writing it")


# By exact type: the test is made for every field of every row, so it is one dictionary look-up.
_BY_TYPE = {
    str: _text,
    int: str,
    float: decimal,
    Decimal: decimal,
    datetime: lambda value: value.isoformat(sep=" ", timespec="minutes")[:16],
    date: date.isoformat,
    bool: _refuse_bool,
    type(None): lambda value: "",
}


def cell(value) -> str:
    """One field as text. Pass numbers as numbers: text is made harmless, numbers are not."""
    formatter = _BY_TYPE.get(type(value))
    return formatter(value) if formatter else _text(str(value))


class _Line:
    """What csv.writer writes to: it hands each line back instead of keeping it."""

    def write(self, text):
        return text


_writer = csv.writer(_Line(), delimiter=DELIMITER)


def line(values: Iterable) -> str:
    return _writer.writerow([cell(v) for v in values])


def pieces(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The file in pieces of a few hundred lines, the first with the byte-order mark: what a
    streaming response sends, so that no file is held whole."""
    yield BOM + line(header)
    batch = []
    for row in rows:
        batch.append(line(row))
        if len(batch) >= ROWS_PER_PIECE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _disposition(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A small CSV (a lägesbild's figures) as one response."""
    answer = HttpResponse("".join(pieces(header, rows)), content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = _disposition(filename)
    return answer


def streaming_response(filename: str, header: Iterable,
                       rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A CSV of any size, sent as its rows are read."""
    answer = StreamingHttpResponse(
        (piece.encode("utf-8") for piece in pieces(header, rows)), content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = _disposition(filename)
    return answer
