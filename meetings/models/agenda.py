from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from observations.situation.models import SituationReport

from ..querysets import AgendaItemQuerySet
from .cases import TEXT_MAX, TITLE_MAX, Case
from .committees import Meeting


class Publicity(models.TextChoices):
    """Whether an item may be published: items holding personal data or under secrecy are left
    out of public pages and documents, with a note where they were."""

    PUBLIC = "offentlig", _("offentlig")
    PERSONAL_DATA = "personuppgifter", _("innehåller personuppgifter")
    SECRECY = "sekretess", _("omfattas av sekretess")


class AgendaItem(models.Model):
    """A point on a meeting's agenda: a case, or an information point (a title, who speaks,
    notes), which may carry the headline figures of a published lägesbild."""

    class Kind(models.TextChoices):
        CASE = "arende", _("ärende")
        INFORMATION = "information", _("information")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items",
                                verbose_name=_("möte"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="agenda_items", verbose_name=_("ärende"))
    title = models.CharField(_("rubrik"), max_length=TITLE_MAX, blank=True)
    speaker = models.CharField(_("föredragande"), max_length=200, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True, max_length=TEXT_MAX)
    situation_report = models.ForeignKey(
        SituationReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lägesbild"))
    # The lägesbild's headline figures as they were when embedded (numbers only): the agenda
    # and the handlingar show what the committee was shown.
    report_figures = models.JSONField(default=dict, blank=True, editable=False)
    publicity = models.CharField(_("offentlighet"), max_length=20, choices=Publicity.choices,
                                 default=Publicity.PUBLIC)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("dagordning")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="a_case_once_per_agenda",
                                    condition=models.Q(case__isnull=False)),
            models.CheckConstraint(
                name="a_case_item_has_its_case",
                condition=models.Q(kind="arende", case__isnull=False)
                | models.Q(kind="information", case__isnull=True)),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        if self.kind == self.Kind.INFORMATION and not self.title.strip():
            raise ValidationError({"title": _("Ge informationspunkten en rubrik.")})

    @property
    def heading(self):
        if self.case_id:
            return self.case.title
        return self.title

    @property
    def is_case(self):
        return self.kind == self.Kind.CASE

