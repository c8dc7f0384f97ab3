import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from shapely.geometry import box

from . import geo
from .choices import AreaKind, OrganisationKind, Role
from .querysets import (
    AdministratorsQuerySet,
    AreaQuerySet,
    MembershipQuerySet,
    OwnRowsQuerySet,
    SharedQuerySet,
)


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    active = models.BooleanField(_("aktiv"), default=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """The one organisation a user acts for, and the role they have there."""

    Role = Role

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    lagesbild_email = models.BooleanField(
        _("e-post när en lägesbild publiceras"), default=False
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self):
        return f"{self.user} ({self.organisation}, {self.get_role_display()})"


class Area(models.Model):
    """A named polygon. The area of kind 'kommun' is the municipality's boundary: its name is
    the municipality's name and maps centre on it."""

    Kind = AreaKind

    name = models.CharField(_("namn"), max_length=120, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ANNAT)
    geometry = models.JSONField(
        _("geometri"), help_text=_("GeoJSON Polygon eller MultiPolygon i WGS84 (longitud, latitud).")
    )
    # Bounding box and size, derived from the geometry in clean(): they let the database narrow
    # the candidates for a point before shapely answers exactly, and rank nested areas.
    min_lon = models.FloatField(editable=False, default=0)
    min_lat = models.FloatField(editable=False, default=0)
    max_lon = models.FloatField(editable=False, default=0)
    max_lat = models.FloatField(editable=False, default=0)
    size = models.FloatField(editable=False, default=0)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        indexes = [models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"])]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # The geometry is normalised before the fields are checked: a JSON string becomes the
        # object it holds, and nesting too deep for Python is refused here rather than in
        # JSONField's own check, which would recurse.
        errors = {}
        try:
            self.geometry = geo.normalise(self.geometry)
        except geo.GeometryError as error:
            errors["geometry"] = [str(error)]
            exclude = set(exclude or ()) | {"geometry"}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
        if errors:
            raise ValidationError(errors)

    def clean(self):
        try:
            shape = geo.parse_polygon(self.geometry)
        except geo.GeometryError as error:
            raise ValidationError({"geometry": str(error)}) from None
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = shape.bounds
        self.size = shape.area
        if self.is_boundary:
            self._clean_boundary(shape)
        else:
            self._clean_inside_boundary(shape)

    def _clean_boundary(self, shape):
        others = Area.objects.boundaries().exclude(pk=self.pk)
        if others.exists():
            raise ValidationError({"kind": _("Det finns redan en kommungräns: %(name)s.")
                                   % {"name": others.first().name}})
        west, south, east, north = settings.MUNICIPALITY_REGION
        if not box(west, south, east, north).contains(shape):
            raise ValidationError({"geometry": _(
                "Kommungränsen ligger inte i det förväntade området. Har longitud och latitud "
                "bytt plats? GeoJSON anger longitud först.")})

    def _clean_inside_boundary(self, shape):
        boundary = Area.objects.boundaries().exclude(pk=self.pk).only("geometry").first()
        if boundary and not geo.shape_of(boundary.geometry).intersects(shape):
            raise ValidationError({"geometry": _(
                "Området ligger helt utanför kommungränsen. Har longitud och latitud bytt "
                "plats? GeoJSON anger longitud först.")})

    @property
    def is_boundary(self):
        return self.kind == self.Kind.KOMMUN

    def representative_point(self):
        """A point surely inside the area, as (lat, lon): where an observation placed only by
        its area is drawn."""
        point = geo.shape_of(self.geometry).representative_point()
        return round(point.y, 6), round(point.x, 6)


class AuditEntry(models.Model):
    """One change of state: who, when, what verb, which object, and a small JSON of what
    changed. Written by `trygghet.audit.record` inside the transaction of the change."""

    # The entry names who and what as it found them and is never changed by them: the object
    # by type and id (no constraint, as for any model's rows), the user and the type without
    # a constraint in the database either. Removing a user still sets `actor` to null and a
    # type with entries is still protected (Django does both), and every entry written (a
    # thousand with a bulk import) is not checked against two tables at the commit.
    at = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("vem"), db_constraint=False,
    )
    # Kept when the user is removed, and "system" for scheduled jobs.
    actor_name = models.CharField(_("vem (namn)"), max_length=150)
    verb = models.CharField(_("vad"), max_length=60, db_index=True)
    # Found by the index on (content_type, object_id, at) below: no index of its own.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("typ av objekt"), db_constraint=False, db_index=False,
    )
    object_id = models.CharField(_("objektets id"), max_length=64, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=200, blank=True)
    changes = models.JSONField(_("ändringar"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AdministratorsQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("händelse i granskningsloggen")
        verbose_name_plural = _("granskningslogg")
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.object_repr}"


class IdempotencyRecord(models.Model):
    """The first answer to a request sent with a key (an API client's Idempotency-Key, a form's
    submission id): the same key within 24 hours gets this answer instead of a second effect."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    # A hash of what was sent: the same key with a different request is refused.
    fingerprint = models.CharField(max_length=64)
    result = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"],
                                               name="one_answer_per_key")]


class SideEffect(models.Model):
    """A side effect that must happen once (a mail to one person about one report, the
    Monday compile of one week), recorded under a lock before it happens."""

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(default=timezone.now)

    objects = AdministratorsQuerySet.as_manager()

    def __str__(self):
        return self.key


class OutboxMessage(models.Model):
    """A task to run, written in the transaction that asked for it. It is sent to the broker
    after the commit; if the broker cannot take it, a periodic sweep sends it later. Its id is
    the Celery task id, and a task that succeeds marks its message done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = AdministratorsQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["done_at", "failed_at", "sent_at"])]

    def __str__(self):
        return f"{self.task}{self.args}"


class LastVisit(models.Model):
    """When a member last opened a page that tells them what is new (the start page, the
    observation log), one row per member and page name: what "new since your last visit"
    counts from. A read marker, like the read log, not a change anyone else sees."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    name = models.CharField(max_length=100)
    at = models.DateTimeField()

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "name"],
                                               name="one_last_visit_per_page")]

    def __str__(self):
        return f"{self.user} {self.name}"
