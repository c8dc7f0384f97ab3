"""The samverkansöverenskommelse between the municipality and the police: its parties, period,
signatories and documents, its priority areas with their indicators, the åtgärdsplan (Orsak,
Åtgärd, Operativa mål, När, Vem, Uppföljning) and the yearly lägesbild of lag 2023:196."""

import hashlib
import json
import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observations.interventions.models import Intervention
from trygghet.filters import DATE_RANGE_MESSAGE, EARLIEST, LATEST, within_years
from trygghet.models import Organisation

from . import snapshot
from .querysets import (
    AgreementQuerySet,
    DocumentQuerySet,
    IndicatorQuerySet,
    IndicatorValueQuerySet,
    MeasureQuerySet,
    PriorityAreaQuerySet,
    YearlyReportJobQuerySet,
    YearlyReportQuerySet,
)

TITLE_MAX = 200
TEXT_MAX = 4000
# The analysis of causes of one priority area in a yearly report.
CAUSE_MAX = 10000
# The years the rest of the system handles: anything else is a typing error.
FIRST_YEAR, LAST_YEAR = EARLIEST.year, LATEST.year


def _in_range(errors, instance, *fields):
    for field in fields:
        day = getattr(instance, field)
        if day and not within_years(day):
            errors[field] = DATE_RANGE_MESSAGE


class Agreement(models.Model):
    """A samverkansöverenskommelse: who agreed, for which period, signed when and by whom."""

    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    description = models.TextField(
        _("syfte och mål"), blank=True, max_length=TEXT_MAX,
        validators=[MaxLengthValidator(TEXT_MAX)],
        help_text=_("Till exempel ”Målet är att brottsligheten ska minska och tryggheten ska "
                    "öka.”"))
    parties = models.ManyToManyField(Organisation, related_name="agreements",
                                     verbose_name=_("parter"))
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True,
                               help_text=_("Tomt: tills vidare."))
    signed_on = models.DateField(_("undertecknad"), null=True, blank=True)
    signatories = models.TextField(
        _("undertecknare"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)],
        help_text=_("En per rad, till exempel ”Kommundirektör”."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("samverkansöverenskommelse")
        verbose_name_plural = _("samverkansöverenskommelser")

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        _in_range(errors, self, "starts_on", "ends_on", "signed_on")
        if (self.starts_on and self.ends_on and "ends_on" not in errors
                and self.ends_on < self.starts_on):
            errors["ends_on"] = _("Slutdatum kan inte ligga före startdatum.")
        if errors:
            raise ValidationError(errors)

    def covers(self, first: date, last: date) -> bool:
        """Whether the period from first to last lies within the agreement's."""
        return self.starts_on <= first and (self.ends_on is None or last <= self.ends_on)

    def report_years(self, today=None) -> list[int]:
        """The years a yearly report may be made for: from its first year to this year (or
        its last), latest first."""
        today = today or timezone.localdate()
        last = min(today.year, self.ends_on.year if self.ends_on else today.year)
        return list(range(last, self.starts_on.year - 1, -1))

    @property
    def signatory_lines(self):
        return [line.strip() for line in self.signatories.splitlines() if line.strip()]


class PriorityArea(models.Model):
    """A prioriterat område of an agreement (Inget utsatt område, Våld, ...)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE,
                                  related_name="priority_areas")
    name = models.CharField(_("namn"), max_length=120)
    description = models.TextField(_("beskrivning"), blank=True, max_length=TEXT_MAX,
                                   validators=[MaxLengthValidator(TEXT_MAX)])
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = PriorityAreaQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "order", "id"]
        verbose_name = _("prioriterat område")
        verbose_name_plural = _("prioriterade områden")
        constraints = [models.UniqueConstraint(fields=["agreement", "name"],
                                               name="one_priority_area_name_per_agreement")]

    def __str__(self):
        return self.name

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError:
            raise ValidationError({"name": _("Överenskommelsen har redan ett prioriterat område "
                                             "med det namnet.")}) from None


class Indicator(models.Model):
    """Something measured each year that tells whether a priority area improves."""

    class Source(models.TextChoices):
        SAFETY_SURVEY = "trygghetsmatning", _("Polisens trygghetsmätning")
        REPORTED_CRIME = "anmalda_brott", _("Anmälda brott")
        SURVEY = "enkat", _("Enkät")
        OTHER = "annan", _("Annan källa")

    class Direction(models.TextChoices):
        DOWN = "down", _("Lägre är bättre")
        UP = "up", _("Högre är bättre")

    priority_area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE,
                                      related_name="indicators",
                                      verbose_name=_("prioriterat område"))
    name = models.CharField(_("namn"), max_length=TITLE_MAX)
    unit = models.CharField(_("enhet"), max_length=60,
                            help_text=_("Till exempel ”procent” eller ”anmälda brott”."))
    source = models.CharField(_("källa"), max_length=20, choices=Source.choices)
    source_detail = models.CharField(_("om källan"), max_length=TITLE_MAX, blank=True,
                                     help_text=_("Till exempel vilken fråga i enkäten."))
    direction = models.CharField(_("önskad riktning"), max_length=4, choices=Direction.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["priority_area", "order", "id"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One year's value of an indicator, typed by hand or imported from CSV."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    value = models.DecimalField(_("värde"), max_digits=12, decimal_places=2)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"],
                                               name="one_value_per_indicator_and_year")]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.value}"


class Measure(models.Model):
    """A row of the åtgärdsplan, in the form Brå recommends: Orsak, Åtgärd, Operativa mål,
    När, Vem, Uppföljning, with a status in green, yellow or red. The insatser that carry it
    out are linked, and its follow-up shows them."""

    class Status(models.TextChoices):
        GREEN = "green", _("Grön: enligt plan")
        YELLOW = "yellow", _("Gul: risk för avvikelse")
        RED = "red", _("Röd: avviker från planen")

    priority_area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE,
                                      related_name="measures",
                                      verbose_name=_("prioriterat område"))
    cause = models.TextField(_("orsak"), max_length=TEXT_MAX,
                             validators=[MaxLengthValidator(TEXT_MAX)])
    action = models.TextField(_("åtgärd"), max_length=TEXT_MAX,
                              validators=[MaxLengthValidator(TEXT_MAX)])
    goals = models.TextField(_("operativa mål"), blank=True, max_length=TEXT_MAX,
                             validators=[MaxLengthValidator(TEXT_MAX)])
    when = models.CharField(_("när"), max_length=TITLE_MAX, blank=True,
                            help_text=_("Till exempel ”Löpande, fredagar och lördagar” eller "
                                        "”Vår 2026”."))
    organisations = models.ManyToManyField(Organisation, related_name="measures", blank=True,
                                           verbose_name=_("vem"))
    follow_up = models.TextField(_("uppföljning"), blank=True, max_length=TEXT_MAX,
                                 validators=[MaxLengthValidator(TEXT_MAX)],
                                 help_text=_("Hur och när åtgärden följs upp, och vad "
                                             "uppföljningen visat."))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices,
                              default=Status.GREEN)
    status_note = models.CharField(_("kommentar till status"), max_length=500, blank=True)
    interventions = models.ManyToManyField(Intervention, related_name="measures", blank=True,
                                           verbose_name=_("insatser som genomför åtgärden"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["priority_area", "order", "id"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärdsplan")

    def __str__(self):
        return self.action[:80]


def document_path(instance, filename):
    # Never the uploader's file name: it may be anything, and the kind is read from the bytes.
    return f"agreements/{instance.agreement_id}/{uuid.uuid4().hex}.{instance.kind}"


class AgreementDocument(models.Model):
    """A document of an agreement (the signed agreement, an appendix), kept under MEDIA_ROOT
    and served only to members."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        ODT = "odt", "OpenDocument"

    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt": "application/vnd.oasis.opendocument.text",
    }

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    file = models.FileField(_("fil"), upload_to=document_path, max_length=200)
    filename = models.CharField(_("filnamn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField(_("storlek"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "uploaded_at", "id"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self):
        return self.title

    @property
    def content_type(self):
        return self.CONTENT_TYPES[self.kind]

    @property
    def download_name(self):
        stem = PurePosixPath(self.filename).stem or "dokument"
        return f"{stem}.{self.kind}"


def data_hash(data) -> str:
    """A fingerprint of a snapshot: two compiles of an unchanged year have the same one."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class YearlyReport(models.Model):
    """The yearly lägesbild and åtgärdsplan of an agreement (lag 2023:196): an immutable
    snapshot of one year, with the coordinator's analysis of causes per priority area, then
    published for the committee. A recompiled year whose figures changed is a new version."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT,
                                  related_name="yearly_reports")
    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField(_("sammanställning"))
    data_hash = models.CharField(max_length=64, editable=False)
    compiled_at = models.DateTimeField(_("sammanställd"), default=timezone.now)
    # The analysis of causes, per priority area: {"<priority area id>": "text"}.
    causes = models.JSONField(_("orsaksanalys"), default=dict, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = YearlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-year", "-version"]
        verbose_name = _("årlig lägesbild och åtgärdsplan")
        verbose_name_plural = _("årliga lägesbilder och åtgärdsplaner")
        constraints = [models.UniqueConstraint(fields=["agreement", "year", "version"],
                                               name="one_yearly_version_number")]

    def __str__(self):
        return f"{self.agreement} {self.year} v{self.version}"

    @property
    def is_published(self):
        return self.published_at is not None

    def data_for(self, user):
        """The snapshot as this user may read it (see snapshot.py)."""
        return snapshot.redact(self.data, user)

    def clean(self):
        known = {str(area["id"]) for area in (self.data or {}).get("priority_areas", [])}
        if set(self.causes) - known:
            raise ValidationError({"causes": _("Analysen gäller ett prioriterat område som inte "
                                               "finns i rapporten.")})
        if any(len(text) > CAUSE_MAX for text in self.causes.values()):
            raise ValidationError({"causes": _("Analysen för ett område får vara högst "
                                               "%(n)s tecken.") % {"n": CAUSE_MAX}})

    def cause_for(self, priority_area_id) -> str:
        return self.causes.get(str(priority_area_id), "")


class YearlyReportJob(models.Model):
    """One request to compile a year, and the unit of idempotency: however often its task
    runs, it yields one report (a new version, or the latest when the year has not changed)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Sammanställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="jobs")
    year = models.PositiveSmallIntegerField(_("år"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="jobs")
    made_new_version = models.BooleanField(default=False)

    objects = YearlyReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("sammanställning av årsrapport")
        verbose_name_plural = _("sammanställningar av årsrapporter")

    def __str__(self):
        return f"{self.agreement} {self.year} ({self.get_state_display()})"
