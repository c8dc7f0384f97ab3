"""Cases (ärenden): drafting the tjänsteskrivelse, its diarienummer, its status by hand, and
its attachments."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet import audit, concurrency
from trygghet.errors import DomainError

from .. import diarium, files, permissions, richtext
from ..models import Case, CaseAttachment, CaseNumberCounter, Committee
from .documents import recompile_published_with

DEFAULT_SERIES = "KS"
# The tjänsteskrivelse's fields a service may set, and those whose text is too long to keep
# in the audit trail (their change is recorded as "ändrad").
CASE_FIELDS = ("committee", "title", "office", "officer_name", "officer_email", "date",
               "their_reference", "proposals", "summary", "decision_basis", "body",
               "child_perspective", "signatories", "send_to")
LONG_FIELDS = {"proposals", "summary", "decision_basis", "body", "child_perspective",
               "signatories", "send_to"}


def _require_staff(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(permissions.NOT_STAFF)


def default_series() -> str:
    """The series of the latest case, or KS (kommunstyrelsen's), where committees' cases are
    usually registered."""
    latest = Case.objects.order_by("-created_at", "-pk").values_list("series", flat=True).first()
    return latest or DEFAULT_SERIES


def next_free_number(series: str | None = None, year: int | None = None) -> diarium.Diarienummer:
    """The number a new case would get now (a suggestion: it is taken only when the case is
    created, under the series' lock)."""
    series = series or default_series()
    year = diarium.two_digit_year(timezone.localdate().year) if year is None else year
    highest = Case.objects.filter(series=series, year=year).aggregate(n=Max("number"))["n"]
    return diarium.Diarienummer(series, year, (highest or 0) + 1)


def _lock_series(series: str, year: int) -> None:
    """Take the series' and year's counter row (creating it if it is the first case): cases
    created at the same moment wait here for each other."""
    CaseNumberCounter.objects.bulk_create([CaseNumberCounter(series=series, year=year)],
                                          ignore_conflicts=True)
    CaseNumberCounter.objects.select_for_update().get(series=series, year=year)


def _take_number(case: Case, wanted: diarium.Diarienummer | None) -> None:
    """Give the case the wanted diarienummer, or the next free one; under the series' lock."""
    if wanted is None:
        wanted = next_free_number()
        _lock_series(wanted.series, wanted.year)
        wanted = next_free_number(wanted.series, wanted.year)
        if wanted.number > diarium.MAX_NUMBER:
            raise ValidationError({"diarienummer": _("Serien %(series)s har inga lediga nummer "
                                                     "kvar för året.") % {"series": wanted.series}})
    else:
        _lock_series(wanted.series, wanted.year)
        taken = Case.objects.filter(series=wanted.series, year=wanted.year,
                                    number=wanted.number).exclude(pk=case.pk).first()
        if taken is not None:
            following = next_free_number(wanted.series, wanted.year)
            if following.number > diarium.MAX_NUMBER:
                raise ValidationError({"diarienummer": _(
                    "%(number)s används redan av ärendet ”%(title)s”, och serien har inga "
                    "högre nummer kvar för året.") % {"number": wanted, "title": taken.title}})
            raise ValidationError({"diarienummer": _(
                "%(number)s används redan av ärendet ”%(title)s”. Nästa lediga nummer är "
                "%(next)s.") % {"number": wanted, "title": taken.title, "next": following}})
    case.series, case.year, case.number = wanted.series, wanted.year, wanted.number


def _save_new(case: Case) -> None:
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Only a number taken past the lock (by hand in the database) can get here.
        raise ValidationError({"diarienummer": _("Diarienumret används redan av ett annat "
                                                 "ärende.")}) from None


def _set_fields(case: Case, fields: dict) -> None:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise DomainError(_("Dessa fält kan inte ändras: %s") % ", ".join(sorted(unknown)))
    for field, value in fields.items():
        if field in ("proposals", "decision_basis", "send_to"):
            value = [item.strip() for item in (value or []) if item and item.strip()]
        elif field == "signatories":
            value = [{"name": s["name"].strip(), "title": s.get("title", "").strip()}
                     for s in (value or []) if isinstance(s, dict) and s.get("name", "").strip()]
        elif field == "body":
            value = richtext.clean(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(case, field, value)


@transaction.atomic
def create_case(*, by, committee: Committee, title: str, office: str, officer_name: str,
                officer_email: str, date: date, diarienummer: diarium.Diarienummer | None = None,
                **sections) -> Case:
    """Draft a case. Without a diarienummer it gets the next free one in the series; with one,
    the number must be free."""
    _require_staff(by)
    case = Case(created_by=by, status=Case.Status.DRAFT)
    _set_fields(case, {"committee": committee, "title": title, "office": office,
                       "officer_name": officer_name, "officer_email": officer_email,
                       "date": date, **sections})
    _take_number(case, diarienummer)
    case.full_clean()
    _save_new(case)
    audit.record(actor=by, verb="case.created", target=case,
                 changes={"diarienummer": case.diarienummer, "title": case.title})
    return case


def _snapshot(case):
    return {field: (case.committee_id if field == "committee" else getattr(case, field))
            for field in CASE_FIELDS} | {"diarienummer": case.diarienummer}


@transaction.atomic
def update_case(*, case: Case, by, revision=None, diarienummer: diarium.Diarienummer | None = None,
                **fields) -> Case:
    """Change a tjänsteskrivelse. A save from a page older than a colleague's save is refused
    with what changed (the typed text stays on the page); a decided case is locked."""
    _require_staff(by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_decided:
        raise DomainError(_("Ärendet är beslutat och kan inte ändras."))
    concurrency.ensure_current(case, revision)
    before = _snapshot(case)
    _set_fields(case, fields)
    if diarienummer is not None and str(diarienummer) != case.diarienummer:
        _take_number(case, diarienummer)
    case.full_clean()
    concurrency.bump(case)
    case.updated_at = timezone.now()
    case.save()
    after = _snapshot(case)
    changes = {field: "ändrad" if field in LONG_FIELDS else [str(before[field]), str(value)]
               for field, value in after.items() if before[field] != value}
    audit.record(actor=by, verb="case.edited", target=case, changes=changes)
    recompile_published_with(case, by=by)
    return case


# The statuses staff set by hand; the agenda and the protokoll set the others.
MANUAL_STATUSES = {Case.Status.DRAFT: {Case.Status.READY}, Case.Status.READY: {Case.Status.DRAFT}}


@transaction.atomic
def change_case_status(*, case: Case, by, to: str, revision=None) -> Case:
    """Mark a draft as ready (its tjänsteskrivelse must then be complete), or a ready case as a
    draft again."""
    _require_staff(by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    concurrency.ensure_current(case, revision)
    if to not in MANUAL_STATUSES.get(case.status, set()):
        raise DomainError(_("Ärendet är %(status)s och kan inte bli %(to)s här.") % {
            "status": case.get_status_display(), "to": Case.Status(to).label
            if to in Case.Status.values else to}, field="to")
    before = case.status
    case.status = to
    case.full_clean()
    concurrency.bump(case)
    case.save(update_fields=["status", "revision"])
    audit.record(actor=by, verb="case.status_changed", target=case,
                 changes={"status": [before, to]})
    return case


def _read_upload(upload) -> bytes:
    limit = files.max_bytes()
    if upload.size is not None and upload.size > limit:
        files.kind_of(b"\0" * (limit + 1))  # raises the size message
    data = upload.read(limit + 1)
    return data


@transaction.atomic
def add_attachment(*, case: Case, by, title: str, upload) -> CaseAttachment:
    """Attach a PDF or Word file to a case (checked by its content and size)."""
    _require_staff(by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_decided:
        raise DomainError(_("Ärendet är beslutat och kan inte ändras."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Ge bilagan en rubrik, till exempel ”Medborgarlöfte "
                                          "2018”.")})
    data = _read_upload(upload)
    kind = files.kind_of(data)
    position = (case.attachments.aggregate(n=Max("position"))["n"] or 0) + 1
    attachment = CaseAttachment(case=case, title=title, kind=kind, size=len(data),
                                original_name=(getattr(upload, "name", "") or "bilaga")[-255:],
                                position=position, uploaded_by=by)
    attachment.full_clean(exclude=["file"])
    attachment.file.save(f"bilaga.{kind}", ContentFile(data), save=False)
    try:
        attachment.save()
        audit.record(actor=by, verb="case.attachment_added", target=case,
                     changes={"attachment": title, "kind": kind, "size": len(data)})
        recompile_published_with(case, by=by)
    except Exception:
        # The row did not come to be; neither does its file.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: CaseAttachment, by) -> None:
    """Remove an attachment; its file goes once the removal is committed."""
    _require_staff(by)
    case = Case.objects.select_for_update().get(pk=attachment.case_id)
    if case.is_decided:
        raise DomainError(_("Ärendet är beslutat och kan inte ändras."))
    attachment = CaseAttachment.objects.get(pk=attachment.pk)
    storage, name, title = attachment.file.storage, attachment.file.name, attachment.title
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
    audit.record(actor=by, verb="case.attachment_removed", target=case,
                 changes={"attachment": title})
    recompile_published_with(case, by=by)
