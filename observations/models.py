import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygghet.models import Area, Organisation

from .querysets import CompileRequestQuerySet, ObservationQuerySet, SituationReportQuerySet

DESCRIPTION_MAX = 4000
PLACE_MAX = 300
# Clocks on phones drift; a time this far ahead is still "now".
FUTURE_TOLERANCE = timedelta(minutes=5)


class Category(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

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
    logged_at = models.DateTimeField(_("loggad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
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
        ]

    def __str__(self):
        return f"{self.category} {timezone.localtime(self.occurred_at):%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def clean(self):
        from trygghet.services import inside_municipality

        errors = {}
        if self.occurred_at and self.occurred_at > timezone.now() + FUTURE_TOLERANCE:
            errors["occurred_at"] = _("Tiden kan inte ligga i framtiden.")
        if self.latitude is not None and self.longitude is not None:
            if not inside_municipality(self.latitude, self.longitude):
                errors["latitude"] = _("Platsen ligger utanför kommunen. Välj en punkt inom "
                                       "kommungränsen.")
        if self.category_id and not Category.objects.filter(pk=self.category_id,
                                                            active=True).exists():
            if self._state.adding:
                errors["category"] = _("Kategorin används inte längre. Välj en annan.")
        if errors:
            raise ValidationError(errors)


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
        _("kommentar"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

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

    class Meta:
        ordering = ["-at"]
        verbose_name = _("läsning av begränsad observation")
        verbose_name_plural = _("läsloggar")


class CompileRequest(models.Model):
    """One request to compile a week: the unit of idempotency. A request yields at most one
    report, however often its task runs."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Sammanställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    objects = CompileRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.iso_year}-W{self.iso_week:02d} ({self.get_state_display()})"


class SituationReport(models.Model):
    """The weekly lägesbild: an immutable snapshot of one ISO week, then annotated and
    published by the coordinator. A recompiled week is a new version."""

    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("vecka"))
    version = models.PositiveSmallIntegerField(_("version"))
    request = models.OneToOneField(
        CompileRequest, on_delete=models.PROTECT, related_name="report", null=True
    )
    data = models.JSONField(_("sammanställning"))
    compiled_at = models.DateTimeField(_("sammanställd"), default=timezone.now)
    analysis = models.TextField(_("analys"), blank=True, max_length=20000,
                                validators=[MaxLengthValidator(20000)])
    recommendations = models.TextField(_("rekommenderade insatser"), blank=True,
                                       max_length=10000, validators=[MaxLengthValidator(10000)])
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = SituationReportQuerySet.as_manager()

    class Meta:
        ordering = ["-iso_year", "-iso_week", "-version"]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        constraints = [
            models.UniqueConstraint(fields=["iso_year", "iso_week", "version"],
                                    name="one_version_number_per_week"),
        ]

    def __str__(self):
        return f"Lägesbild {self.iso_year} v. {self.iso_week} ({self.version})"

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def label(self):
        return f"{self.iso_year}-W{self.iso_week:02d}"

    def data_for(self, user):
        """The snapshot as this user may read it: restricted observations count in every figure
        but are listed and drawn only for those who may see them."""
        from .querysets import sees_restricted

        data = dict(self.data)
        if not sees_restricted(user):
            data["serious"] = [r for r in data["serious"] if not r["restricted"]]
            data["open_after_14_days"] = [
                r for r in data["open_after_14_days"] if not r["restricted"]]
            data["points"] = [p for p in data["points"] if not p[3]]
        return data
