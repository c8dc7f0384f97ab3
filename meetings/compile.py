"""The committee's documents as PDFs, in the municipality's layout.

The handlingar: a cover, a table of contents with page numbers, each tjänsteskrivelse (its
own page numbers in its header, "1 (3)"), each information point, and the attachments
appended: PDFs as they are, Word files read into text (headings, paragraphs, lists, tables),
and any that cannot be read listed in the contents instead. Every page after the cover is
numbered through the whole document and each attachment page says whose bilaga it is.

The protokoll: the first page with attendance, justerare and signatures, the paragraphs, the
footnotes, and the anslagsbevis once it is justerat.

Everything is rendered in the municipality's language (settings.LANGUAGE_CODE), not the
requester's: these are the municipality's documents.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from trygghet import municipality
from trygghet.pdf import merge_pdfs, render_pdf

from . import word
from .models import AgendaItem, Case, Meeting, Publicity

# A table of contents is rendered until its own length settles (numbers shift the pages after
# it); two passes almost always suffice.
TOC_PASSES = 4


@dataclass
class Part:
    title: str
    level: int = 0
    number: str = ""
    pdf: bytes | None = None
    pages: int = 0
    start: int = 0
    label: str = ""
    note: str = ""
    reference: str = ""


@dataclass
class Result:
    pdf: bytes
    pages: int
    not_appended: list = field(default_factory=list)
    fingerprint: str = ""


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _readable_pdf(data: bytes) -> bytes:
    """The attachment as a PDF pypdf can append (an empty-password encryption removed)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if not reader.is_encrypted:
        return data
    reader.decrypt("")
    writer = PdfWriter()
    writer.append(reader)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _municipality_name():
    return municipality.current().name


def render_case_pdf(case: Case, *, municipality_name: str | None = None) -> bytes:
    """One tjänsteskrivelse in the municipal layout."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("meetings/pdf/tjansteskrivelse.html", {
            "case": case, "attachments": list(case.attachments.all()),
            "municipality_name": municipality_name or _municipality_name(),
        })


def _attachment_parts(case, attachments, *, not_appended):
    parts = []
    for number, attachment in enumerate(attachments, start=1):
        label = _("Bilaga %(n)s till %(number)s") % {"n": number, "number": case.diarienummer}
        part = Part(title=attachment.title, level=1, label=label,
                    number=_("Bilaga %(n)s") % {"n": number})
        try:
            with attachment.file.open("rb") as handle:
                data = handle.read()
            if attachment.kind == "pdf":
                part.pdf = _readable_pdf(data)
            else:
                part.pdf = render_pdf("meetings/pdf/word_attachment.html", {
                    "title": attachment.title, "label": label,
                    "blocks": word.read_blocks(data)})
                part.note = _("omvandlad från Word")
            part.pages = page_count(part.pdf)
        except Exception:  # noqa: BLE001 (a broken file is listed, never the end of the compile)
            part.pdf, part.pages = None, 0
            part.note = _("kunde inte bifogas; finns hos %(office)s") % {"office": case.office}
            not_appended.append(attachment.title)
        parts.append(part)
    return parts


def _items(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).select_related(
        "case__committee").prefetch_related("case__attachments").order_by("position", "pk"))


# What of a case its tjänsteskrivelse shows.
CASE_CONTENT = ("series", "year", "number", "title", "office", "officer_name", "officer_email",
                "date", "their_reference", "proposals", "summary", "decision_basis", "body",
                "child_perspective", "signatories", "send_to")


def fingerprint(meeting: Meeting, items=None) -> str:
    """A digest of what staff put into the handlingar: the meeting's time and place, each item
    in its order with its publicity, each case's sections and attachments. A compiled PDF whose
    digest differs from the meeting's now is outdated and is never served as current. (The
    names of the municipality and the committee are left out: they are the documents'
    letterhead as of their compile, and renaming either must not withdraw every published
    PDF.)"""
    items = _items(meeting) if items is None else items
    content = {
        "meeting": [meeting.kind, meeting.starts_at.isoformat(),
                    meeting.ends_at.isoformat() if meeting.ends_at else None, meeting.place],
        "items": [{
            "id": item.pk, "kind": item.kind, "publicity": item.publicity, "title": item.title,
            "speaker": item.speaker, "notes": item.notes, "figures": item.report_figures,
            "case": item.case_id and {
                **{f: getattr(item.case, f) for f in CASE_CONTENT},
                "attachments": [[a.pk, a.title, a.kind, a.size, a.file.name, a.position]
                                for a in item.case.attachments.all()]},
        } for item in items],
    }
    encoded = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _count_steps(items, shown):
    steps = 2  # the cover with its contents, and the final merge
    for item in items:
        if item.pk not in shown:
            continue
        steps += 1 + (len(item.case.attachments.all()) if item.case_id else 0)
    return steps


def compile_handlingar(meeting: Meeting, *, public: bool = False, progress=None) -> Result:
    """The meeting's handlingar as one PDF. `public` leaves out items holding personal data or
    under secrecy, with a note where they were. `progress(done, total)` is told of each part."""
    progress = progress or (lambda done, total: None)
    with translation.override(settings.LANGUAGE_CODE):
        name = _municipality_name()
        items = _items(meeting)
        digest = fingerprint(meeting, items)
        shown = {item.pk for item in items} if not public else set(
            AgendaItem.objects.filter(meeting=meeting).publishable().values_list("pk", flat=True))
        total, done = _count_steps(items, shown), 0
        progress(done, total)
        parts, not_appended = [], []
        for number, item in enumerate(items, start=1):
            if item.pk not in shown:
                parts.append(Part(title=_("Punkten publiceras inte"), number=f"{number}.",
                                  note=item.get_publicity_display()))
                continue
            if item.case_id:
                case = item.case
                part = Part(title=case.title, number=f"{number}.",
                            reference=case.diarienummer,
                            pdf=render_case_pdf(case, municipality_name=name))
            else:
                part = Part(title=item.title, number=f"{number}.", note=_("information"),
                            pdf=render_pdf("meetings/pdf/information.html", {
                                "item": item, "number": number, "meeting": meeting,
                                "municipality_name": name}))
            part.pages = page_count(part.pdf)
            parts.append(part)
            done += 1
            progress(done, total)
            if item.case_id:
                attachments = list(item.case.attachments.all())
                parts.extend(_attachment_parts(item.case, attachments, not_appended=not_appended))
                done += len(attachments)
                progress(done, total)
        front = _front_matter(meeting, parts, name=name, public=public)
        done += 1
        progress(done, total)
        pdf = _assemble(front, parts, meeting=meeting)
        progress(total, total)
    return Result(pdf=pdf, pages=page_count(pdf), not_appended=not_appended, fingerprint=digest)


def _front_matter(meeting, parts, *, name, public) -> bytes:
    """The cover and the table of contents, rendered until their own length is stable."""
    front_pages = 1
    front = b""
    for _pass in range(TOC_PASSES):
        page = front_pages + 1
        for part in parts:
            part.start = page if part.pdf else 0
            page += part.pages
        front = render_pdf("meetings/pdf/handlingar_cover.html", {
            "meeting": meeting, "parts": parts, "municipality_name": name, "public": public})
        pages = page_count(front)
        if pages == front_pages:
            break
        front_pages = pages
    return front


def _assemble(front: bytes, parts, *, meeting) -> bytes:
    from pypdf import PdfReader, PdfWriter

    merged = merge_pdfs([front] + [part.pdf for part in parts if part.pdf])
    reader = PdfReader(io.BytesIO(merged))
    total = len(reader.pages)
    labels = [""] * total
    for part in parts:
        for offset in range(part.pages):
            labels[part.start - 1 + offset] = part.label
    stamps = PdfReader(io.BytesIO(render_pdf("meetings/pdf/page_stamps.html", {
        "pages": [{"number": n, "label": labels[n - 1]} for n in range(1, total + 1)],
        "total": total})))
    writer = PdfWriter()
    writer.append(reader)
    for index, page in enumerate(writer.pages):
        if index == 0:
            continue  # the cover carries no number
        _stamp(page, stamps.pages[index])
    writer.add_metadata({"/Title": _("Handlingar till %(title)s") % {"title": meeting.title}})
    parent = None
    for part in parts:
        if not part.pdf:
            continue
        title = f"{part.number} {part.title}".strip()
        if part.level == 0:
            parent = writer.add_outline_item(title=title, page_number=part.start - 1)
        else:
            writer.add_outline_item(title=title, page_number=part.start - 1, parent=parent)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _stamp(page, stamp):
    """Lay the stamp (drawn on A4) over a page of any size, scaled to fit its width."""
    from pypdf import Transformation

    width, height = float(page.mediabox.width), float(page.mediabox.height)
    stamp_width, stamp_height = float(stamp.mediabox.width), float(stamp.mediabox.height)
    scale = min(width / stamp_width, height / stamp_height)
    page.merge_transformed_page(stamp, Transformation().scale(scale, scale).translate(
        (width - stamp_width * scale) / 2, (height - stamp_height * scale) / 2))


@dataclass
class Withheld:
    """A paragraph the reader may not see: its number stays, with why it is left out."""

    number: int | None
    position: int
    publicity: str
    withheld: bool = True

    def get_publicity_display(self):
        return Publicity(self.publicity).label


def protocol_context(protocol, *, paragraphs) -> dict:
    """What the protokoll's pages and PDF show. `paragraphs` are those the reader may see
    (from ParagraphQuerySet); the others keep their number and a note saying why they are
    left out."""
    meeting = protocol.meeting
    attendance = list(protocol.attendance.select_related("serving_for"))
    deciding = [a for a in attendance if not a.is_secretary and (
        a.presence == "tjanstgorande" or (a.presence == "narvarande" and a.role != "ersattare"))]
    substitutes = [a for a in attendance if a.role == "ersattare" and a.presence in (
        "narvarande", "ej_tjanstgorande")]
    absent = [a for a in attendance if a.presence == "franvarande" and a.role != "ersattare"]
    secretary = next((a for a in attendance if a.is_secretary and a.presence != "franvarande"),
                     None)
    chair = next((a for a in deciding if a.role == "ordforande"), None) or next(
        (a for a in deciding if a.role == "vice_ordforande"), None)
    visible = {p.pk: p for p in paragraphs.filter(protocol=protocol).select_related("case")}
    entries = [visible.get(row["pk"]) or Withheld(row["number"], row["position"],
                                                  row["publicity"])
               for row in protocol.paragraphs.order_by("position", "pk").values(
                   "pk", "number", "position", "publicity")]
    numbers = [p.number for p in entries if p.number]
    postings = list(protocol.postings.filter(paragraph__isnull=True))
    return {
        "protocol": protocol, "meeting": meeting, "committee": meeting.committee,
        "paragraphs": entries, "deciding": deciding,
        "substitutes": substitutes, "absent": absent, "secretary": secretary, "chair": chair,
        "numbers": (min(numbers), max(numbers)) if numbers else None,
        "posting": postings[0] if postings else None,
        "previous": meeting.protocols.filter(version__lt=protocol.version).order_by(
            "-version").first(),
    }


def render_protocol_pdf(protocol, *, paragraphs) -> bytes:
    """The protokoll as a PDF with the paragraphs given (see protocol_context)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("meetings/pdf/protocol.html", {
            **protocol_context(protocol, paragraphs=paragraphs),
            "municipality_name": _municipality_name()})
