"""Compiling a meeting's handlingar into one PDF: queued as a job, compiled by a Celery task
with its progress recorded, the result kept as the job's file."""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet import audit, outbox
from trygghet.errors import DomainError

from .. import permissions
from ..models import DocumentJob, Meeting

COMPILE_TASK = "meetings.compile_handlingar_task"


def queue_job(*, meeting: Meeting, by, variant: str) -> DocumentJob:
    """The job and its task (sent after the commit, or by the outbox's sweep); the caller
    writes the audit entry."""
    if not meeting.agenda_items.exists():
        raise DomainError(_("Dagordningen är tom; det finns inga handlingar att sammanställa."))
    job = DocumentJob.objects.create(meeting=meeting, variant=variant, requested_by=by)
    outbox.enqueue(COMPILE_TASK, str(job.pk))
    return job


def recompile_published(meetings, *, by) -> None:
    """After a change to what published handlingar hold (a case, an attachment, the agenda,
    the meeting), queue their public PDF again, in the caller's transaction; one waiting
    compile serves any number of changes. The old PDF is not served meanwhile (its
    fingerprint no longer matches), so the public never reads an outdated one."""
    for meeting in meetings:
        if not meeting.handlingar_published or not meeting.agenda_items.exists():
            continue
        if not meeting.document_jobs.filter(variant=DocumentJob.Variant.PUBLIC,
                                            state=DocumentJob.State.QUEUED).exists():
            queue_job(meeting=meeting, by=by, variant=DocumentJob.Variant.PUBLIC)


@transaction.atomic
def recompile_outdated() -> list:
    """The sweep behind `recompile_published`: every meeting whose published handlingar have
    no current public PDF (changed where no service was told, as in the admin, or compiled
    before PDFs carried their fingerprint) and none on the way gets one queued. Returns the
    meetings queued."""
    from ..compile import fingerprint

    queued = []
    published = Meeting.objects.with_published_handlingar().filter(agenda_items__isnull=False)
    # Locked, so that two sweeps (a second beat, a redelivery) never both queue one.
    meetings = Meeting.objects.filter(pk__in=published.values("pk")).select_for_update(
        ).order_by("pk")
    for meeting in meetings:
        jobs = meeting.document_jobs.filter(variant=DocumentJob.Variant.PUBLIC)
        if jobs.filter(state__in=(DocumentJob.State.QUEUED, DocumentJob.State.RUNNING)).exists():
            continue
        latest = jobs.filter(state=DocumentJob.State.DONE).exclude(file="").first()
        if latest is not None and latest.fingerprint == fingerprint(meeting):
            continue
        job = queue_job(meeting=meeting, by=None, variant=DocumentJob.Variant.PUBLIC)
        audit.record(actor=None, verb="handlingar.compile_queued", target=meeting,
                     changes={"job": str(job.pk), "why": "outdated"})
        queued.append(meeting)
    return queued


def recompile_published_with(case, *, by) -> None:
    """The same for every meeting with published handlingar whose agenda holds the case."""
    recompile_published(Meeting.objects.filter(
        agenda_items__case=case, handlingar_published_at__isnull=False).distinct(), by=by)


@transaction.atomic
def queue_handlingar(*, meeting: Meeting, by) -> DocumentJob:
    """Ask for the meeting's handlingar as one PDF. A request while one is waiting gets that
    one, so a double click makes one compile."""
    if not permissions.can_manage(by):
        raise PermissionDenied(permissions.NOT_STAFF)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    waiting = meeting.document_jobs.filter(variant=DocumentJob.Variant.FULL,
                                           state=DocumentJob.State.QUEUED).first()
    if waiting:
        return waiting
    job = queue_job(meeting=meeting, by=by, variant=DocumentJob.Variant.FULL)
    audit.record(actor=by, verb="handlingar.compile_queued", target=meeting,
                 changes={"job": str(job.pk)})
    return job


def _progress(job_id):
    def report(done, total):
        DocumentJob.objects.filter(pk=job_id).update(steps_done=done, steps_total=total)
    return report


def run_handlingar(*, job_id) -> DocumentJob:
    """Compile a job's handlingar, once: a job with its file is done. The compile reads and
    renders without holding locks (its progress is visible meanwhile); the result is kept
    under the job's lock, so two runs of one job (a redelivered task) leave one file."""
    from ..compile import compile_handlingar

    job = DocumentJob.objects.select_related("meeting").get(pk=job_id)
    if job.is_done:
        return job
    DocumentJob.objects.filter(pk=job_id).exclude(state=DocumentJob.State.DONE).update(
        state=DocumentJob.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)
    result = compile_handlingar(job.meeting, public=job.variant == DocumentJob.Variant.PUBLIC,
                                progress=_progress(job_id))
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(pk=job_id)
        if job.is_done:
            return job
        job.file.save(f"handlingar-{job.meeting_id}-{job.pk}.pdf", ContentFile(result.pdf),
                      save=False)
        job.pages, job.not_appended = result.pages, result.not_appended
        job.fingerprint = result.fingerprint
        job.state, job.finished_at, job.error = DocumentJob.State.DONE, timezone.now(), ""
        job.save(update_fields=["file", "pages", "not_appended", "fingerprint", "state",
                                "finished_at", "error"])
        audit.record(actor=job.requested_by, verb="handlingar.compiled", target=job.meeting,
                     changes={"job": str(job.pk), "pages": result.pages,
                              "variant": job.variant})
    return job


@transaction.atomic
def mark_job_failed(*, job_id, error: str) -> None:
    """A compile that will not be retried: the job's page says so."""
    job = DocumentJob.objects.select_for_update().select_related("meeting").get(pk=job_id)
    if job.state == DocumentJob.State.DONE:
        return
    job.state, job.finished_at, job.error = DocumentJob.State.FAILED, timezone.now(), error[:2000]
    job.save(update_fields=["state", "finished_at", "error"])
    audit.record(actor=job.requested_by, verb="handlingar.compile_failed", target=job.meeting,
                 changes={"job": str(job.pk), "error": job.error[:200]})
