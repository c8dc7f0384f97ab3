"""Every write to agreements, their priority areas, indicators, åtgärdsplan and documents:
the pages, the API and the demo loader call these. Each change of state writes one audit
entry in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from observations.interventions.models import Intervention
from trygghet import audit, concurrency, locks, outbox
from trygghet.errors import DomainError

from . import compile as compiler, files, indicator_csv, permissions
from .models import (
    Agreement,
    AgreementDocument,
    Indicator,
    IndicatorValue,
    Measure,
    PriorityArea,
    YearlyReport,
    YearlyReportJob,
    data_hash,
)


def _require_manager(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)


def _ids(objects):
    return sorted({o.pk if hasattr(o, "pk") else int(o) for o in objects})


def _relation_ids(instance, field):
    return sorted(getattr(instance, field).values_list("pk", flat=True))


def _changes(before: dict, after: dict, texts=()) -> dict:
    """{field: [old, new]} for what changed; long texts only as "ändrad"."""
    return {field: "ändrad" if field in texts else [_plain(before.get(field)), _plain(value)]
            for field, value in after.items() if before.get(field) != value}


def _plain(value):
    return value if value is None or isinstance(value, (int, str, list, bool)) else str(value)


# The agreement

AGREEMENT_FIELDS = ("title", "description", "starts_on", "ends_on", "signed_on", "signatories")
AGREEMENT_TEXTS = ("description", "signatories")


@transaction.atomic
def save_agreement(*, by, agreement: Agreement | None = None, revision=None, title: str,
                   parties, starts_on, ends_on=None, signed_on=None, description: str = "",
                   signatories: str = "") -> Agreement:
    """Record a new agreement or change one: title, parties, period, signing, signatories. A
    change from a page older than a colleague's save is refused."""
    _require_manager(by)
    party_ids = _ids(parties)
    if len(party_ids) < 2:
        raise ValidationError({"parties": _("Välj minst två parter, till exempel kommunen och "
                                            "lokalpolisområdet.")})
    creating = agreement is None
    if creating:
        agreement, before, parties_before = Agreement(created_by=by), {}, []
    else:
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        concurrency.ensure_current(agreement, revision)
        before = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS}
        parties_before = _relation_ids(agreement, "parties")
    values = {"title": (title or "").strip(), "description": description or "",
              "starts_on": starts_on, "ends_on": ends_on, "signed_on": signed_on,
              "signatories": (signatories or "").strip()}
    for field, value in values.items():
        setattr(agreement, field, value)
    agreement.full_clean()
    if not creating:
        concurrency.bump(agreement)
    agreement.save()
    agreement.parties.set(party_ids)
    changes = _changes(before, values, AGREEMENT_TEXTS)
    if parties_before != party_ids:
        changes["parties"] = [parties_before, party_ids]
    audit.record(actor=by, verb="agreement.created" if creating else "agreement.changed",
                 target=agreement, changes=changes)
    return agreement


@transaction.atomic
def save_priority_area(*, by, agreement: Agreement, priority_area: PriorityArea | None = None,
                       name: str, description: str = "", order: int | None = None) -> PriorityArea:
    """Add a priority area to an agreement, or rename or describe one."""
    _require_manager(by)
    # One change of the agreement's areas at a time: two alike would both pass the check
    # that the name is free, and one would fail at the database's.
    Agreement.objects.select_for_update().get(pk=agreement.pk)
    creating = priority_area is None
    if creating:
        last = agreement.priority_areas.order_by("-order").values_list("order", flat=True).first()
        priority_area = PriorityArea(agreement=agreement,
                                     order=(last or 0) + 1 if order is None else order)
        before = {}
    else:
        priority_area = PriorityArea.objects.select_for_update().get(pk=priority_area.pk)
        before = {"name": priority_area.name, "description": priority_area.description,
                  "order": priority_area.order}
    priority_area.name, priority_area.description = (name or "").strip(), description or ""
    if order is not None:
        priority_area.order = order
    priority_area.full_clean()
    priority_area.save()
    audit.record(actor=by, verb="priority_area.created" if creating else "priority_area.changed",
                 target=priority_area, changes=_changes(before, {
                     "name": priority_area.name, "description": priority_area.description,
                     "order": priority_area.order}, ("description",)))
    return priority_area


# Indicators

INDICATOR_FIELDS = ("name", "unit", "source", "source_detail", "direction", "priority_area_id")


@transaction.atomic
def save_indicator(*, by, priority_area: PriorityArea, indicator: Indicator | None = None,
                   name: str, unit: str, source: str, direction: str,
                   source_detail: str = "") -> Indicator:
    """Add an indicator to a priority area, or change what one measures."""
    _require_manager(by)
    creating = indicator is None
    if creating:
        last = priority_area.indicators.order_by("-order").values_list("order", flat=True).first()
        indicator, before = Indicator(order=(last or 0) + 1), {}
    else:
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if indicator.priority_area.agreement_id != priority_area.agreement_id:
            raise DomainError(_("Indikatorn hör till en annan överenskommelse."), "priority_area")
        before = {f: getattr(indicator, f) for f in INDICATOR_FIELDS}
    indicator.priority_area = priority_area
    indicator.name, indicator.unit = (name or "").strip(), (unit or "").strip()
    indicator.source, indicator.source_detail = source, (source_detail or "").strip()
    indicator.direction = direction
    indicator.full_clean()
    indicator.save()
    audit.record(actor=by, verb="indicator.created" if creating else "indicator.changed",
                 target=indicator, changes=_changes(before, {f: getattr(indicator, f)
                                                             for f in INDICATOR_FIELDS}))
    return indicator


@transaction.atomic
def set_indicator_value(*, by, indicator: Indicator, year: int, value) -> IndicatorValue | None:
    """Type one year's value; an empty value removes the year's."""
    _require_manager(by)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    existing = indicator.values.filter(year=year).first()
    old = str(existing.value) if existing else None
    if value is None:
        if existing is None:
            raise DomainError(_("Det finns inget värde för %(year)s att ta bort.")
                              % {"year": year}, "value")
        existing.delete()
        audit.record(actor=by, verb="indicator.value_removed", target=indicator,
                     changes={"year": year, "value": [old, None]})
        return None
    row = existing or IndicatorValue(indicator=indicator, year=year)
    row.year, row.value = year, value
    row.full_clean(validate_constraints=False)
    row.save()
    row.refresh_from_db(fields=["value"])
    audit.record(actor=by, verb="indicator.value_set", target=indicator,
                 changes={"year": year, "value": [old, str(row.value)]})
    return row


@transaction.atomic
def import_indicator_values(*, by, indicator: Indicator, data: bytes) -> dict:
    """Yearly values from a CSV file (see indicator_csv): all lines or none. A year already
    there takes the file's value. Returns {year: value} as stored."""
    _require_manager(by)
    try:
        values = indicator_csv.parse(indicator_csv.decode(data))
    except indicator_csv.ImportRefused as refused:
        raise ValidationError({"file": [str(p) for p in refused.problems]}) from None
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = {v.year: str(v.value) for v in indicator.values.filter(year__in=list(values))}
    for year, value in values.items():
        IndicatorValue.objects.update_or_create(indicator=indicator, year=year,
                                                defaults={"value": value})
    audit.record(actor=by, verb="indicator.values_imported", target=indicator, changes={
        "years": sorted(values), "replaced": sorted(before)})
    return values


# The åtgärdsplan

MEASURE_FIELDS = ("cause", "action", "goals", "when", "follow_up", "status", "status_note",
                  "order")
MEASURE_TEXTS = ("cause", "action", "goals", "follow_up")


@transaction.atomic
def save_measure(*, by, priority_area: PriorityArea, measure: Measure | None = None,
                 revision=None, cause: str, action: str, status: str = Measure.Status.GREEN,
                 goals: str = "", when: str = "", follow_up: str = "", status_note: str = "",
                 organisations=(), interventions=(), order: int | None = None) -> Measure:
    """A row of the åtgärdsplan: Orsak, Åtgärd, Operativa mål, När, Vem, Uppföljning, its
    status in green, yellow or red, and the insatser that carry it out."""
    _require_manager(by)
    intervention_ids = _ids(interventions)
    known = set(Intervention.objects.filter(pk__in=intervention_ids).values_list("pk", flat=True))
    if set(intervention_ids) - known:
        raise DomainError(_("Det finns ingen insats med nummer %(ids)s.") % {
            "ids": ", ".join(map(str, sorted(set(intervention_ids) - known)))}, "interventions")
    creating = measure is None
    if creating:
        last = priority_area.measures.order_by("-order").values_list("order", flat=True).first()
        measure, before, relations_before = Measure(created_by=by, order=(last or 0) + 1), {}, {}
    else:
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        concurrency.ensure_current(measure, revision)
        if measure.priority_area.agreement_id != priority_area.agreement_id:
            raise DomainError(_("Åtgärden hör till en annan överenskommelse."), "priority_area")
        before = {f: getattr(measure, f) for f in MEASURE_FIELDS}
        before["priority_area"] = measure.priority_area_id
        relations_before = {f: _relation_ids(measure, f)
                            for f in ("organisations", "interventions")}
    measure.priority_area = priority_area
    measure.cause, measure.action = (cause or "").strip(), (action or "").strip()
    measure.goals, measure.when = goals or "", (when or "").strip()
    measure.follow_up, measure.status = follow_up or "", status
    measure.status_note = (status_note or "").strip()
    if order is not None:
        measure.order = order
    measure.full_clean()
    if not creating:
        concurrency.bump(measure)
    measure.save()
    measure.organisations.set(_ids(organisations))
    measure.interventions.set(intervention_ids)
    after = {f: getattr(measure, f) for f in MEASURE_FIELDS}
    after["priority_area"] = measure.priority_area_id
    changes = _changes(before, after, MEASURE_TEXTS)
    for field in ("organisations", "interventions"):
        now = _relation_ids(measure, field)
        if relations_before.get(field, []) != now:
            changes[field] = [relations_before.get(field, []), now]
    audit.record(actor=by, verb="measure.created" if creating else "measure.changed",
                 target=measure, changes=changes)
    return measure


# Documents

def add_document(*, by, agreement: Agreement, title: str, upload) -> AgreementDocument:
    """Keep a document of the agreement (the signed text, an appendix): a PDF, Word or
    OpenDocument file, judged by its content and refused over the size limit. The file is
    written first and removed again if its row is not saved."""
    _require_manager(by)
    if (getattr(upload, "size", None) or 0) > files.max_bytes():
        raise ValidationError({"file": files.too_large()})
    data = upload.read(files.max_bytes() + 1)
    kind = files.kind_of(data)
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    document = AgreementDocument(agreement=agreement, title=(title or "").strip() or name,
                                 filename=name or f"dokument.{kind}", kind=kind, size=len(data),
                                 uploaded_by=by)
    document.full_clean(exclude=["file"])
    document.file.save(f"dokument.{kind}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            document.save()
            audit.record(actor=by, verb="agreement.document_added", target=agreement,
                         changes={"document": document.pk, "kind": kind, "size": document.size})
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def remove_document(*, by, document: AgreementDocument) -> None:
    """Remove a document; its file goes once the removal is committed."""
    _require_manager(by)
    document = AgreementDocument.objects.select_for_update().get(pk=document.pk)
    storage, name, agreement = document.file.storage, document.file.name, document.agreement
    document.delete()
    transaction.on_commit(lambda: storage.delete(name) if storage.exists(name) else None)
    audit.record(actor=by, verb="agreement.document_removed", target=agreement,
                 changes={"document": document.title})


# The yearly lägesbild and åtgärdsplan (lag 2023:196)

COMPILE_TASK = "agreements.compile_yearly_report_task"


def check_report_year(agreement: Agreement, year) -> int:
    """The year as an integer, if the agreement has a report for it to make; else a Swedish
    error on the field "year"."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Ange året med fyra siffror, till exempel 2026."), "year") from None
    years = agreement.report_years()
    if year not in years:
        if years:
            raise DomainError(_("Välj ett år mellan %(first)s och %(last)s, då överenskommelsen "
                                "gällt.") % {"first": years[-1], "last": years[0]}, "year")
        raise DomainError(_("Överenskommelsen har inte börjat gälla än."), "year")
    return year


@transaction.atomic
def queue_yearly_report(*, agreement: Agreement, year, by) -> YearlyReportJob:
    """Ask for a year to be compiled; the task is queued once the job is committed, or by the
    outbox sweep when the broker is down. A year with a job already waiting gets that job."""
    _require_manager(by)
    year = check_report_year(agreement, year)
    locks.hold("yearly-report", agreement.pk, year)  # the year may have no job to lock yet
    waiting = [job for job in YearlyReportJob.objects.select_for_update()
               .filter(agreement=agreement, year=year).order_by("pk")
               if job.state == YearlyReportJob.State.QUEUED]
    if waiting:
        return waiting[0]
    job = YearlyReportJob.objects.create(agreement=agreement, year=year, requested_by=by)
    outbox.enqueue(COMPILE_TASK, str(job.pk))
    audit.record(actor=by, verb="yearly_report.compile_queued", target=job,
                 changes={"agreement": agreement.pk, "year": year})
    return job


def compile_yearly_report_now(*, agreement: Agreement, year, by) -> YearlyReportJob:
    """Compile a year here and now, without a worker (the demo loader, the shell)."""
    with transaction.atomic():
        _require_manager(by)
        year = check_report_year(agreement, year)
        job = YearlyReportJob.objects.create(agreement=agreement, year=year, requested_by=by)
    run_yearly_compile(job_id=job.pk)
    job.refresh_from_db()
    return job


def run_yearly_compile(*, job_id) -> YearlyReport:
    """Compile the year of a job, once: a job that has its report is done.

    The attempt is counted in its own transaction first. Then every job of the agreement's
    year is locked, in one order, for the whole compile: a second delivery of the task waits
    and finds the report, and compiles of one year number their versions without collision.
    A new version keeps the analysis of causes written on the version before it.
    """
    YearlyReportJob.objects.filter(pk=job_id).exclude(state=YearlyReportJob.State.DONE).update(
        state=YearlyReportJob.State.RUNNING, started_at=timezone.now())
    YearlyReportJob.objects.filter(pk=job_id, report__isnull=True).update(
        attempts=F("attempts") + 1)
    with transaction.atomic():
        key = YearlyReportJob.objects.values("agreement_id", "year").get(pk=job_id)
        list(YearlyReportJob.objects.select_for_update().filter(**key).order_by("pk")
             .values_list("pk", flat=True))
        job = YearlyReportJob.objects.select_related("report", "agreement").get(pk=job_id)
        if job.report is not None:
            return job.report
        data = compiler.compile_year(job.agreement, job.year)
        fingerprint = data_hash(data)
        latest = (YearlyReport.objects.filter(agreement=job.agreement, year=job.year)
                  .order_by("-version").first())
        if latest is not None and latest.data_hash == fingerprint:
            report, new = latest, False
        else:
            report = YearlyReport.objects.create(
                agreement=job.agreement, year=job.year,
                version=(latest.version if latest else 0) + 1, data=data,
                data_hash=fingerprint, causes=dict(latest.causes) if latest else {})
            new = True
        job.report, job.made_new_version = report, new
        job.state, job.finished_at, job.error = YearlyReportJob.State.DONE, timezone.now(), ""
        job.save(update_fields=["report", "made_new_version", "state", "finished_at", "error"])
        audit.record(actor=job.requested_by,
                     verb="yearly_report.compiled" if new else "yearly_report.unchanged",
                     target=report, changes={"job": str(job.pk), "version": report.version})
    return report


@transaction.atomic
def mark_yearly_failed(*, job_id, error: str) -> None:
    """A compile that will not be retried: the coordinator's page says so."""
    job = YearlyReportJob.objects.select_for_update().get(pk=job_id)
    if job.state == YearlyReportJob.State.DONE:
        return
    job.state, job.finished_at = YearlyReportJob.State.FAILED, timezone.now()
    job.error = error[:2000]
    job.save(update_fields=["state", "finished_at", "error"])
    audit.record(actor=job.requested_by, verb="yearly_report.compile_failed", target=job,
                 changes={"error": job.error[:200]})


def _save_causes(report, causes, revision) -> dict:
    if report.is_published:
        raise DomainError(_("Rapporten är publicerad och kan inte ändras."))
    concurrency.ensure_current(report, revision)
    before = dict(report.causes)
    report.causes = {str(key): (text or "").strip() for key, text in causes.items()}
    report.full_clean()
    concurrency.bump(report)
    report.save(update_fields=["causes", "revision"])
    return {key: "ändrad" for key in set(before) | set(report.causes)
            if before.get(key, "") != report.causes.get(key, "")}


@transaction.atomic
def save_causes(*, report: YearlyReport, by, causes: dict, revision=None) -> YearlyReport:
    """The coordinator's analysis of causes, one text per priority area; only before
    publishing. A save from a page older than a colleague's save is refused."""
    _require_manager(by)
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    changes = _save_causes(report, causes, revision)
    audit.record(actor=by, verb="yearly_report.causes_saved", target=report, changes=changes)
    return report


@transaction.atomic
def publish_yearly_report(*, report: YearlyReport, by, causes: dict | None = None,
                          revision=None) -> YearlyReport:
    """Publish for every member and the committee, with the analysis given (saved in the same
    step) or as saved. Every priority area needs its analysis of causes first."""
    _require_manager(by)
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise DomainError(_("Rapporten är redan publicerad."))
    changes = {}
    if causes is not None:
        changes = _save_causes(report, causes, revision)
    missing = [area["name"] for area in report.data["priority_areas"]
               if not report.cause_for(area["id"])]
    if missing:
        raise DomainError(_("Skriv orsaksanalysen för %(areas)s innan rapporten publiceras.")
                          % {"areas": ", ".join(missing)}, "causes")
    report.published_at, report.published_by = timezone.now(), by
    report.save(update_fields=["published_at", "published_by"])
    audit.record(actor=by, verb="yearly_report.published", target=report,
                 changes={"version": report.version, **changes})
    return report
