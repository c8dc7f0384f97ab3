"""A snapshot as people read it, in their language: weekday names, week labels, the name of
"outside the named areas", links from its figures to the observations behind them. The
snapshot itself stores only data."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _, gettext_noop

from . import snapshot

FLAG_LABELS = {"up": gettext_noop("markant upp"), "down": gettext_noop("markant ned")}


def weekday_names():
    return [str(WEEKDAYS[d]) for d in range(7)]


def week_text(year, week):
    return _("v. %(week)s") % {"week": week}


def area_name(row):
    return row["name"] if row.get("name") else _("Utanför namngivna områden")


def flag_text(flag):
    return _(FLAG_LABELS[flag]) if flag in FLAG_LABELS else ""


OPEN_LIST_LIMIT = 30
HEAT_LEVELS = 5


def list_url(**filters) -> str:
    """The observation list filtered so (the list shows observations as they are now)."""
    query = urlencode([(key, value) for key, values in filters.items()
                       for value in (values if isinstance(values, (list, tuple)) else [values])
                       if value not in (None, "")])
    return reverse("observations:observation-list") + (f"?{query}" if query else "")


def _heat_grid(grid):
    """The weekday × hour counts with a shade level per cell (0 for none, up to HEAT_LEVELS)."""
    top = max((n for row in grid for n in row), default=0)
    return [
        {"day": str(WEEKDAYS_ABBR[day]), "day_name": str(WEEKDAYS[day]), "total": sum(row),
         "cells": [{"hour": hour, "count": n,
                    "level": 0 if not n else max(1, round(HEAT_LEVELS * n / top))}
                   for hour, n in enumerate(row)]}
        for day, row in enumerate(grid)
    ]


def view_data(report, user) -> dict:
    """What the page and the PDF show: the user's snapshot with the words and links added."""
    data = report.data_for(user)
    period = data.get("period", {})
    first, last = period.get("first_day"), period.get("last_day")
    week = {"occurred_from": first, "occurred_to": last}
    data["weekday_rows"] = list(zip(weekday_names(), data.get("by_weekday", [])))
    if "weekday_hour" in data:
        data["heat_grid"] = _heat_grid(data["weekday_hour"])
        data["hours"] = [f"{hour:02d}" for hour in range(24)]
    trend = data.get("trend")
    if trend:
        data["trend_labels"] = [week_text(year, number) for year, number in trend["weeks"]]
    for key in ("by_area", "hotspot_areas", "rising_areas"):
        for row in data.get(key, []):
            row["label"] = area_name(row)
            row["url"] = list_url(area=row.get("id"), **week) if row.get("id") else None
    for row in data.get("by_category", []):
        row["url"] = list_url(category=row["id"], **week)
    for key in ("serious", "open_after_14_days"):
        for row in data.get(key, []):
            row["url"] = reverse("observations:observation-detail", args=[row["id"]])
    links = {"total": list_url(**week), "serious": list_url(severity="high", **week)}
    if last:
        stale_to = date.fromisoformat(last) - timedelta(days=data.get("method", {}).get(
            "open_after_days", 14))
        links["open"] = list_url(status=["new", "in_progress"], occurred_to=stale_to.isoformat())
    data["links"] = links
    data["open_shown"] = data.get("open_after_14_days", [])[:OPEN_LIST_LIMIT]
    data["open_more"] = max(0, data.get("open_count", 0) - len(data["open_shown"]))
    # Parts other apps add, each shown by the template it names.
    data["added_parts"] = [{"template": part.template, "value": data[part.key]}
                           for part in snapshot.parts() if part.template and part.key in data]
    return data
