from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import (
    AttendanceQuerySet,
    ParagraphQuerySet,
    PostingQuerySet,
    ProtocolQuerySet,
)
from .agenda import AgendaItem, Publicity
from .cases import TEXT_MAX, TITLE_MAX, Case
from .committees import CommitteeMember, Meeting

# Justering normally within two weeks of the meeting; later is allowed, with a warning.
ADJUST_WITHIN_DAYS = 14
# An appeal against a decision must arrive within three weeks of the notice (anslag).
APPEAL_DAYS = 21


class Protocol(models.Model):
    """The protokoll of a meeting (minnesanteckningar for an information meeting): drafted,
    then justerat and locked. A correction after justering is a new version; the old one stays
    as it was justerat."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("utkast")
        ADJUSTED = "justerat", _("justerat")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="protocols",
                                verbose_name=_("möte"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    opening = models.TextField(_("inledning"), blank=True, max_length=TEXT_MAX)
    others_present = models.TextField(_("övriga närvarande"), blank=True, max_length=TEXT_MAX)
    adjuster = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("justerare"))
    adjustment_place = models.CharField(_("justeringens plats och tid"), max_length=200,
                                        blank=True)
    footnotes = models.JSONField(_("fotnoter"), default=list, blank=True)
    correction_reason = models.TextField(_("skäl till rättelsen"), blank=True,
                                         max_length=TEXT_MAX)
    adjusted_on = models.DateField(_("justerat"), null=True, blank=True)
    adjusted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(_("publicerat"), null=True, blank=True)
    public_pdf = models.FileField(upload_to="meetings/protokoll/", blank=True, max_length=200)
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("protokoll")
        verbose_name_plural = _("protokoll")
        constraints = [models.UniqueConstraint(fields=["meeting", "version"],
                                               name="one_protocol_per_version")]

    def __str__(self):
        return f"{self.meeting} v{self.version}"

    def clean(self):
        if not isinstance(self.footnotes, list) or not all(
                isinstance(note, str) and len(note) <= 2000 for note in self.footnotes):
            raise ValidationError({"footnotes": _("Ange fotnoterna som text, högst 2 000 tecken "
                                                  "var.")})

    @property
    def is_adjusted(self):
        return self.status == self.Status.ADJUSTED

    @property
    def is_minutes(self):
        """An information meeting has minnesanteckningar: no decisions, no § numbers."""
        return self.meeting.is_information

    @property
    def adjust_by(self):
        """The last day of the normal justering period."""
        from datetime import timedelta

        return self.meeting.date + timedelta(days=ADJUST_WITHIN_DAYS)


class Attendance(models.Model):
    """Who was there. Name, party and role are copied from the member when the protokoll is
    started, so that a protokoll still says who was there after the committee changes."""

    class Presence(models.TextChoices):
        PRESENT = "narvarande", _("närvarande")
        ABSENT = "franvarande", _("frånvarande")
        SERVING = "tjanstgorande", _("tjänstgörande ersättare")
        SUBSTITUTE = "ej_tjanstgorande", _("närvarande ersättare, ej tjänstgörande")

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("namn"), max_length=120)
    party = models.CharField(_("parti"), max_length=6, blank=True)
    role = models.CharField(_("roll"), max_length=20, choices=CommitteeMember.Role.choices)
    presence = models.CharField(_("närvaro"), max_length=20, choices=Presence.choices)
    serving_for = models.ForeignKey(CommitteeMember, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("tjänstgör för"))
    position = models.PositiveSmallIntegerField(default=0)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["protocol", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["protocol", "member"],
                                               name="a_member_once_per_protocol")]

    def __str__(self):
        return f"{self.name} ({self.party})" if self.party else self.name

    @property
    def is_secretary(self):
        return self.role == CommitteeMember.Role.SECRETARY


class Paragraph(models.Model):
    """One paragraph of the protokoll (§ 12): notes, and for a case the decision, yrkanden
    and reservations. A paragraph justerad omedelbart is locked on its own."""

    class Decision(models.TextChoices):
        NONE = "", _("inget beslut")
        ADOPTED = "bifall", _("förslaget bifalls")
        AMENDED = "andrat", _("ändrat beslut")
        NOTED = "noterat", _("informationen noteras")

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="paragraphs")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="paragraphs")
    number = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    speaker = models.CharField(_("föredragande"), max_length=200, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True, max_length=TEXT_MAX * 2)
    decision = models.CharField(_("beslut"), max_length=10, choices=Decision.choices,
                                blank=True)
    decision_text = models.TextField(_("beslutstext"), blank=True, max_length=TEXT_MAX)
    motions = models.TextField(_("yrkanden"), blank=True, max_length=TEXT_MAX)
    reservations = models.TextField(_("reservationer"), blank=True, max_length=TEXT_MAX)
    publicity = models.CharField(_("offentlighet"), max_length=20, choices=Publicity.choices,
                                 default=Publicity.PUBLIC)
    adjusted_on = models.DateField(_("omedelbart justerad"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["protocol", "position", "pk"]
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafer")
        constraints = [models.UniqueConstraint(
            fields=["protocol", "number"], name="one_paragraph_per_number",
            condition=models.Q(number__isnull=False))]

    def __str__(self):
        return f"§ {self.number} {self.title}" if self.number else self.title

    def clean(self):
        if self.decision == self.Decision.AMENDED and not self.decision_text.strip():
            raise ValidationError({"decision_text": _("Skriv det ändrade beslutet.")})


    @property
    def locked(self):
        return self.adjusted_on is not None or self.protocol.is_adjusted


class Posting(models.Model):
    """An anslag on the public anslagstavla: the justering of a protokoll (or of one paragraph
    justerad omedelbart) made known, which starts the three weeks in which a decision may be
    appealed."""

    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="postings")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="postings")
    adjusted_on = models.DateField(_("justerat"))
    posted_on = models.DateField(_("anslaget sätts upp"))
    appeal_ends_on = models.DateField(_("sista dag att överklaga"))
    kept_at = models.CharField(_("förvaringsplats för protokollet"), max_length=120)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("anslag")
        verbose_name_plural = _("anslag")

    def __str__(self):
        return f"{self.protocol} {self.posted_on}"

