"""Every write to lägesbilder: compile jobs, compiling, annotating, publishing and the mail
that follows. Each change of state writes its audit entry in the same transaction."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trygghet import audit, concurrency, effects, locks, outbox
from trygghet.errors import DomainError
from trygghet.weeks import validate_week, week_just_ended

from . import compile as compiler, permissions
from .models import CompileJob, SituationReport, data_hash

COMPILE_TASK = "situation.compile_report_task"
PUBLISHED_MAIL_TASK = "situation.send_report_published_task"


@transaction.atomic
def queue_compile(*, year: int, week: int, by=None) -> CompileJob:
    """Ask for a week to be compiled; the task is queued once the job is committed, or by the
    outbox sweep when the broker is down. A week with a job already waiting gets that job, so
    a burst of clicks or API calls makes one compile. `by` is None for the beat schedule."""
    if by is not None and not permissions.can_manage_reports(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    year, week = validate_week(year, week)
    locks.hold("compile", year, week)  # the week may have no job to lock yet
    # Lock the week's jobs in a fixed order (as the compile does) while looking for one waiting.
    waiting = [job for job in CompileJob.objects.select_for_update()
               .filter(iso_year=year, iso_week=week).order_by("pk")
               if job.state == CompileJob.State.QUEUED]
    if waiting:
        return waiting[0]
    job = CompileJob.objects.create(iso_year=year, iso_week=week, requested_by=by)
    outbox.enqueue(COMPILE_TASK, str(job.pk))
    audit.record(actor=by, verb="report.compile_queued", target=job,
                 changes={"week": job.iso_week, "year": job.iso_year})
    return job


def compile_now(*, year: int, week: int, by=None) -> CompileJob:
    """Compile a week here and now, without a worker (the shell command, the demo loader)."""
    with transaction.atomic():
        if by is not None and not permissions.can_manage_reports(by):
            raise PermissionDenied(permissions.NOT_COORDINATOR)
        year, week = validate_week(year, week)
        # Not queued, so no entry of its own: the compile's entry says what happened.
        job = CompileJob.objects.create(iso_year=year, iso_week=week, requested_by=by)
    run_compile(job_id=job.pk)
    job.refresh_from_db()
    return job


def queue_last_week() -> CompileJob | None:
    """The Monday compile of the week just ended: once per week, however often beat fires."""
    year, week = week_just_ended()
    with transaction.atomic():
        if not effects.claim(f"situation.beat-compile:{year}-W{week:02d}"):
            return None
        return queue_compile(year=year, week=week)


def run_compile(*, job_id) -> SituationReport:
    """Compile the week of a job, once: a job that has its report is done.

    The attempt is counted in its own transaction first, so a failing compile still shows
    how often it was tried. Then every job of the week is locked, always in the same order, for
    the whole compile: a second delivery of the same task waits and then finds the report,
    compiles of one week take turns and so number their versions without collision, and a
    worker killed mid-compile leaves nothing behind but an uncommitted transaction.
    """
    CompileJob.objects.filter(pk=job_id).exclude(state=CompileJob.State.DONE).update(
        state=CompileJob.State.RUNNING, started_at=timezone.now())
    CompileJob.objects.filter(pk=job_id, report__isnull=True).update(
        attempts=F("attempts") + 1)
    with transaction.atomic():
        week = CompileJob.objects.values("iso_year", "iso_week").get(pk=job_id)
        list(CompileJob.objects.select_for_update().filter(**week).order_by("pk")
             .values_list("pk", flat=True))
        job = CompileJob.objects.select_related("report").get(pk=job_id)
        if job.report is not None:
            return job.report
        data = compiler.compile_week(job.iso_year, job.iso_week)
        fingerprint = data_hash(data)
        latest = _lock_week_reports(job.iso_year, job.iso_week)
        if latest is not None and latest.data_hash == fingerprint:
            report, new = latest, False
        else:
            report = SituationReport.objects.create(
                iso_year=job.iso_year, iso_week=job.iso_week,
                version=(latest.version if latest else 0) + 1, data=data, data_hash=fingerprint)
            new = True
        job.report, job.made_new_version = report, new
        job.state, job.finished_at, job.error = CompileJob.State.DONE, timezone.now(), ""
        job.save(update_fields=["report", "made_new_version", "state", "finished_at", "error"])
        audit.record(actor=job.requested_by, verb="report.compiled" if new else "report.unchanged",
                     target=report, changes={"job": str(job.pk), "version": report.version})
    return report


def _lock_week_reports(iso_year, iso_week) -> SituationReport | None:
    """Lock the week's versions (a compile and a correction number theirs in turn) and return
    the latest."""
    versions = list(SituationReport.objects.of_week(iso_year, iso_week).select_for_update()
                    .order_by("-version").only("pk", "version", "data_hash"))
    return versions[0] if versions else None


@transaction.atomic
def mark_failed(*, job_id, error: str) -> None:
    """A compile that will not be retried: the coordinator's page says so."""
    job = CompileJob.objects.select_for_update().get(pk=job_id)
    if job.state == CompileJob.State.DONE:
        return
    job.state, job.finished_at, job.error = CompileJob.State.FAILED, timezone.now(), error[:2000]
    job.save(update_fields=["state", "finished_at", "error"])
    audit.record(actor=job.requested_by, verb="report.compile_failed", target=job,
                 changes={"error": job.error[:200]})


def _save_analysis(report, *, analysis, recommendations, revision) -> dict:
    """Write the analysis to a locked, unpublished report; returns what changed."""
    if report.is_published:
        raise DomainError(_("Lägesbilden är publicerad och kan inte ändras."))
    concurrency.ensure_current(report, revision)
    before = {"analysis": report.analysis, "recommendations": report.recommendations}
    report.analysis, report.recommendations = analysis or "", recommendations or ""
    report.full_clean()
    concurrency.bump(report)
    report.save(update_fields=["analysis", "recommendations", "revision"])
    return audit.changed_fields(before, {"analysis": report.analysis,
                                         "recommendations": report.recommendations})


@transaction.atomic
def annotate_report(*, report: SituationReport, by, analysis: str, recommendations: str,
                    revision=None) -> SituationReport:
    """The coordinator's analysis and recommended insatser; only before publishing. A save
    from a page older than a colleague's save is refused (the typed text stays on the page)."""
    if not permissions.can_manage_reports(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    changes = _save_analysis(report, analysis=analysis, recommendations=recommendations,
                             revision=revision)
    audit.record(actor=by, verb="report.annotated", target=report, changes=changes)
    return report


@transaction.atomic
def publish_report(*, report: SituationReport, by, analysis: str | None = None,
                   recommendations: str | None = None, revision=None) -> SituationReport:
    """Publish for every partner, with the analysis given (saved in the same step) or as
    saved. Members who asked for it are e-mailed after the commit."""
    if not permissions.can_manage_reports(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise DomainError(_("Lägesbilden är redan publicerad."))
    changes = {}
    if analysis is not None:
        changes = _save_analysis(report, analysis=analysis, recommendations=recommendations,
                                 revision=revision)
    if not report.analysis.strip():
        raise DomainError(_("Skriv en analys innan lägesbilden publiceras."), "analysis")
    report.published_at, report.published_by = timezone.now(), by
    report.save(update_fields=["published_at", "published_by"])
    outbox.enqueue(PUBLISHED_MAIL_TASK, report.pk)
    audit.record(actor=by, verb="report.published", target=report,
                 changes={"version": report.version, **changes})
    return report


@transaction.atomic
def correct_report(*, report: SituationReport, by, analysis: str, recommendations: str,
                   reason: str) -> SituationReport:
    """Correct a published lägesbild: a new published version of the same snapshot with the
    corrected analysis, who made it, when and why. The corrected version stays readable;
    readers land on the newest."""
    if not permissions.can_manage_reports(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    report = SituationReport.objects.get(pk=report.pk)
    latest = _lock_week_reports(report.iso_year, report.iso_week)
    if not report.is_published:
        raise DomainError(_("Bara en publicerad lägesbild rättas; ändra utkastet i stället."))
    if latest.pk != report.pk:
        raise DomainError(_("Det finns en nyare version av veckans lägesbild; rätta den i "
                            "stället."))
    if not (reason or "").strip():
        raise DomainError(_("Skriv varför lägesbilden rättas; det visas för alla som läser "
                            "den."), "reason")
    correction = SituationReport(
        iso_year=report.iso_year, iso_week=report.iso_week, version=report.version + 1,
        data=report.data, data_hash=report.data_hash, analysis=analysis or "",
        recommendations=recommendations or "", published_at=timezone.now(), published_by=by,
        corrects=report, correction_reason=reason.strip())
    correction.full_clean()
    if not correction.analysis.strip():
        raise DomainError(_("Skriv en analys innan lägesbilden publiceras."), "analysis")
    correction.save()
    outbox.enqueue(PUBLISHED_MAIL_TASK, correction.pk)
    audit.record(actor=by, verb="report.corrected", target=correction, changes={
        "corrects": report.version, "reason": correction.correction_reason,
        **audit.changed_fields({"analysis": report.analysis,
                                "recommendations": report.recommendations},
                               {"analysis": correction.analysis,
                                "recommendations": correction.recommendations})})
    return correction


def published_mail_recipients():
    return get_user_model().objects.filter(
        membership__lagesbild_email=True, is_active=True).exclude(email="").order_by("pk")


def send_published_mail(*, report_id: int) -> int:
    """E-mail the headline figures and a link to each member who opted in, once per member
    and report however often the task runs (each mail is claimed before it is sent)."""
    report = SituationReport.objects.select_related("corrects").get(pk=report_id)
    # The week's address, which always opens the newest version the reader may see.
    link = settings.SITE_URL + reverse("situation:report-week", args=[report.label])
    sent = 0
    for user in published_mail_recipients():
        with transaction.atomic():
            if not effects.claim(f"situation.published-mail:{report.pk}:{user.pk}"):
                continue
            subject, body = _published_mail(report, link)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
    return sent


def _published_mail(report, link):
    # The municipality's language: members share one inbox language, Swedish unless set.
    with translation.override(settings.LANGUAGE_CODE):
        data = report.data
        total = data["total"]
        if report.corrects_id:
            subject = _("Lägesbild vecka %(week)s %(year)s är rättad") % {
                "week": report.iso_week, "year": report.iso_year}
            opening = [_("Lägesbilden för vecka %(week)s %(year)s är rättad: %(reason)s") % {
                "week": report.iso_week, "year": report.iso_year,
                "reason": report.correction_reason}]
        else:
            subject = _("Lägesbild vecka %(week)s %(year)s är publicerad") % {
                "week": report.iso_week, "year": report.iso_year}
            opening = [_("Lägesbilden för vecka %(week)s %(year)s är publicerad.") % {
                "week": report.iso_week, "year": report.iso_year}]
        body = "\n".join(opening + [
            "",
            _("Observationer: %(count)s (veckan före: %(previous)s, snitt fyra veckor: %(mean)s)")
            % {"count": total["count"], "previous": total["previous"], "mean": total["mean4"]},
            _("Allvarliga händelser: %(n)s") % {"n": data["serious_count"]},
            _("Öppna efter 14 dagar: %(n)s") % {"n": data["open_count"]},
            "",
            link,
        ])
    return subject, body + "\n"
