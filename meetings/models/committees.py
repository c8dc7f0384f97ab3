import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from trygghet.filters import DATE_RANGE_MESSAGE, within_years

from ..querysets import CommitteeMemberQuerySet, CommitteeQuerySet, MeetingQuerySet

NAME_MAX = 120
PARTY_PATTERN = re.compile(r"^[A-Za-zÅÄÖåäö]{1,6}$")


def genitive(name: str) -> str:
    """Swedish genitive: Trygghetsutskottet → Trygghetsutskottets (a name ending in s, x or z
    takes nothing)."""
    return name if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


class Committee(models.Model):
    """A political committee (utskott or nämnd) whose meetings, cases and protokoll live
    here. Its name is data: nothing in the code assumes Trygghetsutskottet."""

    name = models.CharField(_("namn"), max_length=NAME_MAX, unique=True)
    protocol_kept_at = models.CharField(
        _("förvaringsplats för protokollet"), max_length=NAME_MAX,
        help_text=_("Där protokollen finns att läsa, till exempel Kommunledningskontoret."))

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("utskott")
        verbose_name_plural = _("utskott")

    def __str__(self):
        return self.name

    @property
    def name_genitive(self):
        """The name as a possessive in the active language: Swedish adds its genitive s
        (Trygghetsutskottets beslut); other languages use the name as it is."""
        swedish = (translation.get_language() or "sv").startswith("sv")
        return genitive(self.name) if swedish else self.name


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "ordforande", _("ordförande")
        VICE_CHAIR = "vice_ordforande", _("vice ordförande")
        MEMBER = "ledamot", _("ledamot")
        SUBSTITUTE = "ersattare", _("ersättare")
        SECRETARY = "sekreterare", _("sekreterare")

    # The order in which members are listed in a protokoll.
    ROLE_ORDER = {Role.CHAIR: 0, Role.VICE_CHAIR: 1, Role.MEMBER: 2, Role.SUBSTITUTE: 3,
                  Role.SECRETARY: 4}

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members",
                                  verbose_name=_("utskott"))
    name = models.CharField(_("namn"), max_length=NAME_MAX)
    party = models.CharField(_("parti"), max_length=6, blank=True,
                             help_text=_("Partiets förkortning, till exempel L eller M."))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("aktiv"), default=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "name"]
        verbose_name = _("ledamot")
        verbose_name_plural = _("ledamöter och ersättare")

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name

    def clean(self):
        self.party = self.party.strip().strip("()").strip()
        if self.party and not PARTY_PATTERN.match(self.party):
            raise ValidationError({"party": _("Skriv partiets förkortning med bokstäver, till "
                                              "exempel L eller M.")})

    @property
    def is_politician(self):
        return self.role != self.Role.SECRETARY


class Meeting(models.Model):
    class Kind(models.TextChoices):
        MEETING = "sammantrade", _("sammanträde")
        INFORMATION = "informationsmote", _("informationsmöte")

    class Status(models.TextChoices):
        PLANNED = "planerat", _("planerat")
        CALLED = "kallat", _("kallat")
        HELD = "genomfort", _("genomfört")
        ADJUSTED = "justerat", _("protokoll justerat")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("utskott"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("datum och tid"))
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    handlingar_published_at = models.DateTimeField(_("handlingarna publicerade"), null=True,
                                                   blank=True)
    handlingar_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        indexes = [models.Index(fields=["committee", "starts_at"])]

    def __str__(self):
        return f"{self.committee} {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def clean(self):
        errors = {}
        for field in ("starts_at", "ends_at"):
            moment = getattr(self, field)
            if moment is not None and not within_years(moment):
                errors[field] = DATE_RANGE_MESSAGE
        if not errors and self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Mötet måste sluta efter att det börjar.")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self):
        """"Trygghetsutskottets sammanträde den 18 februari 2022", in the active language."""
        return _("%(committee_genitive)s %(kind)s den %(date)s") % {
            "committee_genitive": self.committee.name_genitive,
            "kind": self.get_kind_display(), "date": formats.date_format(self.date, "j F Y")}

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_information(self):
        return self.kind == self.Kind.INFORMATION

    @property
    def handlingar_published(self):
        return self.handlingar_published_at is not None
