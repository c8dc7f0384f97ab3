"""Yearly indicator values from a CSV file, as a spreadsheet saves it: one year and one value
per line, separated by semicolon (Excel in Swedish), comma or tab; the value may have a
decimal comma ("72,5") and spaces between thousands ("1 204"); a first line of headings
("År;Värde") is skipped. Every bad line gets its own Swedish message, and nothing is stored
unless every line is good: half an import would leave a series nobody can tell from a whole.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from trygghet.numbers import whole

from .models import FIRST_YEAR, LAST_YEAR

MAX_LINES = 200
# Listed one by one up to this many; a file wrong throughout needs no hundred messages.
MAX_PROBLEMS = 20
MAX_BYTES = 64 * 1024
# What the value column holds: twelve digits, two of them decimals.
MAX_ABS = Decimal("9999999999.99")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self):
        if not self.line:
            return self.message
        return _("Rad %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRefused(Exception):
    """The file as a whole, or some of its lines, could not be read; nothing was stored."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(0, _("Filen är för stor (högst %(kb)s kB).")
                                     % {"kb": MAX_BYTES // 1024})])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A spreadsheet's text has no control characters but line breaks and tabs; a PDF or a
        # picture decoded as cp1252 has many.
        if not any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
            return text
        break
    raise ImportRefused([Problem(0, _("Filen går inte att läsa som text."))])


def _delimiter(text: str) -> str:
    if ";" in text:
        return ";"
    if "\t" in text:
        return "\t"
    return ","


def _is_heading(cells) -> bool:
    return bool(cells) and not any(ch in "0123456789" for ch in cells[0])


def parse_value(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > MAX_ABS:
        return None
    return value.quantize(Decimal("0.01"))


def parse(text: str) -> dict[int, Decimal]:
    """{year: value} from the text; ImportRefused with every bad line otherwise."""
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ImportRefused([Problem(0, _("Filen har fler än %(n)s rader.") % {"n": MAX_LINES})])
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    values, problems, seen_at = {}, [], {}
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportRefused([Problem(reader.line_num, _("Raden går inte att läsa (%(e)s).")
                                     % {"e": error})]) from None
    for number, cells in enumerate(rows, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == 1 and _is_heading(cells):
            continue
        while len(cells) > 2 and not cells[-1]:
            cells.pop()
        if len(cells) != 2:
            problems.append(Problem(number, _(
                "Ange år och värde, till exempel ”2024;72,5”. Har värdet decimalkomma, skilj "
                "med semikolon.")))
            continue
        year_text, value_text = cells
        year = whole(year_text, digits=4)
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append(Problem(number, _("”%(text)s” är inget år mellan %(first)s och "
                                              "%(last)s.") % {"text": year_text[:20],
                                                              "first": FIRST_YEAR,
                                                              "last": LAST_YEAR}))
            continue
        value = parse_value(value_text)
        if value is None:
            problems.append(Problem(number, _("”%(text)s” är inget tal.")
                                    % {"text": value_text[:20]}))
            continue
        if year in seen_at:
            problems.append(Problem(number, _("År %(year)s finns redan på rad %(first)s.")
                                    % {"year": year, "first": seen_at[year]}))
            continue
        seen_at[year] = number
        values[year] = value
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [Problem(0, _("… och %(n)s rader till med fel.")
                                                      % {"n": more})]
    if problems:
        raise ImportRefused(problems)
    if not values:
        raise ImportRefused([Problem(0, _("Filen innehåller inga värden."))])
    return values
