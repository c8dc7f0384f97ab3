"""Compiling the weekly lägesbild: what happened in one ISO week and what is changing.

Counts are computed in the database (grouped queries over an indexed time range), so the
compile's time and memory depend on the weeks it reads, not on the size of the table.
"""

import math
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, F, IntegerField
from django.db.models.functions import Cast, Floor, TruncWeek
from django.utils import timezone

from trygghet.models import Area, Organisation

from .models import Category, Observation

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


def week_bounds(iso_year, iso_week):
    """Monday 00:00 to the next Monday 00:00 in local time, right across clock changes."""
    monday = date.fromisocalendar(iso_year, iso_week, 1)
    start = timezone.make_aware(datetime.combine(monday, time.min))
    end = timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))
    return start, end


def week_just_ended(now=None):
    """The ISO week before the one the local date of `now` is in."""
    local = timezone.localtime(now or timezone.now())
    year, week, _ = (local.date() - timedelta(days=7)).isocalendar()
    return year, week


def shift_week(iso_year, iso_week, weeks):
    year, week, _ = (date.fromisocalendar(iso_year, iso_week, 1) + timedelta(weeks=weeks)).isocalendar()
    return year, week


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


def _local_week_counts(queryset, start, end):
    """Counts by (local ISO week's Monday, category, area) for a period, from one grouped query.
    The week comes back as a plain date: thousands of rows without a time-zone conversion each."""
    rows = (
        queryset.filter(occurred_at__gte=start, occurred_at__lt=end)
        .annotate(monday=Cast(TruncWeek("occurred_at"), DateField()))
        .values_list("monday", "category_id", "area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return list(rows)


def _cell_counts(queryset, start, end):
    rows = (
        queryset.filter(occurred_at__gte=start, occurred_at__lt=end)
        .annotate(
            cy=Cast(Floor(F("latitude") / CELL_LAT), IntegerField()),
            cx=Cast(Floor(F("longitude") / CELL_LON), IntegerField()),
        )
        .values("cy", "cx").annotate(n=Count("id")).order_by()
    )
    return {(r["cy"], r["cx"]): r["n"] for r in rows}


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


def compile_week(iso_year, iso_week):
    """The snapshot of one ISO week for the whole municipality, as plain JSON-ready data."""
    start, end = week_bounds(iso_year, iso_week)
    trend_start, _ = week_bounds(*shift_week(iso_year, iso_week, -(TREND_WEEKS - 1)))
    observations = Observation.objects.all()

    # One grouped query gives this week, the week before, the four-week mean and the trend.
    week_index = {
        date.fromisocalendar(*shift_week(iso_year, iso_week, -offset), 1): offset
        for offset in range(TREND_WEEKS)
    }
    per_week = defaultdict(Counter)  # offset -> Counter of ("c", id) / ("a", id) / "total"
    for week_key, category_id, area_id, n in _local_week_counts(observations, trend_start, end):
        offset = week_index.get(week_key)
        if offset is None:
            continue
        bucket = per_week[offset]
        bucket["total"] += n
        bucket[("c", category_id)] += n
        bucket[("a", area_id)] += n
    last_year = None
    if date(iso_year - 1, 12, 28).isocalendar()[1] >= iso_week:
        ly_start, ly_end = week_bounds(iso_year - 1, iso_week)
        last_year = Counter()
        for _week, category_id, area_id, n in _local_week_counts(observations, ly_start, ly_end):
            last_year["total"] += n
            last_year[("c", category_id)] += n
            last_year[("a", area_id)] += n

    def figures(key):
        count = per_week[0][key]
        mean4 = sum(per_week[o][key] for o in range(1, 5)) / 4
        return {
            "count": count,
            "previous": per_week[1][key],
            "change_previous": _change(count, per_week[1][key]),
            "mean4": round(mean4, 1),
            "change_mean4": _change(count, mean4),
            "last_year": last_year[key] if last_year is not None else None,
            "flag": trend_flag(count, mean4),
        }

    categories = list(Category.objects.order_by("order", "name"))
    by_category = [dict(id=c.pk, name=c.name, **figures(("c", c.pk))) for c in categories]
    by_category = [row for row in by_category if row["count"] or row["previous"] or row["mean4"]]
    areas = list(Area.objects.exclude(kind=Area.Kind.KOMMUN).order_by("name"))
    by_area = [dict(id=a.pk, name=a.name, **figures(("a", a.pk))) for a in areas]
    outside = figures(("a", None))
    if outside["count"] or outside["mean4"]:
        by_area.append(dict(id=None, name="Utanför namngivna områden", **outside))

    # The week's own rows (a few thousand at most) give the map points, weekday and hour, and
    # the grid cells in one pass.
    week = observations.filter(occurred_at__gte=start, occurred_at__lt=end)
    local_zone = timezone.get_current_timezone()
    weekday_hour = [[0] * 24 for _ in range(7)]
    cells = Counter()
    points = []
    for lat, lon, severity, restricted, occurred in week.values_list(
            "latitude", "longitude", "severity", "restricted", "occurred_at"):
        local = occurred.astimezone(local_zone)
        weekday_hour[local.weekday()][local.hour] += 1
        cells[(math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON))] += 1
        points.append([round(lat, 5), round(lon, 5), severity, restricted])
    before_start, _ = week_bounds(*shift_week(iso_year, iso_week, -4))
    cells_before = _cell_counts(observations, before_start, start)

    def cell(key, n):
        cy, cx = key
        mean4 = cells_before.get(key, 0) / 4
        return {"south": round(cy * CELL_LAT, 6), "west": round(cx * CELL_LON, 6),
                "north": round((cy + 1) * CELL_LAT, 6), "east": round((cx + 1) * CELL_LON, 6),
                "count": n, "mean4": mean4, "flag": trend_flag(n, mean4)}

    hot_cells = [cell(k, n) for k, n in sorted(cells.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
    rising_cells = sorted(
        (cell(k, n) for k, n in cells.items()), key=lambda c: (-(c["count"] - c["mean4"]), -c["count"])
    )[:5]
    rising_cells = [c for c in rising_cells if c["count"] > c["mean4"]]

    serious = week.filter(severity=Observation.Severity.HIGH).order_by("occurred_at")
    stale_before = end - timedelta(days=OPEN_AFTER_DAYS)
    still_open = observations.open().filter(occurred_at__lt=stale_before).order_by("occurred_at")
    logged = set(observations.filter(logged_at__gte=start, logged_at__lt=end)
                 .values_list("organisation_id", flat=True).distinct())
    silent = [o.name for o in Organisation.objects.filter(active=True).order_by("name")
              if o.pk not in logged]

    trend_labels = []
    for offset in range(TREND_WEEKS - 1, -1, -1):
        y, w = shift_week(iso_year, iso_week, -offset)
        trend_labels.append(f"v. {w}")
    trend = {
        "labels": trend_labels,
        "series": [
            {"name": c.name, "counts": [per_week[o][("c", c.pk)] for o in range(TREND_WEEKS - 1, -1, -1)]}
            for c in categories if any(per_week[o][("c", c.pk)] for o in range(TREND_WEEKS))
        ],
        "totals": [per_week[o]["total"] for o in range(TREND_WEEKS - 1, -1, -1)],
    }

    total = figures("total")
    return {
        "year": iso_year, "week": iso_week,
        "start": start.isoformat(), "end": end.isoformat(),
        "first_day": start.date().isoformat(),
        "last_day": (timezone.localtime(end) - timedelta(days=1)).date().isoformat(),
        "total": total,
        "open_count": still_open.count(),
        "serious_count": serious.count(),
        "by_category": by_category,
        "by_area": sorted(by_area, key=lambda r: (-r["count"], r["name"])),
        "by_weekday": [sum(row) for row in weekday_hour],
        "by_hour": [sum(weekday_hour[d][h] for d in range(7)) for h in range(24)],
        "weekday_hour": weekday_hour,
        "hotspots": {
            "areas": sorted((r for r in by_area if r["count"]), key=lambda r: -r["count"])[:5],
            "rising_areas": sorted(
                (r for r in by_area if r["count"] > r["mean4"]),
                key=lambda r: (-(r["count"] - r["mean4"]), r["name"]))[:5],
            "cells": hot_cells,
            "rising_cells": rising_cells,
        },
        "serious": _row_list(serious),
        "open_after_14_days": _row_list(still_open),
        "silent_organisations": silent,
        "trend": trend,
        "points": points,
        "method": {"significance": SIGNIFICANCE, "min_count": MIN_COUNT,
                   "cell_m": 250, "open_after_days": OPEN_AFTER_DAYS},
    }
