"""Diarienummer: a series, a two-digit year and a four-digit number, written "KS 22/0091".

Read here as people write them (KS 22/91, ks 22/0091, KS 22 0091) and written back in the one
form the registry uses. Whether a number is free is the database's to say (Case's constraint),
and which one is next the service's (services.cases.next_free_number)."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SERIES_PATTERN = re.compile(r"^[A-ZÅÄÖ]{1,6}$")
PATTERN = re.compile(r"^\s*([A-Za-zÅÄÖåäö]{1,6})\s*(\d{2})\s*[/ ]\s*(\d{1,4})\s*$")
MAX_NUMBER = 9999
INVALID = _("Ange diarienumret som serie, år och nummer, till exempel KS 22/0091.")


@dataclass(frozen=True)
class Diarienummer:
    series: str
    year: int
    number: int

    def __str__(self):
        return format_number(self.series, self.year, self.number)


def format_number(series: str, year: int, number: int) -> str:
    return f"{series} {year:02d}/{number:04d}"


def parse(text: str, *, field: str = "diarienummer") -> Diarienummer:
    """The diarienummer in `text`, or a ValidationError on `field` saying how to write it."""
    match = PATTERN.match(text or "")
    if not match:
        raise ValidationError({field: INVALID}, code="invalid")
    series, year, number = match.group(1).upper(), int(match.group(2)), int(match.group(3))
    if number < 1:
        raise ValidationError({field: _("Numret i diarienumret börjar på 0001.")}, code="invalid")
    return Diarienummer(series, year, number)


def two_digit_year(year: int) -> int:
    return year % 100
