import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import DocumentJobQuerySet
from .committees import Meeting


class DocumentJob(models.Model):
    """One compile of a meeting's handlingar into a PDF, by a Celery task, with its progress.
    The unit of idempotency: however often its task runs, the job gets one file."""

    class State(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Sammanställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    class Variant(models.TextChoices):
        # Everything, for committee staff and members.
        FULL = "full", _("fullständiga")
        # For public pages: items holding personal data or under secrecy left out.
        PUBLIC = "public", _("för publicering")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="document_jobs")
    variant = models.CharField(max_length=10, choices=Variant.choices, default=Variant.FULL)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to="meetings/handlingar/", blank=True, max_length=200)
    pages = models.PositiveIntegerField(default=0)
    # Attachments that could not be appended, by title: the table of contents lists them.
    not_appended = models.JSONField(default=list, blank=True)
    # The digest of what the PDF was made from (meetings.compile.fingerprint): when the
    # meeting's differs, the PDF is outdated.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = DocumentJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("sammanställning av handlingar")
        verbose_name_plural = _("sammanställningar av handlingar")

    def __str__(self):
        return f"{self.meeting} ({self.get_state_display()})"

    @property
    def is_done(self):
        return self.state == self.State.DONE and bool(self.file)

    def is_current(self) -> bool:
        """Whether the finished PDF holds what the meeting's cases and agenda hold now."""
        from ..compile import fingerprint

        return self.is_done and self.fingerprint == fingerprint(self.meeting)

    @property
    def percent(self):
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0
