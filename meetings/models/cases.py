import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygghet.filters import DATE_RANGE_MESSAGE, within_years

from .. import diarium
from ..querysets import CaseAttachmentQuerySet, CaseQuerySet, SharedCommitteeQuerySet
from .committees import Committee

TITLE_MAX = 200
TEXT_MAX = 20000
BODY_MAX = 100000
LIST_MAX = 30
LIST_ITEM_MAX = 2000


class CaseNumberCounter(models.Model):
    """One row per series and year, locked while a number is taken from it: cases created at
    the same moment take turns, so each gets its own number."""

    series = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()

    objects = SharedCommitteeQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"],
                                               name="one_counter_per_series_and_year")]


def _check_list(errors, field, items, *, required=False, label=""):
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        errors[field] = _("Ange en lista med text.")
    elif required and not items:
        errors[field] = _("Skriv minst en punkt under %(section)s.") % {"section": label}
    elif len(items) > LIST_MAX:
        errors[field] = _("Högst %(n)s punkter.") % {"n": LIST_MAX}
    elif any(len(item) > LIST_ITEM_MAX for item in items):
        errors[field] = _("En punkt får vara högst %(n)s tecken.") % {"n": LIST_ITEM_MAX}


class Case(models.Model):
    """An ärende and its tjänsteskrivelse, as structured data: the sections are fields, so the
    agenda, the handlingar, the Word file and the API are made from the same text."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("utkast")
        READY = "klar", _("klar")
        ON_AGENDA = "dagordning", _("på dagordning")
        DECIDED = "beslutad", _("beslutad")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("utskott"))
    series = models.CharField(_("serie"), max_length=6)
    year = models.PositiveSmallIntegerField(_("år"), validators=[MaxValueValidator(99)])
    number = models.PositiveIntegerField(
        _("nummer"), validators=[MinValueValidator(1), MaxValueValidator(diarium.MAX_NUMBER)])
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    office = models.CharField(_("kontor"), max_length=120,
                              help_text=_("Till exempel Kommunledningskontoret."))
    officer_name = models.CharField(_("handläggare"), max_length=120)
    officer_email = models.EmailField(_("handläggarens e-post"))
    date = models.DateField(_("datum"))
    their_reference = models.CharField(_("er beteckning"), max_length=60, blank=True)
    proposals = models.JSONField(_("förslag till beslut"), default=list, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True, max_length=TEXT_MAX)
    decision_basis = models.JSONField(_("beslutsunderlag"), default=list, blank=True)
    body = models.TextField(_("ärendet"), blank=True, max_length=BODY_MAX)
    child_perspective = models.TextField(_("barnperspektiv"), blank=True, max_length=TEXT_MAX)
    signatories = models.JSONField(_("underskrifter"), default=list, blank=True)
    send_to = models.JSONField(_("beslut sänds till"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    # Raised by every save: a form from before a colleague's save is refused.
    revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "series", "-number"]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        constraints = [models.UniqueConstraint(
            fields=["series", "year", "number"], name="one_case_per_diarienummer",
            violation_error_message=_("Diarienumret används redan av ett annat ärende."))]

    def __str__(self):
        return f"{self.diarienummer} {self.title}"

    @property
    def diarienummer(self):
        return diarium.format_number(self.series, self.year, self.number)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_decided(self):
        return self.status == self.Status.DECIDED

    def clean(self):
        errors = {}
        self.series = (self.series or "").strip().upper()
        if not diarium.SERIES_PATTERN.match(self.series):
            errors["diarienummer"] = diarium.INVALID
        if self.date and not within_years(self.date):
            errors["date"] = DATE_RANGE_MESSAGE
        complete = self.status != self.Status.DRAFT
        _check_list(errors, "proposals", self.proposals, required=complete,
                    label=_("Förslag till beslut"))
        _check_list(errors, "decision_basis", self.decision_basis)
        _check_list(errors, "send_to", self.send_to)
        if (not isinstance(self.signatories, list) or len(self.signatories) > LIST_MAX
                or not all(isinstance(s, dict) and set(s) == {"name", "title"}
                           and all(isinstance(v, str) and len(v) <= 200 for v in s.values())
                           and s["name"].strip() for s in self.signatories)):
            errors["signatories"] = _("Ange varje underskrift som namn och titel.")
        elif complete and not self.signatories:
            errors["signatories"] = _("Ange vem som undertecknar tjänsteskrivelsen.")
        if complete and not self.child_perspective.strip():
            errors["child_perspective"] = _(
                "Beskriv barnperspektivet: hur beslutet påverkar barn och unga, eller varför det "
                "inte gör det. Det krävs innan ärendet är klart.")
        if complete and not self.summary.strip():
            errors["summary"] = _("Skriv en sammanfattning innan ärendet är klart.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            # The constraint spans three fields; the form and the API know it as one.
            raise ValidationError({"diarienummer": [m for ms in error.message_dict.values()
                                                    for m in ms]}) from None

    def sections(self):
        """The tjänsteskrivelse's sections in the order of the municipal layout."""
        return {
            "proposals": self.proposals, "summary": self.summary,
            "decision_basis": self.decision_basis, "body": self.body,
            "child_perspective": self.child_perspective, "signatories": self.signatories,
            "send_to": self.send_to,
        }


def attachment_path(instance, filename):
    # The stored name says nothing of the original (kept in original_name) and cannot be
    # guessed; the suffix follows the checked content, not the name given.
    return f"meetings/bilagor/{uuid.uuid4().hex}.{instance.kind}"


class CaseAttachment(models.Model):
    """A bilaga: a PDF or Word file, checked by its content when uploaded, served only to those
    who may see its case, always as a download."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments",
                             verbose_name=_("ärende"))
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX)
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=200)
    kind = models.CharField(_("typ"), max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField(_("storlek"))
    original_name = models.CharField(_("filnamn"), max_length=255)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    objects = CaseAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["case", "position", "pk"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self):
        return self.title

    @property
    def download_name(self):
        return f"{Path(self.original_name).stem or 'bilaga'}.{self.kind}"

    @property
    def content_type(self):
        return {"pdf": "application/pdf",
                "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                }[self.kind]
