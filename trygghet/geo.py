"""Geometry of areas: GeoJSON polygons in WGS84, validated and queried with shapely."""

from functools import lru_cache
import json

from shapely.geometry import Point, shape
from shapely.validation import explain_validity


class GeometryError(ValueError):
    pass


def _check_rings(coordinates):
    for ring in coordinates:
        if len(ring) < 4:
            raise GeometryError("En ring måste ha minst fyra punkter.")
        if list(ring[0]) != list(ring[-1]):
            raise GeometryError("Ringen är inte sluten: första och sista punkten måste vara lika.")
        for position in ring:
            if len(position) < 2:
                raise GeometryError("Varje punkt måste ha longitud och latitud.")
            lon, lat = position[0], position[1]
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise GeometryError("Koordinaterna måste vara WGS84: longitud, latitud.")


def parse_polygon(geometry):
    """Return a shapely (Multi)Polygon for a GeoJSON geometry, or raise GeometryError."""
    if isinstance(geometry, str):
        try:
            geometry = json.loads(geometry)
        except ValueError:
            raise GeometryError("Geometrin är inte giltig JSON.") from None
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise GeometryError("Geometrin måste vara en GeoJSON Polygon eller MultiPolygon.")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError("Geometrin saknar koordinater.")
    try:
        polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
        for polygon in polygons:
            _check_rings(polygon)
        result = shape(geometry)
    except (TypeError, IndexError, ValueError) as error:
        if isinstance(error, GeometryError):
            raise
        raise GeometryError("Geometrins koordinater har fel form.") from None
    if not result.is_valid:
        raise GeometryError(f"Geometrin är ogiltig: {explain_validity(result)}.")
    if result.is_empty:
        raise GeometryError("Geometrin är tom.")
    return result


@lru_cache(maxsize=4096)
def _cached_shape(geometry_json):
    return parse_polygon(json.loads(geometry_json)).buffer(0)


def shape_of(geometry):
    return _cached_shape(json.dumps(geometry, sort_keys=True))


def contains(geometry, lat, lon):
    return shape_of(geometry).covers(Point(lon, lat))
