"""A snapshot as people read it, in their language: weekday names, week labels, the name of
"outside the named areas". The snapshot itself stores only data."""

from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
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


def decimal(value):
    """A number as the reader's language writes it (9,2 in Swedish): what Excel expects."""
    if value is None:
        return ""
    return number_format(value, use_l10n=True)


def view_data(report, user) -> dict:
    """What the page and the PDF show: the user's snapshot with the words added."""
    data = report.data_for(user)
    data["weekday_rows"] = list(zip(weekday_names(), data.get("by_weekday", [])))
    trend = data.get("trend")
    if trend:
        data["trend_labels"] = [week_text(year, week) for year, week in trend["weeks"]]
    for key in ("by_area", "hotspot_areas", "rising_areas"):
        for row in data.get(key, []):
            row["label"] = area_name(row)
    # Parts other apps add, each shown by the template it names.
    data["added_parts"] = [{"template": part.template, "value": data[part.key]}
                           for part in snapshot.parts() if part.template and part.key in data]
    return data
