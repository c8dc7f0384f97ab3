"""Follow-up in figures: the observations around an insats before and after it began, and per
area over a quarter, observations against insatser.

Counted in the database (grouped queries over the indexed time range), one number per
category or area and period, from the observations the reader may see: a restricted
observation counts only for those who could open it, so no figure here tells anyone else
that one exists.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.utils.translation import gettext as _

from trygghet.errors import DomainError
from trygghet.filters import local_midnight
from trygghet.models import Area

from .models import Intervention

# Four weeks before the insats began, and four weeks from the day it began: long enough to
# even out a quiet or a busy weekend, short enough that the insats is what changed.
WINDOW = timedelta(days=28)


@dataclass(frozen=True)
class Periods:
    before_first: date
    before_last: date
    after_first: date
    after_last: date


def periods(intervention) -> Periods:
    start = intervention.planned_start
    return Periods(before_first=start - WINDOW, before_last=start - timedelta(days=1),
                   after_first=start, after_last=start + WINDOW - timedelta(days=1))


def area_ids(areas) -> list[int] | None:
    """The areas and every named area inside them (Bro centrum in Bro); None for no areas,
    which means the whole municipality."""
    areas = list(areas)
    if not areas:
        return None
    ids = set()
    for area in areas:
        ids.update(Area.objects.within(area))
    return sorted(ids)


@dataclass(frozen=True)
class Effect:
    periods: Periods
    whole_municipality: bool
    rows: list  # {"id", "name", "before", "after", "change"} per category with any count
    before: int
    after: int

    @property
    def change(self):
        return change(self.before, self.after)


def change(before, after):
    """Per cent change, or None when there was nothing before."""
    return None if before == 0 else round(100 * (after - before) / before)


def effect(intervention, observations) -> Effect:
    """Counts by category of `observations` (a queryset the reader may see) in the insats's
    areas, in the four weeks before it began and the four weeks from then: one grouped query."""
    window = periods(intervention)
    split = local_midnight(window.after_first)
    queryset = observations.filter(
        occurred_at__gte=local_midnight(window.before_first),
        occurred_at__lt=local_midnight(window.after_last + timedelta(days=1)))
    ids = area_ids(intervention.areas.all())
    if ids is not None:
        queryset = queryset.filter(area_id__in=ids)
    grouped = (queryset.annotate(after=Case(When(occurred_at__gte=split, then=Value(True)),
                                            default=Value(False), output_field=BooleanField()))
               .values_list("category_id", "category__name", "category__order", "after")
               .annotate(n=Count("id")).order_by())
    by_category = {}
    for category_id, name, order, after, n in grouped:
        row = by_category.setdefault(category_id, {"id": category_id, "name": name,
                                                   "order": order, "before": 0, "after": 0})
        row["after" if after else "before"] += n
    rows = sorted(by_category.values(), key=lambda r: (r["order"], r["name"]))
    for row in rows:
        row["change"] = change(row["before"], row["after"])
    return Effect(periods=window, whole_municipality=ids is None, rows=rows,
                  before=sum(r["before"] for r in rows), after=sum(r["after"] for r in rows))


# The quarterly view

QUARTER_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*[KkQq]\s*([1-4])\s*$")


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + quarters
    return index // 4, index % 4 + 1


def quarter_days(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    next_year, next_quarter = shift_quarter(year, quarter, 1)
    return first, date(next_year, 3 * next_quarter - 2, 1) - timedelta(days=1)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-K{quarter}"


def parse_quarter(text: str) -> tuple[int, int]:
    """'2026-K2' (or 2026-Q2, 2026 K2) as (2026, 2); a DomainError in Swedish otherwise."""
    match = QUARTER_PATTERN.match(text or "")
    if not match or not (2000 <= int(match.group(1)) <= 2100):
        raise DomainError(_("Ange kvartalet som år och kvartal, till exempel 2026-K2."),
                          "quarter")
    return int(match.group(1)), int(match.group(2))


def _observation_counts(observations, first: date, last: date) -> dict:
    return dict(observations.filter(
        occurred_at__gte=local_midnight(first),
        occurred_at__lt=local_midnight(last + timedelta(days=1)),
    ).values_list("area_id").annotate(n=Count("id")).order_by())


def quarter_rows(year: int, quarter: int, observations) -> list[dict]:
    """Per named area (and outside them): observations this quarter and the one before, and
    the insatser planned to run in the quarter (all but the cancelled, and of those the done),
    with their types. Each observation counts in its own (most specific) area, as in the
    lägesbild; an insats counts in every area it names."""
    first, last = quarter_days(year, quarter)
    now = _observation_counts(observations, first, last)
    before = _observation_counts(observations, *quarter_days(*shift_quarter(year, quarter, -1)))
    running = Intervention.objects.overlapping(first, last).exclude(
        status=Intervention.Status.CANCELLED)
    insatser = {area: (n, done) for area, n, done in running.values_list("areas").annotate(
        n=Count("id", distinct=True),
        done=Count("id", distinct=True, filter=Q(status=Intervention.Status.DONE))).order_by()}
    types = {}
    for area, name, order, n in running.values_list("areas", "type__name", "type__order").annotate(
            n=Count("id", distinct=True)).order_by("type__order", "type__name"):
        types.setdefault(area, []).append({"name": name, "count": n})
    rows = []
    for area in Area.objects.named().order_by("name").only("id", "name"):
        n, done = insatser.get(area.pk, (0, 0))
        rows.append({"id": area.pk, "name": area.name, "observations": now.get(area.pk, 0),
                     "previous": before.get(area.pk, 0),
                     "change": change(before.get(area.pk, 0), now.get(area.pk, 0)),
                     "interventions": n, "done": done, "types": types.get(area.pk, [])})
    if now.get(None) or before.get(None):
        rows.append({"id": None, "name": None, "observations": now.get(None, 0),
                     "previous": before.get(None, 0),
                     "change": change(before.get(None, 0), now.get(None, 0)),
                     "interventions": None, "done": None, "types": []})
    return rows
