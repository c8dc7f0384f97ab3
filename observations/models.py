import functools
import uuid
from datetime import datetime, timedelta, timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygghet import storage
from trygghet.models import Area, Organisation
from trygghet.querysets import AdministratorsQuerySet, SharedQuerySet

from .querysets import ExportJobQuerySet, ObservationEventQuerySet, ObservationQuerySet

DESCRIPTION_MAX = 4000
PLACE_MAX = 300
COMMENT_MAX = 2000
# Clocks on phones drift; a time this far ahead is still "now".
FUTURE_TOLERANCE = timedelta(minutes=5)
# No observation, imported or not, lies before this: the log's statistics start here, and
# dates before it are typing errors (0001-01-01 once broke every page that showed the row).
EARLIEST_YEAR = 2000


def earliest_import():
    # Midnight local time, in the site's zone (no clock change falls on New Year).
    return _earliest_in(timezone.get_default_timezone())


@functools.lru_cache(maxsize=4)
def _earliest_in(zone):
    # In UTC: compared with every observation's time, which is quicker than in a named zone.
    return datetime(EARLIEST_YEAR, 1, 1, tzinfo=zone).astimezone(dt_timezone.utc)


class Category(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")

    def __str__(self):
        return self.name


class Observation(models.Model):
    class Severity(models.TextChoices):
        LOW = "low", _("Låg")
        MEDIUM = "medium", _("Medel")
        HIGH = "high", _("Hög")

    class Status(models.TextChoices):
        NEW = "new", _("Ny")
        IN_PROGRESS = "in_progress", _("Hanteras")
        RESOLVED = "resolved", _("Åtgärdad")
        NO_ACTION = "no_action", _("Ingen åtgärd")

    class Placement(models.TextChoices):
        POINT = "point", _("Punkt i kartan")
        AREA = "area", _("Område (ungefärlig plats)")

    class Source(models.TextChoices):
        WEB = "web", _("Webbformulär")
        API = "api", _("API")
        IMPORT = "import", _("Import")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="observations", verbose_name=_("kategori")
    )
    occurred_at = models.DateTimeField(_("när det hände"))
    latitude = models.FloatField(
        _("latitud"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitud"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    placement = models.CharField(
        _("placering"), max_length=10, choices=Placement.choices, default=Placement.POINT
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations",
        verbose_name=_("område"),
    )
    place_description = models.CharField(
        _("platsbeskrivning"), max_length=PLACE_MAX, blank=True,
        help_text=_("Till exempel ”vid cykelparkeringen norr om stationen”."),
    )
    description = models.TextField(
        _("vad du såg"), blank=True, max_length=DESCRIPTION_MAX,
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
    )
    severity = models.CharField(
        _("allvarlighet"), max_length=10, choices=Severity.choices, default=Severity.LOW
    )
    people_count = models.PositiveIntegerField(
        _("antal personer"), null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    restricted = models.BooleanField(
        _("begränsad"), default=False,
        help_text=_("Syns bara för kommunen och polisen."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations",
        verbose_name=_("rapportör"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="observations",
        verbose_name=_("organisation"),
    )
    source = models.CharField(
        _("källa"), max_length=10, choices=Source.choices, default=Source.WEB, editable=False
    )
    logged_at = models.DateTimeField(_("loggad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # Raised by every change: a form carries the revision it showed, and a change made from
    # a stale page is refused instead of silently overwriting a colleague's.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    text_erased_at = models.DateTimeField(
        _("fritext raderad"), null=True, blank=True, editable=False
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observationer")
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["area", "occurred_at"]),
            models.Index(fields=["status", "occurred_at"]),
            models.Index(fields=["category", "occurred_at"]),
            models.Index(fields=["closed_at"]),
            models.Index(fields=["logged_at"]),
            # A map zoomed in asks for a small box of longitude and latitude.
            models.Index(fields=["longitude", "latitude"]),
        ]
        constraints = [
            # The database holds a floor too, so no path (admin, SQL, a bug) can store a
            # time that every page would then fail to show. A day below clean()'s local
            # 2000-01-01, so that the two never disagree on the first hours of 2000.
            models.CheckConstraint(
                condition=models.Q(occurred_at__gte=datetime(EARLIEST_YEAR - 1, 12, 31,
                                                             tzinfo=dt_timezone.utc)),
                name="observation_occurred_after_2000",
            ),
        ]

    def __str__(self):
        return self.label()

    def label(self, zone=None):
        """What str() says: its category and local time; `zone` (the current time zone, looked
        up once) for many rows at once."""
        # "YYYY-MM-DD HH:MM" (isoformat is several times quicker than strftime; every time
        # stored is after 2000, so the two write the year alike).
        when = timezone.localtime(self.occurred_at, zone).isoformat(" ", "minutes")[:16]
        return f"{self.category} {when}"

    # Django's get_FOO_display rebuilds a dict of every choice on each call, which a list of
    # hundreds of rows calls twice per row; the labels are looked up in one built once.
    def get_severity_display(self):
        return _SEVERITY_LABELS.get(self.severity, self.severity)

    def get_status_display(self):
        return _STATUS_LABELS.get(self.status, self.status)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What was stored, so clean() can tell a kept value from a newly chosen one.
        instance._stored_category_id = instance.__dict__.get("category_id")
        return instance

    def earliest_allowed(self, now=None):
        """How far back the time may lie: a configurable window for what is logged now, back
        to 2000 for imports of older logs."""
        if self.source == self.Source.IMPORT:
            return earliest_import()
        window = (now or timezone.now()) - timedelta(days=settings.OBSERVATION_MAX_AGE_DAYS)
        return max(window, earliest_import())

    def clean(self):
        errors = {}
        if self.occurred_at:
            now = timezone.now()
            if self.occurred_at > now + FUTURE_TOLERANCE:
                errors["occurred_at"] = _("Tiden kan inte ligga i framtiden.")
            elif self.occurred_at < self.earliest_allowed(now):
                errors["occurred_at"] = _(
                    "Tiden får ligga högst %(days)s dagar bakåt (tidigast %(date)s)."
                ) % {"days": settings.OBSERVATION_MAX_AGE_DAYS
                     if self.source != self.Source.IMPORT else "–",
                     "date": timezone.localtime(self.earliest_allowed()).strftime("%Y-%m-%d")}
        if self.category_id and self.category_id != getattr(self, "_stored_category_id", None):
            if not self._category_is_active():
                errors["category"] = _("Kategorin används inte längre. Välj en annan.")
        if self.area_id and self.area and self.area.is_boundary:
            errors["area"] = _("Välj ett område inom kommunen, inte hela kommunen.")
        if self.latitude is not None and self.longitude is not None:
            if not self.location().inside_municipality:
                errors["latitude"] = _("Platsen ligger utanför kommunen. Välj en punkt inom "
                                       "kommungränsen.")
        if errors:
            raise ValidationError(errors)


    def _category_is_active(self):
        # The category chosen in this request is already loaded (by the form or the
        # serializer): its flag is as current as a second query would be.
        category = self._state.fields_cache.get("category")
        if category is not None and category.pk == self.category_id:
            return category.active
        return Category.objects.filter(pk=self.category_id, active=True).exists()

    def located(self, locator):
        """Locate the point with a Locator loaded beforehand (many observations at once)."""
        point = (self.latitude, self.longitude)
        self._location = (point, locator.locate(*point))

    def location(self):
        """Where the point lies (its areas, whether it is inside the municipality): asked of
        the database once per point, however often placing and validating ask again."""
        point = (self.latitude, self.longitude)
        cached = getattr(self, "_location", None)
        if cached is None or cached[0] != point:
            self._location = (point, Area.objects.locate(*point))
        return self._location[1]


_SEVERITY_LABELS = dict(Observation.Severity.choices)
_STATUS_LABELS = dict(Observation.Status.choices)


class ObservationEvent(models.Model):
    """One line in an observation's history: logged, edited, status changed or commented."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Loggad")
        EDITED = "edited", _("Ändrad")
        STATUS = "status", _("Status ändrad")
        COMMENT = "comment", _("Kommentar")

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_status = models.CharField(max_length=12, choices=Observation.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Observation.Status.choices, blank=True)
    comment = models.TextField(
        _("kommentar"), blank=True, max_length=COMMENT_MAX, validators=[MaxLengthValidator(COMMENT_MAX)]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ObservationEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("händelse")
        verbose_name_plural = _("historik")


class ObservationAccess(models.Model):
    """A read of a restricted observation: who read it, when, and through which path."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)

    objects = AdministratorsQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("läsning av begränsad observation")
        verbose_name_plural = _("läsloggar")


class ExportJob(models.Model):
    """An export of the filtered list too large to send at once: written by a Celery task that
    records its progress, kept for its owner for EXPORT_RETENTION_HOURS, then erased. The unit
    of idempotency: however often its task runs, the job gets one file."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"
        GEOJSON = "geojson", "GeoJSON"

    # The same states, in the same words, as every other job: the API's schema has one enum.
    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Sammanställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The list's filter as it was asked for ({name: [values]}), run again by the task through
    # the same FilterSet and the owner's visibility.
    filters = models.JSONField(default=dict, blank=True)
    # The language of the headings: the owner's when they asked.
    language = models.CharField(max_length=10, default="sv")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(storage=storage.exports, blank=True, max_length=200)
    expires_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exporter")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"{self.get_format_display()} ({self.get_state_display()})"

    @property
    def is_done(self):
        return self.state == self.State.DONE and bool(self.file) and self.erased_at is None

    @property
    def percent(self):
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0
