"""Compiling the weekly lägesbild: what happened in one ISO week and what is changing.

A compile is a list of named parts (declared in snapshot.py), each computed from a WeekContext
that runs the shared queries once. Counts are computed in the database (grouped queries over
an indexed time range), so a compile's time and memory depend on the weeks it reads, not on
the size of the table. The snapshot stores data (ids, numbers, ISO weeks), never words in one
language: names of weekdays and of "outside the named areas" are the templates' to translate.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, DateField, F, IntegerField
from django.db.models.functions import Cast, Floor, TruncWeek
from django.utils import timezone

from trygghet.models import Area, Organisation
from trygghet.weeks import has_week, shift_week, week_bounds

from ..models import Category, Observation
from . import snapshot
from .snapshot import Part, Sensitivity

# Map grid for hotspots: about 250 m by 250 m at Swedish latitudes.
CELL_LAT = 0.00225
CELL_LON = 0.0045
TREND_WEEKS = 12
OPEN_AFTER_DAYS = 14
LIST_LIMIT = 200
# A change is "marked" when it is unlikely to be chance: a Poisson test against the mean of the
# four weeks before, at the 5 % level, and only for counts of at least MIN_COUNT so that small
# numbers do not cry wolf.
SIGNIFICANCE = 0.05
MIN_COUNT = 5


def _poisson_cdf(k, lam):
    """P(X <= k) for X ~ Poisson(lam)."""
    if k < 0:
        return 0.0
    term = total = math.exp(-lam)
    for i in range(1, k + 1):
        term *= lam / i
        total += term
    return min(total, 1.0)


def trend_flag(count, mean):
    """'up', 'down' or '' for a count against the mean of the four weeks before."""
    if count >= MIN_COUNT and count > mean and 1 - _poisson_cdf(count - 1, max(mean, 1.0)) < SIGNIFICANCE:
        return "up"
    if mean >= MIN_COUNT and count < mean and _poisson_cdf(count, mean) < SIGNIFICANCE:
        return "down"
    return ""


def _change(count, previous):
    if previous == 0:
        return None
    return round(100 * (count - previous) / previous)


@dataclass
class Tally:
    """Counts of one week: in all, by category id and by area id (None: outside the areas)."""

    total: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_area: Counter = field(default_factory=Counter)

    def add(self, category_id, area_id, n):
        self.total += n
        self.by_category[category_id] += n
        self.by_area[area_id] += n


def _local_week_counts(start, end):
    """Counts by (local ISO week's Monday, category, area) for a period, from one grouped query.
    The week comes back as a plain date: thousands of rows without a time-zone conversion each."""
    return (
        Observation.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .annotate(monday=Cast(TruncWeek("occurred_at"), DateField()))
        .values_list("monday", "category_id", "area_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def _cell_counts(start, end):
    """Counts by grid cell and restriction, from one grouped query."""
    rows = Observation.objects.filter(occurred_at__gte=start, occurred_at__lt=end).annotate(
        cy=Cast(Floor(F("latitude") / CELL_LAT), IntegerField()),
        cx=Cast(Floor(F("longitude") / CELL_LON), IntegerField()),
    ).values_list("cy", "cx", "restricted").annotate(n=Count("id")).order_by()
    return list(rows)


LIST_FIELDS = ("id", "category__name", "occurred_at", "area__name", "status", "severity",
               "organisation__name", "restricted")


def _row_list(queryset, limit=LIST_LIMIT):
    return [
        {
            "id": pk, "category": category, "occurred_at": timezone.localtime(occurred).isoformat(),
            "area": area, "status": status, "severity": severity, "organisation": organisation,
            "restricted": restricted,
        }
        for pk, category, occurred, area, status, severity, organisation, restricted
        in queryset.values_list(*LIST_FIELDS)[:limit]
    ]


class WeekContext:
    """One ISO week and the queries its parts share, each run at most once."""

    def __init__(self, iso_year: int, iso_week: int):
        self.year, self.week = iso_year, iso_week
        self.start, self.end = week_bounds(iso_year, iso_week)

    @cached_property
    def tallies(self) -> dict[int, Tally]:
        """This week (offset 0) and the eleven before, from one grouped query."""
        trend_start, _ = week_bounds(*shift_week(self.year, self.week, -(TREND_WEEKS - 1)))
        offsets = {date.fromisocalendar(*shift_week(self.year, self.week, -o), 1): o
                   for o in range(TREND_WEEKS)}
        tallies = defaultdict(Tally)
        for monday, category_id, area_id, n in _local_week_counts(trend_start, self.end):
            if monday in offsets:
                tallies[offsets[monday]].add(category_id, area_id, n)
        return tallies

    @cached_property
    def last_year(self) -> Tally | None:
        """The same ISO week a year earlier, when that year has it (week 53 is rare)."""
        if not has_week(self.year - 1, self.week):
            return None
        tally = Tally()
        for _monday, category_id, area_id, n in _local_week_counts(
                *week_bounds(self.year - 1, self.week)):
            tally.add(category_id, area_id, n)
        return tally

    def figures(self, pick) -> dict:
        """This week's count of one thing and how it compares; `pick(tally)` reads it."""
        count = pick(self.tallies[0])
        previous = pick(self.tallies[1])
        mean4 = sum(pick(self.tallies[o]) for o in range(1, 5)) / 4
        return {
            "count": count,
            "previous": previous,
            "change_previous": _change(count, previous),
            "mean4": round(mean4, 1),
            "change_mean4": _change(count, mean4),
            "last_year": pick(self.last_year) if self.last_year is not None else None,
            "flag": trend_flag(count, mean4),
        }

    @cached_property
    def week_observations(self):
        return Observation.objects.filter(occurred_at__gte=self.start, occurred_at__lt=self.end)

    @cached_property
    def week_rows(self) -> list[tuple]:
        """The week's own rows (a few thousand at most): place, severity, restriction and the
        local weekday and hour, for the points, the grid cells and the weekday-hour table."""
        zone = timezone.get_current_timezone()
        rows = []
        for lat, lon, severity, restricted, occurred in self.week_observations.values_list(
                "latitude", "longitude", "severity", "restricted", "occurred_at"):
            local = occurred.astimezone(zone)
            rows.append((lat, lon, severity, restricted, local.weekday(), local.hour))
        return rows

    @cached_property
    def weekday_hour(self) -> list[list[int]]:
        grid = [[0] * 24 for _ in range(7)]
        for *_place, weekday, hour in self.week_rows:
            grid[weekday][hour] += 1
        return grid

    @cached_property
    def by_area(self) -> list[dict]:
        rows = [dict(id=a.pk, name=a.name, **self.figures(lambda t, pk=a.pk: t.by_area[pk]))
                for a in Area.objects.named().order_by("name")]
        outside = self.figures(lambda t: t.by_area[None])
        if outside["count"] or outside["mean4"]:
            # Named by the templates: "outside the named areas", in the reader's language.
            rows.append(dict(id=None, name=None, **outside))
        return sorted(rows, key=lambda r: (-r["count"], r["name"] or ""))

    @cached_property
    def categories(self):
        return list(Category.objects.order_by("order", "name"))

    @cached_property
    def cells_before(self) -> list[tuple]:
        before_start, _ = week_bounds(*shift_week(self.year, self.week, -4))
        return _cell_counts(before_start, self.start)

    def cells(self, *, unrestricted_only: bool) -> list[dict]:
        """Grid cells of this week with their counts against the four weeks before (worked
        out once per reading: the hot and the rising cells both ask)."""
        if unrestricted_only not in self._cells:
            self._cells[unrestricted_only] = self._count_cells(unrestricted_only)
        return self._cells[unrestricted_only]

    @cached_property
    def _cells(self) -> dict:
        return {}

    def _count_cells(self, unrestricted_only: bool) -> list[dict]:
        counts = Counter()
        for lat, lon, _severity, restricted, *_when in self.week_rows:
            if not (unrestricted_only and restricted):
                counts[(math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON))] += 1
        before = Counter()
        for cy, cx, restricted, n in self.cells_before:
            if not (unrestricted_only and restricted):
                before[(cy, cx)] += n

        def cell(key, n):
            cy, cx = key
            mean4 = before.get(key, 0) / 4
            return {"south": round(cy * CELL_LAT, 6), "west": round(cx * CELL_LON, 6),
                    "north": round((cy + 1) * CELL_LAT, 6), "east": round((cx + 1) * CELL_LON, 6),
                    "count": n, "mean4": mean4, "flag": trend_flag(n, mean4)}

        return [cell(key, n) for key, n in counts.items()]

    @cached_property
    def still_open(self):
        stale_before = self.end - timedelta(days=OPEN_AFTER_DAYS)
        return Observation.objects.open().filter(occurred_at__lt=stale_before).order_by("occurred_at")

    @cached_property
    def serious(self):
        return self.week_observations.filter(severity=Observation.Severity.HIGH).order_by("occurred_at")


# The parts, in the order a reader meets them. Each is small and named; together they are
# the snapshot.

def period(ctx):
    return {"year": ctx.year, "week": ctx.week, "start": ctx.start.isoformat(),
            "end": ctx.end.isoformat(), "first_day": ctx.start.date().isoformat(),
            "last_day": (timezone.localtime(ctx.end) - timedelta(days=1)).date().isoformat()}


def total(ctx):
    return ctx.figures(lambda t: t.total)


def by_category(ctx):
    rows = [dict(id=c.pk, name=c.name, **ctx.figures(lambda t, pk=c.pk: t.by_category[pk]))
            for c in ctx.categories]
    return [row for row in rows if row["count"] or row["previous"] or row["mean4"]]


def by_area(ctx):
    return ctx.by_area


def weekday_hour(ctx):
    return ctx.weekday_hour


def by_weekday(ctx):
    return [sum(row) for row in ctx.weekday_hour]


def by_hour(ctx):
    return [sum(ctx.weekday_hour[d][h] for d in range(7)) for h in range(24)]


def hotspot_areas(ctx):
    return [r for r in ctx.by_area if r["count"]][:5]


def rising_areas(ctx):
    return sorted((r for r in ctx.by_area if r["count"] > r["mean4"]),
                  key=lambda r: (-(r["count"] - r["mean4"]), r["name"] or ""))[:5]


def _hot(cells):
    return sorted(cells, key=lambda c: (-c["count"], c["south"], c["west"]))[:10]


def _rising(cells):
    rising = sorted(cells, key=lambda c: (-(c["count"] - c["mean4"]), -c["count"],
                                          c["south"], c["west"]))[:5]
    return [c for c in rising if c["count"] > c["mean4"]]


def hotspot_cells(ctx):
    return {"all": _hot(ctx.cells(unrestricted_only=False)),
            "unrestricted": _hot(ctx.cells(unrestricted_only=True))}


def rising_cells(ctx):
    return {"all": _rising(ctx.cells(unrestricted_only=False)),
            "unrestricted": _rising(ctx.cells(unrestricted_only=True))}


def points(ctx):
    return [{"lat": round(lat, 5), "lon": round(lon, 5), "severity": severity,
             "restricted": restricted}
            for lat, lon, severity, restricted, *_when in ctx.week_rows]


def serious(ctx):
    return _row_list(ctx.serious)


def serious_count(ctx):
    return ctx.serious.count()


def open_after_14_days(ctx):
    return _row_list(ctx.still_open)


def open_count(ctx):
    return ctx.still_open.count()


def silent_organisations(ctx):
    logged = set(Observation.objects.filter(logged_at__gte=ctx.start, logged_at__lt=ctx.end)
                 .values_list("organisation_id", flat=True).distinct())
    return [o.name for o in Organisation.objects.filter(active=True).order_by("name")
            if o.pk not in logged]


def trend(ctx):
    offsets = range(TREND_WEEKS - 1, -1, -1)
    return {
        "weeks": [list(shift_week(ctx.year, ctx.week, -o)) for o in offsets],
        "series": [
            {"id": c.pk, "name": c.name, "counts": [ctx.tallies[o].by_category[c.pk] for o in offsets]}
            for c in ctx.categories
            if any(ctx.tallies[o].by_category[c.pk] for o in range(TREND_WEEKS))
        ],
        "totals": [ctx.tallies[o].total for o in offsets],
    }


def method(ctx):
    return {"significance": SIGNIFICANCE, "min_count": MIN_COUNT, "cell_m": 250,
            "open_after_days": OPEN_AFTER_DAYS}


C, R, V = Sensitivity.COUNTS, Sensitivity.ROWS, Sensitivity.VARIANTS
for _part in [
    Part("period", C, period, "ISO-vecka och dess första och sista dag"),
    Part("total", C, total, "antal med jämförelser"),
    Part("by_category", C, by_category, "per kategori med jämförelser"),
    Part("by_area", C, by_area, "per område med jämförelser"),
    Part("weekday_hour", C, weekday_hour, "antal per veckodag (måndag först) och timme"),
    Part("by_weekday", C, by_weekday, "antal per veckodag"),
    Part("by_hour", C, by_hour, "antal per timme"),
    Part("hotspot_areas", C, hotspot_areas, "områden med flest observationer"),
    Part("rising_areas", C, rising_areas, "områden med snabbast ökning"),
    Part("hotspot_cells", V, hotspot_cells, "rutor om 250 m med flest observationer"),
    Part("rising_cells", V, rising_cells, "rutor om 250 m med snabbast ökning"),
    Part("points", R, points, "veckans observationer som punkter"),
    Part("serious", R, serious, "allvarliga händelser"),
    Part("serious_count", C, serious_count, "antal allvarliga händelser"),
    Part("open_after_14_days", R, open_after_14_days, "öppna efter 14 dagar"),
    Part("open_count", C, open_count, "antal öppna efter 14 dagar"),
    Part("silent_organisations", C, silent_organisations, "organisationer som inte loggade"),
    Part("trend", C, trend, "12 veckor per kategori"),
    Part("method", C, method, "metodens parametrar"),
]:
    snapshot.register(_part)


def compile_week(iso_year: int, iso_week: int) -> dict:
    """The snapshot of one ISO week for the whole municipality, as plain JSON-ready data."""
    ctx = WeekContext(iso_year, iso_week)
    data = {part.key: part.compute(ctx) for part in snapshot.parts()}
    snapshot.check(data)
    return data
