"""ISO weeks in the municipality's time zone: what a weekly lägesbild, an EST meeting or a
week view means by "week 46"."""

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import DomainError

WEEK_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[WwVv]?\s*(\d{1,2})\s*$")


def week_bounds(iso_year: int, iso_week: int):
    """Monday 00:00 to the next Monday 00:00 in local time, right across clock changes (a
    spring week is 167 hours long, an autumn week 169)."""
    monday = date.fromisocalendar(iso_year, iso_week, 1)
    start = timezone.make_aware(datetime.combine(monday, time.min))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))
    return start, end


def week_of(moment=None) -> tuple[int, int]:
    """The ISO (year, week) of a moment's local date."""
    year, week, _weekday = timezone.localtime(moment or timezone.now()).date().isocalendar()
    return year, week


def week_just_ended(now=None) -> tuple[int, int]:
    """The ISO week before the one the local date of `now` is in."""
    local = timezone.localtime(now or timezone.now())
    year, week, _weekday = (local.date() - timedelta(days=7)).isocalendar()
    return year, week


def shift_week(iso_year: int, iso_week: int, weeks: int) -> tuple[int, int]:
    year, week, _weekday = (date.fromisocalendar(iso_year, iso_week, 1)
                            + timedelta(weeks=weeks)).isocalendar()
    return year, week


def has_week(iso_year: int, iso_week: int) -> bool:
    """Whether the ISO year has that week: 52 weeks, or 53 in a year whose 28 December (always
    in the year's last week) falls in week 53."""
    return 1 <= iso_week <= date(iso_year, 12, 28).isocalendar()[1]


def week_label(iso_year: int, iso_week: int) -> str:
    """The machine form, '2026-W46', used in file names and URLs."""
    return f"{iso_year}-W{iso_week:02d}"


def validate_week(year, week, *, allow_future=False) -> tuple[int, int]:
    """(year, week) as integers, or a DomainError in Swedish on the field "week"."""
    try:
        year, week = int(year), int(week)
    except (TypeError, ValueError):
        raise DomainError(_("Ange veckan som år och vecka, till exempel 2026-W46."), "week") from None
    if not (2000 <= year <= 2100):
        raise DomainError(_("Ange ett år mellan 2000 och 2100."), "week")
    if not has_week(year, week):
        raise DomainError(_("Vecka %(week)s finns inte år %(year)s.") % {"week": week, "year": year},
                          "week")
    if not allow_future and date.fromisocalendar(year, week, 1) > timezone.localdate():
        raise DomainError(_("Veckan har inte börjat än."), "week")
    return year, week


def parse_week(text: str, *, allow_future=False) -> tuple[int, int]:
    """'2026-W46', '2026-46' or '2026 v 46' as (2026, 46); a DomainError in Swedish otherwise."""
    match = WEEK_PATTERN.match(text or "")
    if not match:
        raise DomainError(_("Ange veckan som år och vecka, till exempel 2026-W46."), "week")
    return validate_week(match.group(1), match.group(2), allow_future=allow_future)
