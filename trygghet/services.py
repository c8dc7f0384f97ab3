"""Writes and look-ups on the shared core: organisations, memberships and areas."""

from django.contrib.auth import get_user_model
from django.db import transaction

from . import geo
from .models import Area, Membership, Organisation


@transaction.atomic
def save_area(*, name: str, kind: str, geometry: dict, area: Area | None = None) -> Area:
    """Create or update an area after validating its polygon."""
    area = area or Area()
    area.name, area.kind, area.geometry = name, kind, geometry
    area.full_clean()
    area.save()
    return area


def _candidates(lat, lon):
    return Area.objects.filter(
        min_lon__lte=lon, max_lon__gte=lon, min_lat__lte=lat, max_lat__gte=lat
    ).only("id", "name", "kind", "geometry", "size")


def area_for_point(lat: float, lon: float) -> Area | None:
    """The most specific area (the smallest polygon) that holds the point, if any."""
    candidates = _candidates(lat, lon).exclude(kind=Area.Kind.KOMMUN).order_by("size", "id")
    for area in candidates:
        if geo.contains(area.geometry, lat, lon):
            return area
    return None


def inside_municipality(lat: float, lon: float) -> bool:
    """Whether the point lies within the municipality's boundary (any point, if none is set)."""
    boundaries = Area.objects.filter(kind=Area.Kind.KOMMUN)
    if not boundaries.exists():
        return True
    return any(geo.contains(area.geometry, lat, lon) for area in _candidates(lat, lon).filter(
        kind=Area.Kind.KOMMUN))


@transaction.atomic
def create_member(
    *, username: str, password: str, organisation: Organisation, role: str,
    first_name: str = "", last_name: str = "", email: str = "", is_staff: bool = False,
    is_superuser: bool = False,
):
    """Create a user who acts for one organisation with one role."""
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name,
        email=email, is_staff=is_staff, is_superuser=is_superuser,
    )
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    return user


def areas_within(area: Area) -> list[int]:
    """The ids of the area and of every area lying inside it (Bro centrum inside Bro)."""
    outer = geo.shape_of(area.geometry)
    inner = Area.objects.filter(
        min_lon__gte=area.min_lon, max_lon__lte=area.max_lon,
        min_lat__gte=area.min_lat, max_lat__lte=area.max_lat,
    ).exclude(kind=Area.Kind.KOMMUN).only("id", "geometry")
    ids = {area.pk}
    ids.update(a.pk for a in inner if outer.buffer(1e-9).covers(geo.shape_of(a.geometry)))
    return sorted(ids)


@transaction.atomic
def set_report_email(*, user, enabled: bool) -> Membership:
    """Whether the user gets an e-mail when a lägesbild is published."""
    membership = Membership.objects.select_for_update().get(user=user)
    membership.lagesbild_email = bool(enabled)
    membership.save(update_fields=["lagesbild_email"])
    return membership
