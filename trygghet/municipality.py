"""The municipality the installation serves, read from data: its boundary area gives the name,
the outline and where maps start. Nothing about a particular municipality is written in code."""

from dataclasses import dataclass

from django.conf import settings

from . import geo
from .models import Area


@dataclass(frozen=True)
class Municipality:
    name: str
    # (west, south, east, north) of the boundary, or of the configured region without one.
    bounds: tuple[float, float, float, float]
    boundary: Area | None

    @property
    def centre(self) -> tuple[float, float]:
        """(lat, lon): a point inside the boundary, or the middle of the region."""
        if self.boundary is not None:
            point = geo.shape_of(self.boundary.geometry).representative_point()
            return round(point.y, 5), round(point.x, 5)
        west, south, east, north = self.bounds
        return round((south + north) / 2, 5), round((west + east) / 2, 5)


def current() -> Municipality:
    """The municipality as the data says today (one small query)."""
    boundary = Area.objects.boundaries().only(
        "name", "geometry", "min_lon", "min_lat", "max_lon", "max_lat").first()
    if boundary is None:
        return Municipality(name=settings.MUNICIPALITY_NAME, bounds=tuple(settings.MUNICIPALITY_REGION),
                            boundary=None)
    return Municipality(
        name=boundary.name,
        bounds=(boundary.min_lon, boundary.min_lat, boundary.max_lon, boundary.max_lat),
        boundary=boundary,
    )
