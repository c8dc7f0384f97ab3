import hashlib
import json
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygghet.weeks import week_label

from . import snapshot
from .querysets import CompileJobQuerySet, SituationReportQuerySet

ANALYSIS_MAX = 20000
RECOMMENDATIONS_MAX = 10000


def data_hash(data) -> str:
    """A fingerprint of a snapshot: two compiles of an unchanged week have the same one."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class SituationReport(models.Model):
    """The weekly lägesbild: an immutable snapshot of one ISO week, then annotated and
    published by the coordinator. A recompiled week whose observations changed is a new
    version."""

    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("vecka"))
    version = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField(_("sammanställning"))
    data_hash = models.CharField(max_length=64, blank=True, editable=False)
    compiled_at = models.DateTimeField(_("sammanställd"), default=timezone.now)
    analysis = models.TextField(_("analys"), blank=True, max_length=ANALYSIS_MAX,
                                validators=[MaxLengthValidator(ANALYSIS_MAX)])
    recommendations = models.TextField(_("rekommenderade insatser"), blank=True,
                                       max_length=RECOMMENDATIONS_MAX,
                                       validators=[MaxLengthValidator(RECOMMENDATIONS_MAX)])
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # Raised by every save of the analysis: a form from before a colleague's save is refused.
    revision = models.PositiveIntegerField(default=0, editable=False)
    # A correction of a published report is a new published version of the same snapshot with
    # the corrected analysis; the one it corrects stays readable.
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="correction",
        verbose_name=_("rättar"),
    )
    correction_reason = models.TextField(_("varför den rättades"), blank=True, max_length=2000,
                                         validators=[MaxLengthValidator(2000)])

    objects = SituationReportQuerySet.as_manager()

    class Meta:
        # The table from before the lägesbild had a room of its own.
        db_table = "observations_situationreport"
        ordering = ["-iso_year", "-iso_week", "-version"]
        verbose_name = _("lägesbild")
        verbose_name_plural = _("lägesbilder")
        constraints = [
            models.UniqueConstraint(fields=["iso_year", "iso_week", "version"],
                                    name="one_version_number_per_week"),
        ]

    def __str__(self):
        return f"{self.label} v{self.version}"

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def label(self):
        return week_label(self.iso_year, self.iso_week)

    def data_for(self, user):
        """The snapshot as this user may read it (see snapshot.py)."""
        return snapshot.redact(self.data, user)


class CompileJob(models.Model):
    """One request to compile a week, and the unit of idempotency: however often its task runs,
    it yields one report (a new version, or the latest one when the week has not changed)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Sammanställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    iso_year = models.PositiveSmallIntegerField(_("år"))
    iso_week = models.PositiveSmallIntegerField(_("vecka"))
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
    report = models.ForeignKey(
        SituationReport, on_delete=models.PROTECT, null=True, blank=True, related_name="jobs",
    )
    # Whether the job's compile made a new version, or found the week unchanged.
    made_new_version = models.BooleanField(default=False)

    objects = CompileJobQuerySet.as_manager()

    class Meta:
        db_table = "observations_compilerequest"
        ordering = ["-requested_at"]
        verbose_name = _("sammanställning")
        verbose_name_plural = _("sammanställningar")

    def __str__(self):
        return f"{week_label(self.iso_year, self.iso_week)} ({self.get_state_display()})"
