"""The committee, its meetings and their agenda, and publishing the handlingar."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from observations.situation.models import SituationReport
from trygghet import audit
from trygghet.errors import DomainError

from .. import permissions
from ..models import AgendaItem, Case, Committee, CommitteeMember, Meeting, Publicity
from .documents import queue_job, recompile_published

MEETING_FIELDS = ("committee", "kind", "starts_at", "ends_at", "place")


def _require_staff(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(permissions.NOT_STAFF)


@transaction.atomic
def save_committee(*, committee: Committee, by) -> Committee:
    """Create or rename a committee (the admin's form calls this)."""
    creating = committee.pk is None
    fields = ("name", "protocol_kept_at")
    before = {} if creating else {f: getattr(Committee.objects.get(pk=committee.pk), f)
                                  for f in fields}
    committee.full_clean()
    committee.save()
    audit.record(actor=by, verb="committee.created" if creating else "committee.changed",
                 target=committee, changes=audit.changed_fields(
                     before, {f: getattr(committee, f) for f in fields}))
    return committee


@transaction.atomic
def save_committee_member(*, member: CommitteeMember, by) -> CommitteeMember:
    """Add a member to a committee, or change their role, party or whether they serve."""
    creating = member.pk is None
    fields = ("name", "party", "role", "active")
    before = {} if creating else {f: getattr(CommitteeMember.objects.get(pk=member.pk), f)
                                  for f in fields}
    member.full_clean()
    member.save()
    audit.record(actor=by, verb="committee.member_added" if creating
                 else "committee.member_changed", target=member.committee,
                 changes={"member": member.name} | audit.changed_fields(
                     before, {f: getattr(member, f) for f in fields}))
    return member


@transaction.atomic
def create_meeting(*, by, committee: Committee, kind: str, starts_at, place: str,
                   ends_at=None) -> Meeting:
    """Plan a meeting (a sammanträde or an informationsmöte)."""
    _require_staff(by)
    meeting = Meeting(committee=committee, kind=kind, starts_at=starts_at, ends_at=ends_at,
                      place=(place or "").strip())
    meeting.full_clean()
    meeting.save()
    audit.record(actor=by, verb="meeting.created", target=meeting,
                 changes={"starts_at": meeting.starts_at, "kind": kind})
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by, **fields) -> Meeting:
    """Move a meeting or change its place, until its protokoll is started."""
    _require_staff(by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.protocols.exists():
        raise DomainError(_("Protokollet är påbörjat; mötet kan inte längre ändras."))
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise DomainError(_("Dessa fält kan inte ändras: %s") % ", ".join(sorted(unknown)))
    before = {f: getattr(meeting, f) for f in MEETING_FIELDS}
    for field, value in fields.items():
        setattr(meeting, field, value.strip() if isinstance(value, str) else value)
    meeting.full_clean()
    meeting.save()
    after = {f: getattr(meeting, f) for f in MEETING_FIELDS}
    audit.record(actor=by, verb="meeting.changed", target=meeting, changes={
        f: [str(before[f]), str(v)] for f, v in after.items() if before[f] != v})
    recompile_published([meeting], by=by)
    return meeting


@transaction.atomic
def call_meeting(*, meeting: Meeting, by) -> Meeting:
    """The kallelse has gone out: the agenda is set."""
    _require_staff(by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError(_("Mötet är redan kallat."))
    if not meeting.agenda_items.exists():
        raise DomainError(_("Dagordningen är tom. Lägg till ärenden eller informationspunkter "
                            "först."))
    meeting.status = Meeting.Status.CALLED
    meeting.save(update_fields=["status"])
    audit.record(actor=by, verb="meeting.called", target=meeting,
                 changes={"status": [Meeting.Status.PLANNED, meeting.status]})
    return meeting


@transaction.atomic
def mark_meeting_held(*, meeting: Meeting, by) -> Meeting:
    """The meeting has taken place; its protokoll may be written."""
    _require_staff(by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in (Meeting.Status.PLANNED, Meeting.Status.CALLED):
        raise DomainError(_("Mötet är redan markerat som genomfört."))
    if meeting.starts_at > timezone.now():
        raise DomainError(_("Mötet har inte börjat än."))
    before = meeting.status
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    audit.record(actor=by, verb="meeting.held", target=meeting,
                 changes={"status": [before, meeting.status]})
    return meeting


def _lock_agenda(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.protocols.exists():
        raise DomainError(_("Protokollet är påbörjat; ändra i protokollet i stället för i "
                            "dagordningen."))
    return meeting


def _next_position(meeting):
    return (meeting.agenda_items.aggregate(n=Max("position"))["n"] or 0) + 1


def latest_published_report():
    return SituationReport.objects.published().order_by(
        "-iso_year", "-iso_week", "-version").first()


def headline_figures(report: SituationReport) -> dict:
    """The lägesbild's headline figures: counts only, nothing that could point at a person."""
    total = report.data.get("total", {})
    return {"year": report.iso_year, "week": report.iso_week, "version": report.version,
            "count": total.get("count"), "previous": total.get("previous"),
            "mean4": total.get("mean4"), "serious": report.data.get("serious_count"),
            "open": report.data.get("open_count")}


def _check_publicity(publicity):
    if publicity not in Publicity.values:
        raise DomainError(_("Välj om punkten är offentlig."), field="publicity")


@transaction.atomic
def add_case_to_agenda(*, meeting: Meeting, by, case: Case,
                       publicity: str = Publicity.PUBLIC) -> AgendaItem:
    """Put a ready case on the agenda, last."""
    _require_staff(by)
    meeting = _lock_agenda(meeting)
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_publicity(publicity)
    if case.committee_id != meeting.committee_id:
        raise DomainError(_("Ärendet hör till ett annat utskott."), field="case")
    if case.status != Case.Status.READY:
        raise DomainError(_("Bara ärenden som är klara kan sättas på dagordningen; "
                            "%(number)s är %(status)s.") % {
            "number": case.diarienummer, "status": case.get_status_display()}, field="case")
    item = AgendaItem.objects.create(meeting=meeting, kind=AgendaItem.Kind.CASE, case=case,
                                     position=_next_position(meeting), publicity=publicity)
    case.status = Case.Status.ON_AGENDA
    case.revision += 1
    case.save(update_fields=["status", "revision"])
    audit.record(actor=by, verb="agenda.case_added", target=meeting,
                 changes={"case": case.diarienummer, "position": item.position})
    recompile_published([meeting], by=by)
    return item


def _information_fields(item, *, title, speaker, notes, embed_report, publicity):
    _check_publicity(publicity)
    item.title, item.speaker, item.notes = (title or "").strip(), (speaker or "").strip(), (
        notes or "").strip()
    item.publicity = publicity
    if not embed_report:
        item.situation_report, item.report_figures = None, {}
    elif item.situation_report_id is None:
        report = latest_published_report()
        if report is None:
            raise DomainError(_("Det finns ingen publicerad lägesbild att visa."),
                              field="embed_report")
        item.situation_report, item.report_figures = report, headline_figures(report)
    item.full_clean()


@transaction.atomic
def add_information_point(*, meeting: Meeting, by, title: str, speaker: str = "",
                          notes: str = "", embed_report: bool = False,
                          publicity: str = Publicity.PUBLIC) -> AgendaItem:
    """An information point, last on the agenda; with embed_report it shows the headline
    figures of the latest published lägesbild."""
    _require_staff(by)
    meeting = _lock_agenda(meeting)
    item = AgendaItem(meeting=meeting, kind=AgendaItem.Kind.INFORMATION,
                      position=_next_position(meeting))
    _information_fields(item, title=title, speaker=speaker, notes=notes,
                        embed_report=embed_report, publicity=publicity)
    item.save()
    audit.record(actor=by, verb="agenda.information_added", target=meeting,
                 changes={"title": item.title, "position": item.position})
    recompile_published([meeting], by=by)
    return item


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, by, publicity: str, title: str = "",
                       speaker: str = "", notes: str = "", embed_report: bool = False,
                       refresh_report: bool = False) -> AgendaItem:
    """Change an information point, or whether a case item may be published."""
    _require_staff(by)
    _lock_agenda(item.meeting)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    before = {"title": item.title, "speaker": item.speaker, "publicity": item.publicity,
              "situation_report": item.situation_report_id}
    if item.is_case:
        _check_publicity(publicity)
        item.publicity = publicity
    else:
        if refresh_report:
            item.situation_report = None
        _information_fields(item, title=title, speaker=speaker, notes=notes,
                            embed_report=embed_report, publicity=publicity)
    item.save()
    audit.record(actor=by, verb="agenda.item_changed", target=item.meeting,
                 changes={"item": item.pk} | audit.changed_fields(before, {
                     "title": item.title, "speaker": item.speaker,
                     "publicity": item.publicity,
                     "situation_report": item.situation_report_id}))
    recompile_published([item.meeting], by=by)
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, by, up: bool) -> AgendaItem:
    """Move a point one step up or down the agenda."""
    _require_staff(by)
    meeting = _lock_agenda(item.meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        raise DomainError(_("Punkten står redan först.") if up else _("Punkten står redan sist."))
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    moved = items[target]
    audit.record(actor=by, verb="agenda.item_moved", target=meeting,
                 changes={"item": moved.pk, "position": [index + 1, target + 1]})
    recompile_published([meeting], by=by)
    return moved


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, by) -> None:
    """Take a point off the agenda; its case is ready again."""
    _require_staff(by)
    meeting = _lock_agenda(item.meeting)
    item = AgendaItem.objects.select_related("case").get(pk=item.pk)
    if item.case_id:
        case = Case.objects.select_for_update().get(pk=item.case_id)
        case.status = Case.Status.READY
        case.revision += 1
        case.save(update_fields=["status", "revision"])
    heading = item.heading
    item.delete()
    for position, other in enumerate(meeting.agenda_items.order_by("position", "pk"), start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])
    audit.record(actor=by, verb="agenda.item_removed", target=meeting,
                 changes={"title": heading})
    recompile_published([meeting], by=by)


@transaction.atomic
def publish_handlingar(*, meeting: Meeting, by) -> Meeting:
    """Publish the handlingar on public pages (without items holding personal data or under
    secrecy); their PDF for the public is compiled by the task."""
    _require_staff(by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.handlingar_published:
        raise DomainError(_("Handlingarna är redan publicerade."))
    if meeting.status == Meeting.Status.PLANNED:
        raise DomainError(_("Handlingarna publiceras när mötet är kallat."))
    if not meeting.agenda_items.exists():
        raise DomainError(_("Dagordningen är tom."))
    meeting.handlingar_published_at, meeting.handlingar_published_by = timezone.now(), by
    meeting.save(update_fields=["handlingar_published_at", "handlingar_published_by"])
    job = queue_job(meeting=meeting, by=by, variant="public")
    audit.record(actor=by, verb="meeting.handlingar_published", target=meeting,
                 changes={"job": str(job.pk)})
    return meeting
