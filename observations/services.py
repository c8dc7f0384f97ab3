"""Every write to observations: the pages, the API and the demo loader call these."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet import permissions as roles
from trygghet.errors import DomainError
from trygghet.models import Area
from trygghet.services import area_for_point

from . import permissions
from .models import Category, Observation, ObservationAccess, ObservationEvent

EDITABLE_FIELDS = (
    "category", "occurred_at", "latitude", "longitude", "placement", "area",
    "place_description", "description", "severity", "people_count", "restricted",
)


def _place(observation, *, latitude, longitude, area):
    """Set where the observation happened: a point (its area derived from it), or, for those who
    cannot use the map, an area whose representative point stands in for it."""
    if latitude is not None and longitude is not None:
        observation.latitude, observation.longitude = float(latitude), float(longitude)
        observation.placement = Observation.Placement.POINT
        observation.area = area_for_point(observation.latitude, observation.longitude)
    elif area is not None:
        if area.is_boundary:
            raise ValidationError({"area": _("Välj ett område inom kommunen, inte hela kommunen.")})
        observation.latitude, observation.longitude = area.representative_point()
        observation.placement = Observation.Placement.AREA
        observation.area = area
    else:
        raise ValidationError(
            {"latitude": _("Ange var det hände: klicka i kartan eller välj ett område.")}
        )


@transaction.atomic
def log_observation(
    *,
    reporter,
    category: Category,
    occurred_at: datetime,
    severity: str = Observation.Severity.LOW,
    latitude: float | None = None,
    longitude: float | None = None,
    area: Area | None = None,
    place_description: str = "",
    description: str = "",
    people_count: int | None = None,
    restricted: bool = False,
) -> Observation:
    """Log what a partner saw; reporter and organisation are recorded from the user."""
    if not permissions.can_log(reporter):
        raise PermissionDenied(_("Din roll får inte logga observationer."))
    observation = Observation(
        reporter=reporter,
        organisation=roles.organisation_of(reporter),
        category=category,
        occurred_at=occurred_at,
        severity=severity,
        place_description=place_description or "",
        description=description or "",
        people_count=people_count,
        restricted=bool(restricted),
    )
    _place(observation, latitude=latitude, longitude=longitude, area=area)
    observation.full_clean()
    observation.save()
    ObservationEvent.objects.create(
        observation=observation, kind=ObservationEvent.Kind.CREATED, author=reporter,
        to_status=observation.status,
    )
    return observation


@transaction.atomic
def edit_observation(*, observation: Observation, by, **changes) -> Observation:
    """A reporter corrects their own observation within the edit window."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if not permissions.can_edit(by, observation):
        raise PermissionDenied(_("Du kan bara ändra dina egna observationer, och bara under %(h)s "
                                 "timmar efter att de loggades.") % {"h": settings.OBSERVATION_EDIT_HOURS})
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Dessa fält kan inte ändras: %s") % ", ".join(sorted(unknown)))
    location = {key: changes.pop(key) for key in ("latitude", "longitude", "area") if key in changes}
    changes.pop("placement", None)
    for field, value in changes.items():
        setattr(observation, field, value)
    if location:
        _place(
            observation,
            latitude=location.get("latitude"),
            longitude=location.get("longitude"),
            area=location.get("area"),
        )
    observation.full_clean()
    observation.save()
    ObservationEvent.objects.create(
        observation=observation, kind=ObservationEvent.Kind.EDITED, author=by
    )
    return observation


@transaction.atomic
def change_status(*, observation: Observation, to: str, by, comment: str = "") -> Observation:
    """A coordinator moves an observation along: new, in progress, resolved or no action."""
    if not permissions.can_change_status(by):
        raise PermissionDenied(_("Bara samordnare kan ändra status."))
    if to not in Observation.Status.values:
        raise DomainError(_("Okänd status."), field="status")
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if to == observation.status:
        raise DomainError(_("Observationen har redan den statusen."), field="status")
    event = ObservationEvent(
        observation=observation, kind=ObservationEvent.Kind.STATUS, author=by,
        from_status=observation.status, to_status=to, comment=comment or "",
    )
    event.full_clean()
    observation.status = to
    observation.closed_at = None if to in Observation.OPEN_STATUSES else timezone.now()
    observation.save(update_fields=["status", "closed_at", "updated_at"])
    event.save()
    return observation


@transaction.atomic
def add_comment(*, observation: Observation, by, text: str) -> ObservationEvent:
    """A coordinator's follow-up comment in the observation's history."""
    if not permissions.can_comment(by):
        raise PermissionDenied(_("Bara samordnare kan kommentera."))
    if not (text or "").strip():
        raise ValidationError({"comment": _("Skriv en kommentar.")})
    event = ObservationEvent(
        observation=observation, kind=ObservationEvent.Kind.COMMENT, author=by, comment=text.strip()
    )
    event.full_clean()
    event.save()
    return event


def record_read(*, observations, user, via: str) -> None:
    """Log who read restricted observations, and through which path (page, api, map)."""
    entries = [
        ObservationAccess(observation_id=o.pk, user=user, via=via)
        for o in observations if o.restricted
    ]
    if entries:
        ObservationAccess.objects.bulk_create(entries)


@transaction.atomic
def erase_expired_text(*, now: datetime | None = None) -> int:
    """Erase free text (which may hold personal data) from observations closed longer than the
    retention period. Counts, categories, places and times stay for the statistics."""
    days = settings.OBSERVATION_TEXT_RETENTION_DAYS
    if days <= 0:
        return 0
    now = now or timezone.now()
    expired = Observation.objects.filter(
        closed_at__lt=now - timedelta(days=days), text_erased_at__isnull=True
    )
    ids = list(expired.values_list("pk", flat=True)[:10000])
    if not ids:
        return 0
    ObservationEvent.objects.filter(observation_id__in=ids).exclude(comment="").update(comment="")
    return Observation.objects.filter(pk__in=ids).update(
        description="", place_description="", text_erased_at=now
    )
