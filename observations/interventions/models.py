"""Insatser (what the partners decide to do), the weekly EST meeting where they are decided and
followed up, and each member's choice of e-mail (subscriptions and the weekly digest)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from observations.models import Category, Observation
from trygghet.filters import DATE_RANGE_MESSAGE, within_years
from trygghet.models import Area, Membership, Organisation
from trygghet.weeks import week_label

from .querysets import (
    DecisionQuerySet,
    EstMeetingQuerySet,
    InterventionQuerySet,
    InterventionTypeQuerySet,
    SubscriptionQuerySet,
)

TITLE_MAX = 200
TEXT_MAX = 4000
DECISION_MAX = 2000
NOTES_MAX = 20000
# Planned dates lie in the years the rest of the system handles (a week view, four weeks
# before and after): 0001-01-01 or 9999-12-31 are typing errors, and the latter would overflow.


class InterventionType(models.Model):
    """A kind of insats (extra väktarrond, trygghetsvandring, ...): a managed list."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("aktiv"), default=True)

    objects = InterventionTypeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("typ av insats")
        verbose_name_plural = _("typer av insatser")

    def __str__(self):
        return self.name


class EstMeeting(models.Model):
    """The weekly EST meeting (samverkansmöte) of one ISO week: who came, what was decided.
    Its agenda is not stored: it fills itself from the week's lägesbild and the open insatser."""

    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("vecka"))
    held_on = models.DateField(_("mötesdag"))
    attendees = models.ManyToManyField(
        Organisation, related_name="est_meetings", blank=True, verbose_name=_("närvarande"))
    notes = models.TextField(_("anteckningar"), blank=True, max_length=NOTES_MAX,
                             validators=[MaxLengthValidator(NOTES_MAX)])
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("öppnat av"))
    opened_at = models.DateTimeField(_("öppnat"), default=timezone.now)
    # Raised by every change of attendance and notes: two coordinators with the minutes open
    # do not overwrite each other.
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = EstMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-iso_year", "-iso_week"]
        verbose_name = _("EST-möte")
        verbose_name_plural = _("EST-möten")
        constraints = [models.UniqueConstraint(fields=["iso_year", "iso_week"],
                                               name="one_est_meeting_per_week")]

    def __str__(self):
        return f"EST {self.label}"

    @property
    def label(self):
        return week_label(self.iso_year, self.iso_week)

    def clean(self):
        if self.held_on and self.held_on.isocalendar()[:2] != (self.iso_year, self.iso_week):
            raise ValidationError({"held_on": _("Mötesdagen ska ligga i mötets vecka.")})


class Intervention(models.Model):
    """An insats: a planned or completed action, owned by one person, answering observations,
    followed up with its outcome."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")
        CANCELLED = "cancelled", _("Inställd")

    OPEN_STATUSES = (Status.PLANNED, Status.ONGOING)

    type = models.ForeignKey(InterventionType, on_delete=models.PROTECT,
                             related_name="interventions", verbose_name=_("typ"))
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    description = models.TextField(_("vad ska göras"), blank=True, max_length=TEXT_MAX,
                                   validators=[MaxLengthValidator(TEXT_MAX)])
    planned_start = models.DateField(_("planerad start"))
    planned_end = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    areas = models.ManyToManyField(Area, related_name="interventions", blank=True,
                                   verbose_name=_("områden"))
    organisations = models.ManyToManyField(
        Organisation, related_name="interventions", blank=True,
        verbose_name=_("deltagande organisationer"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interventions",
        verbose_name=_("ansvarig"))
    # The organisation the owner acted for when given the insats; kept if they move on.
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("ansvarig organisation"))
    observations = models.ManyToManyField(
        Observation, related_name="interventions", blank=True,
        verbose_name=_("observationer som insatsen svarar på"))
    outcome = models.TextField(_("resultat"), blank=True, max_length=TEXT_MAX,
                               validators=[MaxLengthValidator(TEXT_MAX)])
    meeting = models.ForeignKey(
        EstMeeting, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="interventions", verbose_name=_("beslutad vid"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # When it was done or cancelled: what a meeting's agenda and the follow-up count from.
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_start", "-id"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        indexes = [
            models.Index(fields=["status", "planned_end"]),
            models.Index(fields=["planned_start", "planned_end"]),
            models.Index(fields=["created_at", "closed_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(planned_end__gte=models.F("planned_start")),
                                   name="intervention_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.planned_end < (today or timezone.localdate())

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What was stored, so clean() can tell a kept value from a newly chosen one.
        instance._stored_type_id = instance.__dict__.get("type_id")
        instance._stored_responsible_id = instance.__dict__.get("responsible_id")
        return instance

    def clean(self):
        errors = {}
        for field in ("planned_start", "planned_end"):
            day = getattr(self, field)
            if day and not within_years(day):
                errors[field] = DATE_RANGE_MESSAGE
        if (self.planned_start and self.planned_end and "planned_end" not in errors
                and self.planned_end < self.planned_start):
            errors["planned_end"] = _("Slutdatum kan inte ligga före startdatum.")
        if self.type_id and self.type_id != getattr(self, "_stored_type_id", None):
            if not InterventionType.objects.filter(pk=self.type_id, active=True).exists():
                errors["type"] = _("Typen används inte längre. Välj en annan.")
        if self.status == self.Status.DONE and not self.outcome.strip():
            errors["outcome"] = _("Beskriv resultatet: vad gjordes och hur gick det?")
        if self.responsible_id and self.responsible_id != getattr(
                self, "_stored_responsible_id", None):
            if not Membership.objects.filter(user_id=self.responsible_id,
                                             user__is_active=True).exists():
                errors["responsible"] = _("Välj en ansvarig som är aktiv medlem i en "
                                          "organisation.")
        if errors:
            raise ValidationError(errors)


class Decision(models.Model):
    """A decision of an EST meeting, numbered within it; most become an insats in one step."""

    meeting = models.ForeignKey(EstMeeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("beslut"), max_length=DECISION_MAX,
                            validators=[MaxLengthValidator(DECISION_MAX)])
    intervention = models.OneToOneField(
        Intervention, on_delete=models.SET_NULL, null=True, blank=True, related_name="decision",
        verbose_name=_("insats"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"],
                                               name="one_decision_number_per_meeting")]

    def __str__(self):
        return f"{self.meeting.label} §{self.number}"


class Subscription(models.Model):
    """What one member wants by e-mail: alerts when a serious observation is logged in the
    areas and categories they follow, and the weekly digest of what happened to what their
    organisation logged."""

    class Alerts(models.TextChoices):
        OFF = "off", _("Inga")
        IMMEDIATE = "immediate", _("Direkt")
        DAILY = "daily", _("En gång om dagen")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="subscription")
    alerts = models.CharField(_("e-post om allvarliga observationer"), max_length=10,
                              choices=Alerts.choices, default=Alerts.OFF)
    areas = models.ManyToManyField(Area, related_name="+", blank=True,
                                   verbose_name=_("områden jag följer"))
    categories = models.ManyToManyField(Category, related_name="+", blank=True,
                                        verbose_name=_("kategorier jag följer"))
    weekly_digest = models.BooleanField(
        _("veckobrev om vad som hänt med det min organisation loggat"), default=False)
    # Raised by every save: settings changed in two tabs are not silently merged.
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")

    def __str__(self):
        return str(self.user)
