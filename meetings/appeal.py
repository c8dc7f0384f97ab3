"""The appeal period of a decision (laglighetsprövning, 13 kap. kommunallagen): three weeks from
the day the justering was posted on the anslagstavla. A period that would end on a Saturday,
a Sunday or a public holiday ends on the next working day instead (lagen (1930:173) om
beräkning av lagstadgad tid)."""

from datetime import date, timedelta
from functools import lru_cache

from .models.protocols import APPEAL_DAYS


def easter_sunday(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _saturday_between(start: date, end: date) -> date:
    day = start
    while day.weekday() != 5:
        day += timedelta(days=1)
    assert day <= end
    return day


@lru_cache(maxsize=64)
def holidays(year: int) -> frozenset:
    """Sweden's public holidays, and the days the law treats like them (midsommarafton,
    julafton, nyårsafton)."""
    easter = easter_sunday(year)
    return frozenset({
        date(year, 1, 1), date(year, 1, 6),
        easter - timedelta(days=2), easter, easter + timedelta(days=1),
        date(year, 5, 1), easter + timedelta(days=39), easter + timedelta(days=49),
        date(year, 6, 6),
        _saturday_between(date(year, 6, 20), date(year, 6, 26)) - timedelta(days=1),
        _saturday_between(date(year, 6, 20), date(year, 6, 26)),
        _saturday_between(date(year, 10, 31), date(year, 11, 6)),
        date(year, 12, 24), date(year, 12, 25), date(year, 12, 26), date(year, 12, 31),
    })


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def appeal_ends_on(posted_on: date) -> date:
    """The last day an appeal may arrive, for a notice posted on `posted_on`."""
    last = posted_on + timedelta(days=APPEAL_DAYS)
    while not is_working_day(last):
        last += timedelta(days=1)
    return last
