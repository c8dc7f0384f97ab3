"""Observations on a map, for a filtered set of any size: single points while the map's view
holds few enough to draw, otherwise counts per grid cell, counted in the database.

The map page's data and the API's GeoJSON are both answered here, so both show every row of the
filter: the counts of the cells add up to the number of filtered rows in the view.
"""

import math

from django import forms
from django.conf import settings
from django.db.models import Count, F, Sum
from django.db.models.functions import Floor
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The most single points one answer carries; a view holding more is answered with cells.
POINT_CAP = 1000
# A cell is a quarter of a 256 px map tile across: about 64 px on the screen at its zoom.
CELLS_PER_TILE = 4
MAX_ZOOM = 19
# Cells for a caller that does not say how far it is zoomed in (about 1 km across in Sweden).
DEFAULT_ZOOM = 12

ZOOM_ERROR = _("Zoomnivån ska vara ett heltal från 0 till 19.")
BBOX_ERROR = _("Utsnittet (bbox) ska vara fyra tal, väst,syd,öst,nord i grader (WGS84), med väst "
               "mindre än öst och syd mindre än nord.")


class MapViewForm(forms.Form):
    """Which part of the map is asked for: the zoom level, the view's bounding box and whether
    only cells will do (the heat map). Parsing only; every bad value is a Swedish field error."""

    zoom = forms.IntegerField(required=False, min_value=0, max_value=MAX_ZOOM, error_messages={
        "invalid": ZOOM_ERROR, "min_value": ZOOM_ERROR, "max_value": ZOOM_ERROR})
    bbox = forms.CharField(required=False, max_length=200, error_messages={"max_length": BBOX_ERROR})
    kind = forms.ChoiceField(required=False, choices=[("", ""), ("cells", "cells")],
                             error_messages={"invalid_choice": _("Ange kind=cells eller inget.")})

    def clean_bbox(self):
        text = self.cleaned_data["bbox"].strip()
        if not text:
            return None
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(BBOX_ERROR) from None
        if not all(math.isfinite(v) for v in (west, south, east, north)) or not (
                -180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise forms.ValidationError(BBOX_ERROR)
        return west, south, east, north


def cell_size(zoom):
    """(degrees of longitude, degrees of latitude) of a cell at a zoom level. One grid for the
    whole installation: latitude is narrowed by the cosine of the middle of the configured
    region, so that cells look square on the map there and do not move as the map is panned."""
    width = 360 / 2 ** zoom / CELLS_PER_TILE
    _west, south, _east, north = settings.MUNICIPALITY_REGION
    return width, width * math.cos(math.radians((south + north) / 2))


def map_collection(queryset, *, zoom=None, bbox=None, kind=""):
    """The rows of `queryset` (already narrowed to what the user may see and filtered) in the
    view as a GeoJSON FeatureCollection, and the ids of the restricted rows it shows one by one
    (their reads are to be logged). Points when the view holds at most POINT_CAP rows and
    cells are not asked for; otherwise one feature per grid cell with its count, no free text,
    no ids. A fixed number of queries, whatever the number of rows."""
    rows = queryset.order_by()
    if bbox is not None:
        west, south, east, north = bbox
        rows = rows.filter(longitude__gte=west, longitude__lte=east,
                           latitude__gte=south, latitude__lte=north)
    if kind != "cells":
        # Ids only and unordered, so that in a full view the database stops at the first
        # POINT_CAP + 1 rows instead of sorting or joining all of them.
        ids = list(rows.values_list("pk", flat=True)[:POINT_CAP + 1])
        if len(ids) <= POINT_CAP:
            return _points(list(rows.filter(pk__in=ids).values_list(*POINT_COLUMNS)))
    return _cells(rows, DEFAULT_ZOOM if zoom is None else zoom), []


POINT_COLUMNS = ("id", "longitude", "latitude", "category__name", "occurred_at", "severity",
                 "status", "area__name", "placement", "restricted")


def _points(found):
    # One reverse() for all rows: the detail address with a placeholder for the id.
    marker = 987654321
    url = reverse("observations:observation-detail", args=[marker]).replace(str(marker), "{}")
    zone = timezone.get_current_timezone()
    found.sort(key=lambda row: (row[4], row[0]), reverse=True)  # the newest first, as the list
    features, restricted = [], []
    for (pk, lon, lat, category, occurred_at, severity, status, area, placement,
         is_restricted) in found:
        if is_restricted:
            restricted.append(pk)
        features.append({
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
            "properties": {
                "kind": "point",
                "category": category,
                "occurred_at": occurred_at.astimezone(zone).isoformat(),
                "severity": severity,
                "status": status,
                "area": area,
                "placement": placement,
                "url": url.format(pk),
            },
        })
    return {"type": "FeatureCollection", "kind": "points", "count": len(features),
            "features": features}, restricted


def _cells(rows, zoom):
    width, height = cell_size(zoom)
    # Sums rather than averages: PostgreSQL then keeps the groups in a hash table; with
    # averages' larger state it estimates too much memory and sorts every row instead.
    cells = (
        rows.annotate(gx=Floor(F("longitude") / width), gy=Floor(F("latitude") / height))
        .values_list("gx", "gy")
        .annotate(n=Count("*"), lat=Sum("latitude"), lon=Sum("longitude"))
    )
    features, total = [], 0
    for gx, gy, count, lat_sum, lon_sum in cells:
        total += count
        lat, lon = lat_sum / count, lon_sum / count
        west, south = gx * width, gy * height
        features.append({
            "type": "Feature",
            # Where the cell's observations lie on average, so that a cell's marker sits on them.
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "kind": "cell",
                "count": count,
                "bounds": [round(west, 6), round(south, 6), round(west + width, 6),
                           round(south + height, 6)],
            },
        })
    return {"type": "FeatureCollection", "kind": "cells", "count": total, "zoom": zoom,
            "features": features}
