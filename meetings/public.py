"""Public pages: the anslagstavla (every anslag of a justerat protokoll, with the dates the
law asks for) and the published handlingar and protokoll. Rendered with render_public: no
user, no membership, nothing but what was published, and never the items holding personal
data or under secrecy (AgendaItemQuerySet.public, ParagraphQuerySet.public)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from trygghet.public import public_page, render_public

from . import compile as documents
from .models import AgendaItem, CaseAttachment, DocumentJob, Meeting, Paragraph, Posting, Protocol
from .views.common import file_download

# How long an anslag stays listed after its appeal period ends, as "recent".
RECENT_DAYS = 90


@public_page
@require_GET
def notice_board(request):
    today = timezone.localdate()
    postings = Posting.objects.select_related("protocol__meeting__committee", "paragraph")
    published = set(Protocol.objects.published().values_list("meeting_id", flat=True))
    return render_public(request, "meetings/public/notice_board.html", {
        "current": postings.current(today).order_by("-posted_on", "-pk"),
        "recent": postings.filter(appeal_ends_on__lt=today,
                                  appeal_ends_on__gte=today - timezone.timedelta(days=RECENT_DAYS))
        .order_by("-posted_on", "-pk"),
        "published_protocols": published,
        "meetings": Meeting.objects.public().select_related("committee").order_by("-starts_at")[:50],
        "today": today,
    })


def _public_meeting_or_404(pk):
    return get_object_or_404(Meeting.objects.public().select_related("committee"), pk=pk)


def _current_public_job(meeting):
    """The newest public PDF of the handlingar, if it holds what they hold now: an outdated
    one is never served (its replacement is queued by the change that outdated it)."""
    job = DocumentJob.objects.public().filter(meeting=meeting).select_related("meeting").first()
    return job if job is not None and job.is_current() else None


@public_page
@require_GET
def meeting(request, pk):
    meeting = _public_meeting_or_404(pk)
    items = AgendaItem.objects.public().filter(meeting=meeting).with_related()
    all_items = AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk").values_list(
        "pk", flat=True)
    shown = {item.pk: item for item in items}
    protocol = Protocol.objects.published().filter(meeting=meeting).order_by("-version").first()
    return render_public(request, "meetings/public/meeting.html", {
        "meeting": meeting,
        "entries": [(number, shown.get(pk)) for number, pk in enumerate(all_items, start=1)]
        if meeting.handlingar_published else [],
        "protocol": protocol, "job": _current_public_job(meeting),
        "outdated": DocumentJob.objects.public().filter(meeting=meeting).exists(),
    })


@public_page
@require_GET
def item(request, pk, item_pk):
    meeting = _public_meeting_or_404(pk)
    item = get_object_or_404(AgendaItem.objects.public().filter(meeting=meeting).with_related(),
                             pk=item_pk)
    attachments = CaseAttachment.objects.public(meeting).filter(case=item.case_id) \
        if item.case_id else []
    return render_public(request, "meetings/public/item.html", {
        "meeting": meeting, "item": item, "case": item.case, "attachments": attachments,
        "number": AgendaItem.objects.filter(meeting=meeting, position__lt=item.position).count()
        + 1,
    })


@public_page
@require_GET
def attachment(request, pk, attachment_pk):
    meeting = _public_meeting_or_404(pk)
    found = get_object_or_404(CaseAttachment.objects.public(meeting), pk=attachment_pk)
    return file_download(found.file, found.download_name, found.content_type)


@public_page
@require_GET
def handlingar_pdf(request, pk):
    meeting = get_object_or_404(Meeting.objects.with_published_handlingar(), pk=pk)
    job = _current_public_job(meeting)
    if job is None:
        raise Http404
    return file_download(job.file, f"handlingar-{meeting.date:%Y-%m-%d}.pdf", "application/pdf")


def _published_protocol_or_404(pk):
    protocol = Protocol.objects.published().filter(meeting_id=pk).select_related(
        "meeting__committee", "adjuster").order_by("-version").first()
    if protocol is None:
        raise Http404
    return protocol


@public_page
@require_GET
def protocol(request, pk):
    protocol = _published_protocol_or_404(pk)
    return render_public(request, "meetings/public/protocol.html", documents.protocol_context(
        protocol, paragraphs=Paragraph.objects.public()))


@public_page
@require_GET
def protocol_pdf(request, pk):
    protocol = _published_protocol_or_404(pk)
    if not protocol.public_pdf:
        raise Http404
    return file_download(protocol.public_pdf,
                         f"protokoll-{protocol.meeting.date:%Y-%m-%d}.pdf", "application/pdf")
