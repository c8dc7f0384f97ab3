"""Who may see which rows: the base every app's querysets build on, and the core's own."""

from dataclasses import dataclass

import numpy
import shapely
from django.db import models
from django.dispatch import Signal
from shapely.geometry import Point
from shapely.prepared import prep

from . import geo, permissions


# Sent after a queryset's update() (and bulk_update(), which updates through it) with the
# model as sender: a change of rows that sends no post_save, for those who keep what a table
# holds (trygghet.options, trygghet.members).
rows_updated = Signal()


class VisibleQuerySet(models.QuerySet):
    """A queryset whose rows depend on who asks.

    `visible_to(user)` answers here, once, for those who see nothing (nobody, anonymous,
    deactivated, or a user who acts for no organisation), and asks `for_member(user)` for the
    rest. Subclasses write only `for_member`; pages and the API only call `visible_to`.
    """

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not user.is_superuser and permissions.membership_of(user) is None:
            return self.none()
        return self.for_member(user)

    def for_member(self, user):
        raise NotImplementedError(f"{type(self).__name__} must say what a member may see")

    def update(self, **kwargs):
        updated = super().update(**kwargs)
        rows_updated.send(sender=self.model)
        return updated

    update.alters_data = True


class SharedQuerySet(VisibleQuerySet):
    """Rows every member of the collaboration may see (categories, organisations, areas)."""

    def for_member(self, user):
        return self


class AdministratorsQuerySet(VisibleQuerySet):
    """Logs only administrators read (the audit trail, the read log)."""

    def for_member(self, user):
        return self if permissions.is_administrator(user) else self.none()


class OwnRowsQuerySet(VisibleQuerySet):
    """Rows that belong to one user (their membership, their idempotency records)."""

    owner_field = "user"

    def for_member(self, user):
        if permissions.is_administrator(user):
            return self
        return self.filter(**{self.owner_field: user})


@dataclass(frozen=True)
class Location:
    """Where a point lies: the areas holding it (smallest first) and whether it is inside the
    municipality (any point is, while no boundary is set)."""

    areas: tuple
    inside_municipality: bool

    @property
    def area(self):
        """The most specific named area holding the point, or None."""
        return next((a for a in self.areas if not a.is_boundary), None)


class Locator:
    """Where many points lie, against areas loaded once: the answers of
    `AreaQuerySet.locate` without a query per point (a bulk import of thousands of rows)."""

    def __init__(self, areas):
        self.areas = sorted(areas, key=lambda a: (a.size, a.pk))
        self.shapes = [prep(geo.shape_of(a.geometry)) for a in self.areas]
        self.has_boundary = any(a.is_boundary for a in self.areas)

    def locate(self, lat: float, lon: float) -> Location:
        point = Point(lon, lat)
        holding = tuple(
            area for area, shape in zip(self.areas, self.shapes)
            if (area.is_boundary or (area.min_lon <= lon <= area.max_lon
                                     and area.min_lat <= lat <= area.max_lat))
            and shape.covers(point))
        inside = not self.has_boundary or any(a.is_boundary for a in holding)
        return Location(areas=holding, inside_municipality=inside)

    def locating(self, points) -> "Locator":
        """This Locator with the answers for `points` ((lat, lon) pairs) worked out together:
        shapely tests each area against every point in one call, where `locate` tests the
        points one by one in Python (a bulk import of thousands of rows)."""
        return _Located(self, points)


class _Located:
    """A Locator's answers for many points, worked out at once; any other point is asked of
    the Locator."""

    def __init__(self, locator, points):
        self.locator = locator
        points = list(dict.fromkeys(points))
        self.answers = {}
        if not points or not locator.areas:
            return
        lats = numpy.fromiter((lat for lat, _lon in points), float, len(points))
        lons = numpy.fromiter((lon for _lat, lon in points), float, len(points))
        geometries = [geo.shape_of(area.geometry) for area in locator.areas]
        shapely.prepare(geometries)
        # A point intersects a polygon where the polygon covers it (inside or on its edge).
        holds = numpy.column_stack([shapely.intersects_xy(g, lons, lats) for g in geometries])
        locations = {}
        for point, row in zip(points, holds):
            key = row.tobytes()
            if key not in locations:
                holding = tuple(a for a, held in zip(locator.areas, row) if held)
                inside = not locator.has_boundary or any(a.is_boundary for a in holding)
                locations[key] = Location(areas=holding, inside_municipality=inside)
            self.answers[point] = locations[key]

    def locate(self, lat: float, lon: float) -> Location:
        answer = self.answers.get((lat, lon))
        return answer if answer is not None else self.locator.locate(lat, lon)


class AreaQuerySet(SharedQuerySet):
    def boundaries(self):
        return self.filter(kind="kommun")

    def named(self):
        """Areas inside the municipality, without its boundary."""
        return self.exclude(kind="kommun")

    def locate(self, lat: float, lon: float) -> Location:
        """Where the point lies, from one query: the database narrows the candidates by
        bounding box (and brings the boundary along), shapely answers exactly."""
        candidates = self.filter(
            models.Q(min_lon__lte=lon, max_lon__gte=lon, min_lat__lte=lat, max_lat__gte=lat)
            | models.Q(kind="kommun")
        ).only("id", "name", "kind", "geometry", "size").order_by("size", "id")
        candidates = list(candidates)
        holding = tuple(a for a in candidates if geo.contains(a.geometry, lat, lon))
        has_boundary = any(a.is_boundary for a in candidates)
        inside = not has_boundary or any(a.is_boundary for a in holding)
        return Location(areas=holding, inside_municipality=inside)

    def locator(self) -> Locator:
        """Every area, loaded once, to locate many points (see Locator)."""
        return Locator(self.all())

    def containing(self, lat: float, lon: float) -> list:
        """The areas that hold the point, smallest (most specific) first, the boundary last."""
        return list(self.locate(lat, lon).areas)

    def most_specific(self, lat: float, lon: float):
        """The smallest named area holding the point, or None."""
        return self.locate(lat, lon).area

    def is_inside_municipality(self, lat: float, lon: float) -> bool:
        return self.locate(lat, lon).inside_municipality

    def within(self, area) -> list[int]:
        """The ids of the area and of every named area lying inside it (Bro centrum in Bro)."""
        outer = geo.shape_of(area.geometry).buffer(1e-9)
        inner = self.named().filter(
            min_lon__gte=area.min_lon, max_lon__lte=area.max_lon,
            min_lat__gte=area.min_lat, max_lat__lte=area.max_lat,
        ).only("id", "geometry")
        ids = {area.pk}
        ids.update(a.pk for a in inner if outer.covers(geo.shape_of(a.geometry)))
        return sorted(ids)


class MembershipQuerySet(OwnRowsQuerySet):
    pass
