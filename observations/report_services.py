"""Every write to lägesbilder: compile requests, compiling, annotating and publishing."""

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet.errors import DomainError
from trygghet.models import Membership

from . import lagesbild, permissions
from .models import CompileRequest, SituationReport


def parse_week(text: str) -> tuple[int, int]:
    """'2026-W46' (or '2026-46') as (2026, 46); a DomainError in Swedish otherwise."""
    cleaned = (text or "").strip().upper().replace("W", "").replace("V", "")
    try:
        year, week = (int(part) for part in cleaned.split("-"))
    except ValueError:
        raise DomainError(_("Ange veckan som år och vecka, till exempel 2026-W46."), "week") from None
    return validate_week(year, week)


def validate_week(year: int, week: int) -> tuple[int, int]:
    try:
        monday = date.fromisocalendar(int(year), int(week), 1)
    except (TypeError, ValueError):
        raise DomainError(_("Vecka %(week)s finns inte år %(year)s.") % {"week": week, "year": year},
                          "week") from None
    if monday > timezone.localdate():
        raise DomainError(_("Veckan har inte börjat än."), "week")
    return int(year), int(week)


@transaction.atomic
def request_compile(*, year: int, week: int, by=None) -> CompileRequest:
    """Ask for a week to be compiled; the task is queued once the request is committed.
    `by` is None for the beat schedule."""
    from .tasks import compile_lagesbild_task  # tasks import this module

    if by is not None and not permissions.can_manage_reports(by):
        raise PermissionDenied(_("Bara samordnare kan sammanställa lägesbilder."))
    year, week = validate_week(year, week)
    request = CompileRequest.objects.create(iso_year=year, iso_week=week, requested_by=by)
    transaction.on_commit(lambda: compile_lagesbild_task.delay(str(request.pk)))
    return request


def run_compile(*, request_id) -> SituationReport | None:
    """Compile the week of a request, once: a request that already has its report is done.

    Every request of the week is locked, always in the same order, for the whole compile: a
    second delivery of the same task waits and then finds the report, compiles of one week take
    turns and so number their versions without collision, and a worker killed mid-compile
    leaves nothing behind but an uncommitted transaction.
    """
    CompileRequest.objects.filter(pk=request_id, state=CompileRequest.State.QUEUED).update(
        state=CompileRequest.State.RUNNING, started_at=timezone.now())
    with transaction.atomic():
        week = CompileRequest.objects.values("iso_year", "iso_week").get(pk=request_id)
        list(CompileRequest.objects.select_for_update().filter(**week).order_by("pk")
             .values_list("pk", flat=True))
        existing = SituationReport.objects.filter(request_id=request_id).first()
        if existing:
            return existing
        request = CompileRequest.objects.get(pk=request_id)
        request.attempts += 1
        data = lagesbild.compile_week(request.iso_year, request.iso_week)
        version = (SituationReport.objects.filter(
            iso_year=request.iso_year, iso_week=request.iso_week
        ).aggregate(v=Max("version"))["v"] or 0) + 1
        report = SituationReport.objects.create(
            iso_year=request.iso_year, iso_week=request.iso_week, version=version,
            request=request, data=data,
        )
        request.state = CompileRequest.State.DONE
        request.finished_at = timezone.now()
        request.error = ""
        request.save(update_fields=["state", "finished_at", "attempts", "error"])
    return report


def mark_failed(*, request_id, error: str) -> None:
    CompileRequest.objects.filter(pk=request_id).exclude(state=CompileRequest.State.DONE).update(
        state=CompileRequest.State.FAILED, finished_at=timezone.now(), error=error[:2000])


@transaction.atomic
def annotate_report(*, report: SituationReport, by, analysis: str, recommendations: str):
    """The coordinator's analysis and recommended insatser; only before publishing."""
    if not permissions.can_manage_reports(by):
        raise PermissionDenied(_("Bara samordnare kan skriva analysen."))
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise DomainError(_("Lägesbilden är publicerad och kan inte ändras."))
    report.analysis, report.recommendations = analysis or "", recommendations or ""
    report.full_clean()
    report.save(update_fields=["analysis", "recommendations"])
    return report


@transaction.atomic
def publish_report(*, report: SituationReport, by):
    """Publish for every partner; members who asked for it are e-mailed after commit."""
    from .tasks import send_report_published_task  # tasks import this module

    if not permissions.can_manage_reports(by):
        raise PermissionDenied(_("Bara samordnare kan publicera lägesbilder."))
    report = SituationReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise DomainError(_("Lägesbilden är redan publicerad."))
    if not report.analysis.strip():
        raise DomainError(_("Skriv en analys innan lägesbilden publiceras."), "analysis")
    report.published_at, report.published_by = timezone.now(), by
    report.save(update_fields=["published_at", "published_by"])
    transaction.on_commit(lambda: send_report_published_task.delay(report.pk))
    return report


def send_published_mail(*, report_id: int) -> int:
    """E-mail the headline figures and a link to members who opted in."""
    report = SituationReport.objects.get(pk=report_id)
    recipients = list(Membership.objects.filter(
        lagesbild_email=True, user__is_active=True).exclude(user__email="")
        .values_list("user__email", flat=True))
    if not recipients:
        return 0
    total = report.data["total"]
    link = settings.SITE_URL + reverse("observations:report-detail", args=[report.pk])
    subject = f"Lägesbild vecka {report.iso_week} {report.iso_year} är publicerad"
    body = (
        f"Lägesbilden för vecka {report.iso_week} {report.iso_year} är publicerad.\n\n"
        f"Observationer: {total['count']} (veckan före: {total['previous']}, "
        f"snitt fyra veckor: {total['mean4']})\n"
        f"Allvarliga händelser: {report.data['serious_count']}\n"
        f"Öppna efter 14 dagar: {report.data['open_count']}\n\n{link}\n"
    )
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
