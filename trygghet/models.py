from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import geo


class Organisation(models.Model):
    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Kommun")
        POLIS = "polis", _("Polis")
        VAKTARE = "vaktare", _("Väktare")
        BOSTADSBOLAG = "bostadsbolag", _("Bostadsbolag")
        FORENING = "forening", _("Förening")
        RADDNINGSTJANST = "raddningstjanst", _("Räddningstjänst")
        ANNAN = "annan", _("Annan")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """The one organisation a user acts for, and the role they have there."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Rapportör")
        COORDINATOR = "coordinator", _("Samordnare")
        READER = "reader", _("Läsare")
        COMMITTEE_STAFF = "committee_staff", _("Nämndsekreterare")
        ADMINISTRATOR = "administrator", _("Administratör")

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

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self):
        return f"{self.user} ({self.organisation}, {self.get_role_display()})"


class Area(models.Model):
    """A named polygon. The area of kind 'kommun' is the municipality's boundary."""

    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Kommungräns")
        KOMMUNDEL = "kommundel", _("Kommundel")
        CENTRUM = "centrum", _("Centrum")
        STATION = "station", _("Stationsområde")
        BOSTADSOMRADE = "bostadsomrade", _("Bostadsområde")
        ANNAT = "annat", _("Annat område")

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

    class Meta:
        ordering = ["name"]
        verbose_name = _("område")
        verbose_name_plural = _("områden")
        indexes = [models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"])]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            shape = geo.parse_polygon(self.geometry)
        except geo.GeometryError as error:
            raise ValidationError({"geometry": str(error)}) from None
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = shape.bounds
        self.size = shape.area

    @property
    def is_boundary(self):
        return self.kind == self.Kind.KOMMUN

    def representative_point(self):
        """A point surely inside the area, as (lat, lon): where an observation placed only by
        its area is drawn."""
        point = geo.parse_polygon(self.geometry).representative_point()
        return round(point.y, 6), round(point.x, 6)
