"""The protokoll: started from the agenda, recorded paragraph by paragraph, justerat (which
posts the anslag and locks it), corrected as a new version, published."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet import audit, concurrency
from trygghet.errors import DomainError
from trygghet.filters import DATE_RANGE_MESSAGE, within_years

from .. import appeal, permissions, richtext
from ..models import (
    Attendance,
    Case,
    Committee,
    CommitteeMember,
    Meeting,
    Paragraph,
    Posting,
    Protocol,
)

PROTOCOL_FIELDS = ("opening", "others_present", "adjuster", "adjustment_place", "footnotes")
PARAGRAPH_FIELDS = ("notes", "decision", "decision_text", "motions", "reservations")


def _require_staff(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(permissions.NOT_STAFF)


def _next_paragraph_number(meeting: Meeting) -> int:
    """§ numbers run on through the committee's year. The committee's row is locked while a
    protokoll takes its numbers, so that two protokoll started at once do not share one."""
    Committee.objects.select_for_update().get(pk=meeting.committee_id)
    year = meeting.date.year
    highest = Paragraph.objects.filter(
        protocol__meeting__committee_id=meeting.committee_id,
        protocol__meeting__starts_at__year=year).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _default_presence(member):
    return (Attendance.Presence.ABSENT if member.role == CommitteeMember.Role.SUBSTITUTE
            else Attendance.Presence.PRESENT)


def _adopted_text(case: Case) -> str:
    """The decision when the förslag till beslut is adopted as written."""
    proposals = case.proposals
    if len(proposals) == 1:
        return proposals[0]
    return "\n".join(f"{n}. {text}" for n, text in enumerate(proposals, start=1))


@transaction.atomic
def start_protocol(*, meeting: Meeting, by) -> Protocol:
    """Start the protokoll of a held meeting: the attendance from the committee's members and
    one paragraph per agenda item, numbered on from the committee's last § of the year."""
    _require_staff(by)
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if meeting.protocols.exists():
        raise DomainError(_("Mötet har redan ett protokoll."))
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(_("Markera mötet som genomfört innan protokollet skrivs."))
    protocol = Protocol.objects.create(meeting=meeting, version=1)
    members = sorted(meeting.committee.members.active(),
                     key=lambda m: (CommitteeMember.ROLE_ORDER[m.role], m.name))
    Attendance.objects.bulk_create([
        Attendance(protocol=protocol, member=member, name=member.name, party=member.party,
                   role=member.role, presence=_default_presence(member), position=position)
        for position, member in enumerate(members, start=1)])
    items = list(meeting.agenda_items.select_related("case").order_by("position", "pk"))
    number = None if meeting.is_information else _next_paragraph_number(meeting)
    paragraphs = []
    for position, item in enumerate(items, start=1):
        paragraphs.append(Paragraph(
            protocol=protocol, agenda_item=item, case=item.case, position=position,
            number=None if number is None else number + position - 1,
            title=item.heading[:200], speaker=item.speaker,
            notes=richtext.clean(item.notes), publicity=item.publicity,
            decision=Paragraph.Decision.NONE))
    Paragraph.objects.bulk_create(paragraphs)
    audit.record(actor=by, verb="protocol.started", target=protocol, changes={
        "paragraphs": [p.number for p in paragraphs] if number else len(paragraphs)})
    return protocol


def _lock_draft(protocol: Protocol) -> Protocol:
    protocol = Protocol.objects.select_for_update().select_related(
        "meeting__committee").get(pk=protocol.pk)
    if protocol.is_adjusted:
        raise DomainError(_("Protokollet är justerat och kan inte ändras. Gör en rättelse om "
                            "något behöver rättas."))
    return protocol


@transaction.atomic
def update_protocol(*, protocol: Protocol, by, revision=None, **fields) -> Protocol:
    """The protokoll's opening, who else was there, the justerare and the footnotes."""
    _require_staff(by)
    protocol = _lock_draft(protocol)
    concurrency.ensure_current(protocol, revision)
    unknown = set(fields) - set(PROTOCOL_FIELDS)
    if unknown:
        raise DomainError(_("Dessa fält kan inte ändras: %s") % ", ".join(sorted(unknown)))
    adjuster = fields.get("adjuster")
    if adjuster is not None and (adjuster.committee_id != protocol.meeting.committee_id
                                 or not adjuster.is_politician):
        raise ValidationError({"adjuster": _("Justeraren ska vara ledamot eller ersättare i "
                                             "utskottet.")})
    before = {f: getattr(protocol, f) for f in PROTOCOL_FIELDS}
    for field, value in fields.items():
        if field == "footnotes":
            value = [note.strip() for note in value or [] if note and note.strip()]
        elif field == "opening":
            value = richtext.clean(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(protocol, field, value)
    protocol.full_clean()
    concurrency.bump(protocol)
    protocol.save()
    changes = {f: "ändrad" for f in PROTOCOL_FIELDS if getattr(protocol, f) != before[f]}
    if "adjuster" in changes:
        changes["adjuster"] = [str(before["adjuster"] or ""), str(protocol.adjuster or "")]
    audit.record(actor=by, verb="protocol.edited", target=protocol, changes=changes)
    return protocol


@transaction.atomic
def set_attendance(*, protocol: Protocol, by, rows: list[dict]) -> Protocol:
    """Who was present, absent, or serving as ersättare (and for whom). `rows` holds one dict
    per attendance row: {"attendance": pk, "presence": ..., "serving_for": member or None}."""
    _require_staff(by)
    protocol = _lock_draft(protocol)
    attendance = {a.pk: a for a in protocol.attendance.select_related("member")}
    errors = []
    changed = {}
    for row in rows:
        entry = attendance.get(row.get("attendance"))
        if entry is None:
            raise DomainError(_("Närvarolistan har ändrats; ladda om sidan."))
        presence, serving_for = row.get("presence"), row.get("serving_for")
        if presence not in Attendance.Presence.values:
            errors.append(_("Välj närvaro för %(name)s.") % {"name": entry.name})
            continue
        if presence == Attendance.Presence.SERVING:
            if entry.role != CommitteeMember.Role.SUBSTITUTE:
                errors.append(_("%(name)s är inte ersättare.") % {"name": entry.name})
            elif serving_for is None:
                errors.append(_("Ange vem %(name)s tjänstgör för.") % {"name": entry.name})
        else:
            serving_for = None
        if (entry.presence, entry.serving_for_id) != (presence, getattr(serving_for, "pk", None)):
            changed[entry.name] = [entry.presence, presence]
            entry.presence, entry.serving_for = presence, serving_for
    by_member = {a.member_id: a for a in attendance.values()}
    for entry in attendance.values():
        if entry.serving_for is None:
            continue
        replaced = by_member.get(entry.serving_for.pk)
        if replaced is None or replaced.role in (CommitteeMember.Role.SUBSTITUTE,
                                                 CommitteeMember.Role.SECRETARY):
            errors.append(_("%(name)s kan bara tjänstgöra för en ledamot.") % {"name": entry.name})
        elif replaced.presence != Attendance.Presence.ABSENT:
            errors.append(_("%(name)s tjänstgör för %(other)s, som är markerad som närvarande.")
                          % {"name": entry.name, "other": replaced.name})
    servings = [e.serving_for.pk for e in attendance.values() if e.serving_for is not None]
    if len(servings) != len(set(servings)):
        errors.append(_("Två ersättare kan inte tjänstgöra för samma ledamot."))
    if errors:
        raise ValidationError(errors)
    for entry in attendance.values():
        entry.save(update_fields=["presence", "serving_for"])
    audit.record(actor=by, verb="protocol.attendance_set", target=protocol, changes=changed)
    return protocol


def _lock_paragraph(paragraph: Paragraph) -> Paragraph:
    paragraph = Paragraph.objects.select_for_update(of=("self",)).select_related(
        "protocol__meeting", "case").get(pk=paragraph.pk)
    if paragraph.protocol.is_adjusted:
        raise DomainError(_("Protokollet är justerat och kan inte ändras. Gör en rättelse om "
                            "något behöver rättas."))
    if paragraph.adjusted_on is not None:
        raise DomainError(_("Paragrafen är omedelbart justerad och kan inte ändras."))
    return paragraph


@transaction.atomic
def record_paragraph(*, paragraph: Paragraph, by, revision=None, notes: str = "",
                     decision: str = "", decision_text: str = "", motions: str = "",
                     reservations: str = "") -> Paragraph:
    """What was said and decided under a paragraph. For a case, "bifall" records the förslag
    till beslut as written; "ändrat" records the amended text."""
    _require_staff(by)
    paragraph = _lock_paragraph(paragraph)
    concurrency.ensure_current(paragraph, revision)
    allowed = ({Paragraph.Decision.NONE, Paragraph.Decision.ADOPTED, Paragraph.Decision.AMENDED}
               if paragraph.case_id else {Paragraph.Decision.NONE, Paragraph.Decision.NOTED})
    if paragraph.protocol.is_minutes:
        allowed = {Paragraph.Decision.NONE, Paragraph.Decision.NOTED}
    if decision not in allowed:
        raise ValidationError({"decision": _("Det beslutet passar inte den här punkten.")})
    before = {f: getattr(paragraph, f) for f in PARAGRAPH_FIELDS}
    paragraph.notes = richtext.clean(notes)
    paragraph.decision = decision
    if decision == Paragraph.Decision.ADOPTED:
        decision_text = _adopted_text(paragraph.case)
    paragraph.decision_text = (decision_text or "").strip()
    paragraph.motions, paragraph.reservations = (motions or "").strip(), (reservations or "").strip()
    paragraph.full_clean()
    concurrency.bump(paragraph)
    paragraph.save()
    changes = {f: "ändrad" for f in PARAGRAPH_FIELDS if getattr(paragraph, f) != before[f]}
    if "decision" in changes:
        changes["decision"] = [before["decision"], paragraph.decision]
    audit.record(actor=by, verb="protocol.paragraph_recorded", target=paragraph.protocol,
                 changes={"paragraph": paragraph.number or paragraph.position} | changes)
    return paragraph


def _check_range(adjusted_on: date, posted_on: date | None) -> None:
    """Days a protokoll can have, before anything else is asked of it: an appeal period is
    counted from the posting, and 9999-12-31 has none."""
    errors = {field: DATE_RANGE_MESSAGE for field, day in (
        ("adjusted_on", adjusted_on), ("posted_on", posted_on))
        if day is not None and not within_years(day)}
    if errors:
        raise ValidationError(errors)


def _check_dates(meeting: Meeting, adjusted_on: date, posted_on: date) -> None:
    today = timezone.localdate()
    if adjusted_on < meeting.date:
        raise ValidationError({"adjusted_on": _("Protokollet kan inte justeras före mötet.")})
    if adjusted_on > today:
        raise ValidationError({"adjusted_on": _("Justeringsdagen kan inte ligga i framtiden.")})
    if posted_on < adjusted_on:
        raise ValidationError({"posted_on": _("Anslaget kan inte sättas upp före justeringen.")})


def _post(protocol, *, adjusted_on, posted_on, paragraph=None) -> Posting:
    return Posting.objects.create(
        protocol=protocol, paragraph=paragraph, adjusted_on=adjusted_on, posted_on=posted_on,
        appeal_ends_on=appeal.appeal_ends_on(posted_on),
        kept_at=protocol.meeting.committee.protocol_kept_at)


def _decide(case_ids) -> None:
    Case.objects.filter(pk__in=case_ids).exclude(status=Case.Status.DECIDED).update(
        status=Case.Status.DECIDED)


@transaction.atomic
def adjust_paragraph(*, paragraph: Paragraph, by, adjusted_on: date,
                     posted_on: date | None = None) -> Posting:
    """Omedelbar justering of one paragraph: it is locked and posted on its own, so that its
    decision may be acted on before the whole protokoll is justerat."""
    _require_staff(by)
    _check_range(adjusted_on, posted_on)
    paragraph = _lock_paragraph(paragraph)
    protocol = paragraph.protocol
    if protocol.is_minutes:
        raise DomainError(_("Minnesanteckningar justeras inte."))
    if not paragraph.decision:
        raise DomainError(_("Skriv beslutet innan paragrafen justeras."), field="decision")
    posted_on = posted_on or adjusted_on
    _check_dates(protocol.meeting, adjusted_on, posted_on)
    paragraph.adjusted_on = adjusted_on
    concurrency.bump(paragraph)
    paragraph.save(update_fields=["adjusted_on", "revision"])
    posting = _post(protocol, adjusted_on=adjusted_on, posted_on=posted_on, paragraph=paragraph)
    if paragraph.case_id:
        _decide([paragraph.case_id])
    audit.record(actor=by, verb="protocol.paragraph_adjusted", target=protocol, changes={
        "paragraph": paragraph.number, "adjusted_on": adjusted_on, "posted_on": posted_on,
        "appeal_ends_on": posting.appeal_ends_on})
    return posting


@transaction.atomic
def adjust_protocol(*, protocol: Protocol, by, adjusted_on: date,
                    posted_on: date | None = None) -> Protocol:
    """Justera the protokoll: it is locked, the meeting's cases are decided, and the anslag is
    posted (minnesanteckningar are only locked). Justering later than 14 days after the meeting
    is allowed; the page warns (see Protocol.adjust_by)."""
    _require_staff(by)
    _check_range(adjusted_on, posted_on)
    protocol = _lock_draft(protocol)
    meeting = Meeting.objects.select_for_update().get(pk=protocol.meeting_id)
    paragraphs = list(protocol.paragraphs.all())
    if not protocol.is_minutes:
        if protocol.adjuster_id is None:
            raise ValidationError({"adjuster": _("Välj justerare innan protokollet justeras.")})
        undecided = [str(p) for p in paragraphs if p.case_id and not p.decision]
        if undecided:
            raise DomainError(_("Beslut saknas i: %(list)s.") % {"list": ", ".join(undecided)})
    posted_on = posted_on or adjusted_on
    _check_dates(meeting, adjusted_on, posted_on)
    protocol.status, protocol.adjusted_on, protocol.adjusted_by = (
        Protocol.Status.ADJUSTED, adjusted_on, by)
    concurrency.bump(protocol)
    protocol.save(update_fields=["status", "adjusted_on", "adjusted_by", "revision"])
    meeting.status = Meeting.Status.ADJUSTED
    meeting.save(update_fields=["status"])
    changes = {"version": protocol.version, "adjusted_on": adjusted_on,
               "late": adjusted_on > protocol.adjust_by}
    if not protocol.is_minutes:
        posting = _post(protocol, adjusted_on=adjusted_on, posted_on=posted_on)
        _decide([p.case_id for p in paragraphs if p.case_id])
        changes |= {"posted_on": posted_on, "appeal_ends_on": posting.appeal_ends_on}
    audit.record(actor=by, verb="protocol.adjusted", target=protocol, changes=changes)
    return protocol


@transaction.atomic
def start_correction(*, protocol: Protocol, by, reason: str) -> Protocol:
    """A correction after justering: a new version, a draft copy of the justerat one, which is
    justerat again in its turn. The justerat version stays as it was."""
    _require_staff(by)
    protocol = Protocol.objects.select_for_update().select_related("meeting").get(pk=protocol.pk)
    if not protocol.is_adjusted:
        raise DomainError(_("Ett protokoll som inte är justerat ändras direkt, utan rättelse."))
    latest = protocol.meeting.protocols.order_by("-version").first()
    if latest.pk != protocol.pk:
        raise DomainError(_("Det finns redan en nyare version (%(v)s).") % {"v": latest.version})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv vad som rättas och varför.")})
    copy = Protocol.objects.create(
        meeting=protocol.meeting, version=protocol.version + 1, opening=protocol.opening,
        others_present=protocol.others_present, adjuster=protocol.adjuster,
        adjustment_place=protocol.adjustment_place, footnotes=protocol.footnotes,
        correction_reason=reason)
    Attendance.objects.bulk_create([
        Attendance(protocol=copy, member_id=a.member_id, name=a.name, party=a.party, role=a.role,
                   presence=a.presence, serving_for_id=a.serving_for_id, position=a.position)
        for a in protocol.attendance.all()])
    Paragraph.objects.bulk_create([
        Paragraph(protocol=copy, agenda_item_id=p.agenda_item_id, case_id=p.case_id,
                  number=p.number, position=p.position, title=p.title, speaker=p.speaker,
                  notes=p.notes, decision=p.decision, decision_text=p.decision_text,
                  motions=p.motions, reservations=p.reservations, publicity=p.publicity)
        for p in protocol.paragraphs.all()])
    audit.record(actor=by, verb="protocol.correction_started", target=copy,
                 changes={"version": copy.version, "replaces": protocol.version})
    return copy


@transaction.atomic
def publish_protocol(*, protocol: Protocol, by) -> Protocol:
    """Publish a justerat protokoll on public pages, without paragraphs holding personal data
    or under secrecy; its PDF for the public is made now and kept."""
    from ..compile import render_protocol_pdf

    _require_staff(by)
    protocol = Protocol.objects.select_for_update().select_related("meeting__committee").get(
        pk=protocol.pk)
    if not protocol.is_adjusted:
        raise DomainError(_("Bara ett justerat protokoll kan publiceras."))
    if protocol.published_at:
        raise DomainError(_("Protokollet är redan publicerat."))
    pdf = render_protocol_pdf(protocol, paragraphs=Paragraph.objects.publishable())
    protocol.public_pdf.save(f"protokoll-{protocol.meeting_id}-v{protocol.version}.pdf",
                             ContentFile(pdf), save=False)
    protocol.published_at = timezone.now()
    protocol.save(update_fields=["public_pdf", "published_at"])
    audit.record(actor=by, verb="protocol.published", target=protocol,
                 changes={"version": protocol.version})
    return protocol

