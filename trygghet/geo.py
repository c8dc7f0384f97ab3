"""Geometry of areas: GeoJSON polygons in WGS84, validated and queried with shapely.

Input is checked for its exact shape before shapely sees it: a polygon is a list of rings, a
ring a list of positions, a position two finite numbers. Anything else (a ring given as an
object, booleans, a string where a list belongs, nesting thousands of levels deep) is a
GeometryError with a message for the person who typed it, never an exception from deep inside.
"""

import json
import math
from functools import lru_cache

from shapely.geometry import Point, shape
from shapely.validation import explain_validity

# Why shapely finds a polygon invalid, in words for the person who drew it.
INVALID_REASONS = [
    ("Self-intersection", "Polygonen korsar sig själv."),
    ("Ring Self-intersection", "En ring korsar sig själv."),
    ("Too few points", "Polygonen har ingen yta: hörnen ligger på en linje eller på varandra."),
    ("Hole lies outside shell", "Ett hål ligger utanför polygonen."),
    ("Nested shells", "Polygonerna ligger i varandra."),
    ("Nested holes", "Hålen ligger i varandra."),
    ("Interior is disconnected", "Hålen delar polygonen i flera delar."),
    ("Duplicate Rings", "Samma ring finns två gånger."),
]


def _invalid_reason(result):
    explanation = explain_validity(result)
    for english, swedish in INVALID_REASONS:
        if explanation.startswith(english):
            return f"Geometrin är ogiltig: {swedish}"
    return "Geometrin är ogiltig: polygonen korsar sig själv eller saknar yta."

# Enough for a detailed municipal boundary; a bound on what one save may ask shapely to do.
MAX_POSITIONS = 50_000
MAX_POLYGONS = 1_000


class GeometryError(ValueError):
    pass


def _number(value):
    # bool is an int in Python; true and false are not coordinates.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise GeometryError("Koordinaterna måste vara tal: [longitud, latitud].")
    return float(value)


def _position(value):
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise GeometryError("Varje punkt måste vara en lista [longitud, latitud].")
    lon, lat = _number(value[0]), _number(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError("Koordinaterna måste vara WGS84: longitud mellan -180 och 180, "
                            "latitud mellan -90 och 90.")
    return [lon, lat]


def _ring(value):
    if not isinstance(value, list):
        raise GeometryError("En ring måste vara en lista av punkter.")
    if len(value) < 4:
        raise GeometryError("En ring måste ha minst fyra punkter.")
    ring = [_position(position) for position in value]
    if ring[0] != ring[-1]:
        raise GeometryError("Ringen är inte sluten: första och sista punkten måste vara lika.")
    return ring


def _polygon(value):
    if not isinstance(value, list) or not value:
        raise GeometryError("En polygon måste vara en lista av ringar.")
    return [_ring(ring) for ring in value]


def _count_positions(coordinates, depth):
    """Positions in nested lists of a known depth, counted without recursion."""
    level = [coordinates]
    for _ in range(depth):
        level = [item for items in level if isinstance(items, list) for item in items]
        if len(level) > MAX_POSITIONS * 2:
            break
    return len(level)


def normalise(geometry) -> dict:
    """The GeoJSON Polygon or MultiPolygon as a plain dict of floats, or GeometryError.

    A JSON string is parsed first: an admin form or an import may hand one over, and a string
    stored in place of an object would leave every map empty.
    """
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except (ValueError, RecursionError):
            raise GeometryError("Geometrin är inte giltig JSON.") from None
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise GeometryError("Geometrin måste vara en GeoJSON Polygon eller MultiPolygon.")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError("Geometrin saknar koordinater.")
    multi = geometry["type"] == "MultiPolygon"
    if _count_positions(coordinates, 3 if multi else 2) > MAX_POSITIONS:
        raise GeometryError(f"Geometrin har för många punkter (högst {MAX_POSITIONS}).")
    if multi:
        if len(coordinates) > MAX_POLYGONS:
            raise GeometryError(f"Geometrin har för många polygoner (högst {MAX_POLYGONS}).")
        polygons = [_polygon(polygon) for polygon in coordinates]
        return {"type": "MultiPolygon", "coordinates": polygons}
    return {"type": "Polygon", "coordinates": _polygon(coordinates)}


def parse_polygon(geometry):
    """A shapely (Multi)Polygon for a GeoJSON geometry, or GeometryError."""
    result = shape(normalise(geometry))
    if result.is_empty:
        raise GeometryError("Geometrin är tom.")
    if not result.is_valid:
        raise GeometryError(_invalid_reason(result))
    return result


@lru_cache(maxsize=4096)
def _cached_shape(geometry_json):
    # buffer(0) mends rings that touch themselves in a point, which GeoJSON from drawing tools
    # often has; covers() on the mended shape answers for points on the edge too.
    return parse_polygon(json.loads(geometry_json)).buffer(0)


def shape_of(geometry):
    return _cached_shape(json.dumps(geometry, sort_keys=True))


def contains(geometry, lat, lon):
    return shape_of(geometry).covers(Point(lon, lat))
