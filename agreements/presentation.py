"""A yearly report as people read it, in their language: each priority area with its analysis
of causes, indicators, åtgärdsplan rows and insatser, the words for statuses and sources
added. The snapshot itself stores only data."""

from django.utils.translation import gettext as _, gettext_noop

from observations.interventions.models import Intervention

from . import snapshot
from .models import Indicator, Measure

VERDICTS = {"better": gettext_noop("åt rätt håll"), "worse": gettext_noop("åt fel håll"),
            "same": gettext_noop("oförändrad")}


def verdict_text(verdict):
    return _(VERDICTS[verdict]) if verdict in VERDICTS else ""


def _label(choices, value):
    return str(dict(choices).get(value, value))


def measure_rows(measures):
    for row in measures:
        row["status_label"] = _label(Measure.Status.choices, row["status"])
        for insats in row["interventions"]:
            insats["status_label"] = _label(Intervention.Status.choices, insats["status"])
    return measures


def indicator_rows(indicators):
    for row in indicators:
        row["source_label"] = _label(Indicator.Source.choices, row["source"])
        row["direction_label"] = _label(Indicator.Direction.choices, row["direction"])
        row["verdict_label"] = verdict_text(row["verdict"])
    return indicators


def view_data(report, user) -> dict:
    """What the page and the PDF show: the reader's snapshot, one section per priority area,
    and the parts other apps added (each shown by the template it names)."""
    data = report.data_for(user)

    def by_area(rows):
        return {row["priority_area"]: row for row in rows}

    indicators = by_area(data.get("indicators", []))
    plan = by_area(data.get("action_plan", []))
    done = by_area(data.get("interventions", {}).get("by_priority_area", []))
    areas = [{
        **area, "cause": report.cause_for(area["id"]),
        "indicators": indicator_rows(indicators.get(area["id"], {}).get("indicators", [])),
        "measures": measure_rows(plan.get(area["id"], {}).get("measures", [])),
        "interventions": done.get(area["id"], {"done": 0, "by_type": []}),
    } for area in data.get("priority_areas", [])]
    for row in data.get("observations", {}).get("by_area", []):
        row["label"] = row["name"] or _("Utanför namngivna områden")
    return {
        "data": data, "areas": areas,
        "added_parts": [{"template": part.template, "value": data[part.key]}
                        for part in snapshot.parts() if part.template and part.key in data],
    }
