"""Medborgarlöften: the public part of a samverkansöverenskommelse. A promise has commitments
(åtaganden): countable ones, whose progress is counted from the insatser themselves, and
qualitative ones, followed up by hand. Follow-ups say how it goes, publicly or internally.
Dialogues (medborgardialoger) are what promises are built on; a trygghetsvandring's findings
become observations in one step."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from observations.interventions.models import InterventionType
from observations.models import FUTURE_TOLERANCE, Category, Observation
from trygghet.filters import DATE_RANGE_MESSAGE, within_years
from trygghet.models import Area

from .querysets import (
    CommitmentQuerySet,
    DialogueQuerySet,
    FindingQuerySet,
    FollowUpQuerySet,
    PromiseQuerySet,
)

TITLE_MAX = 200
TEXT_MAX = 4000
BACKGROUND_MAX = 10000
COMMITMENT_MAX = 1000


def _check_period(errors, first, last, first_field, last_field):
    for field, day in ((first_field, first), (last_field, last)):
        if day and not within_years(day):
            errors[field] = DATE_RANGE_MESSAGE
    if first and last and last_field not in errors and last < first:
        errors[last_field] = _("Slutdatum kan inte ligga före startdatum.")


class Promise(models.Model):
    """A medborgarlöfte for a period: what the police and the municipality promise the
    citizens, where (its focus areas), and why (what the dialogues found)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Antaget")
        FOLLOWED_UP = "followed_up", _("Uppföljt")

    # Shown on the public pages.
    PUBLIC_STATUSES = (Status.ADOPTED, Status.FOLLOWED_UP)

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="promises",
                                  verbose_name=_("samverkansöverenskommelse"))
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    period_start = models.DateField(_("gäller från"))
    period_end = models.DateField(_("gäller till och med"))
    background = models.TextField(
        _("bakgrund"), blank=True, max_length=BACKGROUND_MAX,
        validators=[MaxLengthValidator(BACKGROUND_MAX)],
        help_text=_("Vad dialogerna med medborgarna visade. Visas för allmänheten."))
    areas = models.ManyToManyField(Area, related_name="promises", blank=True,
                                   verbose_name=_("fokusområden"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    adopted_on = models.DateField(_("antaget"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("medborgarlöfte")
        verbose_name_plural = _("medborgarlöften")

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    def clean(self):
        errors = {}
        _check_period(errors, self.period_start, self.period_end, "period_start", "period_end")
        if not errors and self.agreement_id and self.period_start and self.period_end:
            if not self.agreement.covers(self.period_start, self.period_end):
                errors["period_end"] = _("Löftets period ska ligga inom överenskommelsens "
                                         "(%(period)s).") % {"period": _period_text(self.agreement)}
        if errors:
            raise ValidationError(errors)


def _period_text(agreement):
    end = agreement.ends_on.isoformat() if agreement.ends_on else _("tills vidare")
    return f"{agreement.starts_on.isoformat()} – {end}"


class Commitment(models.Model):
    """One åtagande of a promise, word for word. A countable one has a target and a rule over
    insatser (types, areas, period, whether both the municipality and the police must take
    part); its progress is counted from the insatser done. A qualitative one is followed up
    by hand with a status."""

    class Kind(models.TextChoices):
        COUNTABLE = "countable", _("Räknas från insatserna")
        QUALITATIVE = "qualitative", _("Följs upp för hand")

    class Assessment(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Inte bedömt än")
        NOT_STARTED = "not_started", _("Inte påbörjat")
        ONGOING = "ongoing", _("Pågår")
        FULFILLED = "fulfilled", _("Uppfyllt")
        NOT_FULFILLED = "not_fulfilled", _("Inte uppfyllt")

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="commitments")
    text = models.TextField(_("åtagande"), max_length=COMMITMENT_MAX,
                            validators=[MaxLengthValidator(COMMITMENT_MAX)],
                            help_text=_("Ordagrant som i löftet, till exempel ”Minst fyra i "
                                        "förväg planerade narkotikainsatser på dessa platser”."))
    kind = models.CharField(_("uppföljning"), max_length=12, choices=Kind.choices)
    target = models.PositiveIntegerField(
        _("mål (antal insatser)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)])
    types = models.ManyToManyField(InterventionType, related_name="+", blank=True,
                                   verbose_name=_("typer av insatser som räknas"))
    areas = models.ManyToManyField(Area, related_name="+", blank=True,
                                   verbose_name=_("områden där insatserna räknas"))
    period_start = models.DateField(_("räknas från"), null=True, blank=True)
    period_end = models.DateField(_("räknas till och med"), null=True, blank=True)
    joint = models.BooleanField(
        _("både kommunen och polisen ska delta"), default=False,
        help_text=_("Bara insatser där en kommunal organisation och polisen deltar räknas."))
    assessment = models.CharField(_("bedömning"), max_length=14, choices=Assessment.choices,
                                  default=Assessment.NOT_ASSESSED)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["promise", "order", "id"]
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")

    def __str__(self):
        return self.text[:80]

    @property
    def is_countable(self):
        return self.kind == self.Kind.COUNTABLE

    @property
    def first_day(self):
        return self.period_start or self.promise.period_start

    @property
    def last_day(self):
        return self.period_end or self.promise.period_end

    def clean(self):
        errors = {}
        if self.kind == self.Kind.COUNTABLE and not self.target:
            errors["target"] = _("Ange hur många insatser löftet gäller, till exempel 8.")
        _check_period(errors, self.period_start, self.period_end, "period_start", "period_end")
        if not errors and self.promise_id:
            promise = self.promise
            for field in ("period_start", "period_end"):
                day = getattr(self, field)
                if day and not (promise.period_start <= day <= promise.period_end):
                    errors[field] = _("Ange ett datum inom löftets period (%(first)s – "
                                      "%(last)s).") % {"first": promise.period_start.isoformat(),
                                                        "last": promise.period_end.isoformat()}
        if errors:
            raise ValidationError(errors)


class FollowUp(models.Model):
    """A note on how a commitment goes: public ones are shown to citizens without the
    author's name; internal ones only to members."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="follow_ups")
    written_on = models.DateField(_("datum"), default=timezone.localdate)
    text = models.TextField(_("uppföljning"), max_length=TEXT_MAX,
                            validators=[MaxLengthValidator(TEXT_MAX)])
    public = models.BooleanField(_("visas för allmänheten"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("skriven av"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-id"]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self):
        return f"{self.written_on}: {self.text[:60]}"

    def clean(self):
        errors = {}
        _check_period(errors, self.written_on, None, "written_on", "written_on")
        if self.written_on and self.written_on > timezone.localdate():
            errors["written_on"] = _("Datumet kan inte ligga i framtiden.")
        if errors:
            raise ValidationError(errors)


class Dialogue(models.Model):
    """A medborgardialog: an enkät, a trygghetsvandring, a stormöte, a fokusgrupp or an
    intervju, with where and when, how many took part and what it found."""

    class Kind(models.TextChoices):
        SURVEY = "enkat", _("Enkät")
        SAFETY_WALK = "trygghetsvandring", _("Trygghetsvandring")
        TOWN_MEETING = "stormote", _("Stormöte")
        FOCUS_GROUP = "fokusgrupp", _("Fokusgrupp")
        INTERVIEW = "intervju", _("Intervju")

    kind = models.CharField(_("typ av dialog"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    held_at = models.DateTimeField(_("när"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="dialogues", verbose_name=_("område"))
    latitude = models.FloatField(_("latitud"), null=True, blank=True,
                                 validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitud"), null=True, blank=True,
                                  validators=[MinValueValidator(-180), MaxValueValidator(180)])
    participants = models.PositiveIntegerField(
        _("antal deltagare"), null=True, blank=True, validators=[MaxValueValidator(100000)])
    findings = models.TextField(_("vad dialogen visade"), blank=True, max_length=TEXT_MAX,
                                validators=[MaxLengthValidator(TEXT_MAX)])
    promise = models.ForeignKey(Promise, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="dialogues", verbose_name=_("medborgarlöfte"),
                                help_text=_("Det löfte dialogen ligger till grund för."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = DialogueQuerySet.as_manager()

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("medborgardialog")
        verbose_name_plural = _("medborgardialoger")

    def __str__(self):
        return self.title

    @property
    def is_walk(self):
        return self.kind == self.Kind.SAFETY_WALK

    def clean(self):
        errors = {}
        if self.held_at:
            if not within_years(self.held_at):
                errors["held_at"] = DATE_RANGE_MESSAGE
            elif self.held_at > timezone.now() + FUTURE_TOLERANCE:
                errors["held_at"] = _("Dialogen kan inte ligga i framtiden.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Ange både latitud och longitud, eller ingen av dem.")
        if self.area_id and self.area.is_boundary:
            errors["area"] = _("Välj ett område inom kommunen, inte hela kommunen.")
        if "latitude" not in errors and self.latitude is not None:
            if not Area.objects.is_inside_municipality(self.latitude, self.longitude):
                errors["latitude"] = _("Platsen ligger utanför kommunen. Välj en punkt inom "
                                       "kommungränsen.")
        if self.kind == self.Kind.SAFETY_WALK and not self.area_id and self.latitude is None:
            errors["area"] = _("Ange var vandringen gick: ett område eller en punkt.")
        if errors:
            raise ValidationError(errors)


class Finding(models.Model):
    """One thing a trygghetsvandring found ("lampan vid gångtunneln är trasig"), which becomes
    an observation in the log, with the walk's place and time."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="walk_findings")
    # The finding's words until it is logged; from then on they are the observation's alone
    # (the log's service moves them), so that whatever the log does to its text (restricts,
    # corrects, erases on schedule) holds here too.
    text = models.CharField(_("fynd"), max_length=500, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("kategori"))
    place_description = models.CharField(_("plats"), max_length=300, blank=True,
                                         help_text=_("Till exempel ”vid gångtunneln”."))
    # Logged as a restricted observation; until then shown as one would be (the municipality,
    # the police and whoever noted it).
    restricted = models.BooleanField(_("begränsad"), default=False,
                                     help_text=_("Syns bara för kommunen och polisen."))
    observation = models.OneToOneField(Observation, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="walk_finding")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["dialogue", "id"]
        verbose_name = _("fynd")
        verbose_name_plural = _("fynd")

    def __str__(self):
        if self.is_logged:
            return _("Fynd loggat som observation %(n)s") % {"n": self.observation_id}
        return self.text[:80]

    def clean(self):
        if self.observation_id is None and not (self.text or "").strip():
            raise ValidationError({"text": _("Skriv vad ni såg.")})

    @property
    def is_logged(self):
        return self.observation_id is not None

    @property
    def shown_text(self):
        """What was found: the observation's description once logged (empty when the log has
        erased it). Read only from rows of `Finding.objects.visible_to(user)`."""
        return self.observation.description if self.is_logged else self.text

    @property
    def shown_place(self):
        return self.observation.place_description if self.is_logged else self.place_description

    @property
    def text_erased(self):
        return self.is_logged and self.observation.text_erased_at is not None
