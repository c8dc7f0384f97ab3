from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygghet.errors import DomainError, StaleEdit
from trygghet.pdf import pdf_response

from .. import compile as documents, permissions, services
from ..forms import AdjustForm, AttendanceForm, CorrectionForm, ParagraphForm, ProtocolForm
from ..models import Meeting, Paragraph, Protocol
from .common import require_staff


def _protocol_or_404(request, pk, protocol_pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    return get_object_or_404(Protocol.objects.visible_to(request.user).filter(meeting=meeting)
                             .select_related("meeting__committee", "adjuster"), pk=protocol_pk)


@require_POST
def protocol_start(request, pk):
    require_staff(request)
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    try:
        protocol = services.start_protocol(meeting=meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    messages.success(request, _("Protokollet är påbörjat med en paragraf per punkt på "
                                "dagordningen."))
    return redirect("meetings:protocol-detail", pk=meeting.pk, protocol_pk=protocol.pk)


def _detail(request, protocol, *, form=None, adjust_form=None, correction_form=None,
            stale=None, status=200):
    manage = permissions.can_manage(request.user)
    editable = manage and not protocol.is_adjusted
    context = documents.protocol_context(
        protocol, paragraphs=Paragraph.objects.visible_to(request.user))
    latest = protocol.meeting.protocols.order_by("-version").first()
    return render(request, "meetings/protocol_detail.html", {
        **context, "can_manage": manage, "editable": editable,
        "form": form or (ProtocolForm(initial=ProtocolForm.initial_from(protocol),
                                      protocol=protocol) if editable else None),
        "adjust_form": adjust_form or (AdjustForm(initial={"adjusted_on": timezone.localdate()})
                                       if editable else None),
        "correction_form": correction_form or (
            CorrectionForm() if manage and protocol.is_adjusted and latest.pk == protocol.pk
            else None),
        "versions": protocol.meeting.protocols.order_by("version").only("pk", "version", "status"),
        "is_latest": latest.pk == protocol.pk, "stale": stale,
        "late": protocol.adjusted_on and protocol.adjusted_on > protocol.adjust_by,
    }, status=status)


@require_GET
def protocol_detail(request, pk, protocol_pk):
    return _detail(request, _protocol_or_404(request, pk, protocol_pk))


@require_POST
def protocol_edit(request, pk, protocol_pk):
    require_staff(request)
    protocol = _protocol_or_404(request, pk, protocol_pk)
    form = ProtocolForm(request.POST, protocol=protocol)
    if form.is_valid():
        try:
            services.update_protocol(protocol=protocol, by=request.user,
                                     revision=form.cleaned_data["revision"],
                                     **form.service_fields())
        except StaleEdit as error:
            current = Protocol.objects.get(pk=protocol.pk)
            form.add_error(None, error.message)
            form.data = form.data.copy()
            form.data["revision"] = current.revision
            return _detail(request, current, form=form, stale=error, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Protokollets uppgifter är sparade."))
            return redirect("meetings:protocol-detail", pk=pk, protocol_pk=protocol.pk)
    return _detail(request, protocol, form=form, status=400)


@require_http_methods(["GET", "POST"])
def protocol_attendance(request, pk, protocol_pk):
    require_staff(request)
    protocol = _protocol_or_404(request, pk, protocol_pk)
    form = AttendanceForm(request.POST if request.method == "POST" else None, protocol=protocol)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_attendance(protocol=protocol, by=request.user, rows=form.service_rows())
        except (ValidationError, DomainError) as error:
            for message in getattr(error, "messages", [getattr(error, "message", "")]):
                form.add_error(None, message)
        else:
            messages.success(request, _("Närvaron är sparad."))
            return redirect("meetings:protocol-detail", pk=pk, protocol_pk=protocol.pk)
    return render(request, "meetings/protocol_attendance.html", {
        "form": form, "protocol": protocol, "meeting": protocol.meeting},
        status=400 if form.is_bound else 200)


def _paragraph_or_404(request, pk, protocol_pk, paragraph_pk):
    protocol = _protocol_or_404(request, pk, protocol_pk)
    return get_object_or_404(Paragraph.objects.visible_to(request.user).filter(protocol=protocol)
                             .select_related("case", "protocol__meeting__committee"),
                             pk=paragraph_pk)


@require_http_methods(["GET", "POST"])
def paragraph_edit(request, pk, protocol_pk, paragraph_pk):
    require_staff(request)
    paragraph = _paragraph_or_404(request, pk, protocol_pk, paragraph_pk)
    form = ParagraphForm(request.POST if request.method == "POST" else None,
                         initial=ParagraphForm.initial_from(paragraph), paragraph=paragraph)
    adjust_form = AdjustForm(prefix="immediate",
                             initial={"adjusted_on": timezone.localdate()})
    status, stale = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_paragraph(paragraph=paragraph, by=request.user,
                                      revision=form.cleaned_data["revision"],
                                      **form.service_fields())
        except StaleEdit as error:
            paragraph = Paragraph.objects.select_related("case").get(pk=paragraph.pk)
            form.add_error(None, error.message)
            form.data = form.data.copy()
            form.data["revision"] = paragraph.revision
            status, stale = 409, error
        except ValidationError as error:
            form.add_service_errors(error)
            status = 400
        except DomainError as error:
            form.add_error(None, error.message)
            status = 400
        else:
            messages.success(request, _("Paragrafen är sparad."))
            return redirect(reverse("meetings:protocol-detail", args=[pk, protocol_pk])
                            + f"#paragraf-{paragraph.pk}")
    elif form.is_bound:
        status = 400
    return _paragraph_page(request, paragraph, form, adjust_form, status=status, stale=stale)


def _paragraph_page(request, paragraph, form, adjust_form, *, status, stale=None):
    return render(request, "meetings/paragraph_form.html", {
        "form": form, "paragraph": paragraph, "protocol": paragraph.protocol,
        "meeting": paragraph.protocol.meeting, "adjust_form": adjust_form, "stale": stale,
    }, status=status)


@require_POST
def paragraph_adjust(request, pk, protocol_pk, paragraph_pk):
    """Omedelbar justering of one paragraph."""
    require_staff(request)
    paragraph = _paragraph_or_404(request, pk, protocol_pk, paragraph_pk)
    form = AdjustForm(request.POST, prefix="immediate")
    if form.is_valid():
        try:
            posting = services.adjust_paragraph(paragraph=paragraph, by=request.user,
                                                adjusted_on=form.cleaned_data["adjusted_on"],
                                                posted_on=form.cleaned_data["posted_on"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Paragrafen är omedelbart justerad. Sista dag att "
                                        "överklaga är %(day)s.") % {
                "day": formats.date_format(posting.appeal_ends_on, "Y-m-d")})
            return redirect(reverse("meetings:protocol-detail", args=[pk, protocol_pk])
                            + f"#paragraf-{paragraph.pk}")
    # Refused: the paragraph's page again, with the dates as typed and why.
    paragraph_form = ParagraphForm(initial=ParagraphForm.initial_from(paragraph),
                                   paragraph=paragraph)
    return _paragraph_page(request, paragraph, paragraph_form, form, status=400)


@require_POST
def protocol_adjust(request, pk, protocol_pk):
    require_staff(request)
    protocol = _protocol_or_404(request, pk, protocol_pk)
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            protocol = services.adjust_protocol(protocol=protocol, by=request.user,
                                                **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if protocol.is_minutes:
                messages.success(request, _("Minnesanteckningarna är fastställda."))
            else:
                messages.success(request, _("Protokollet är justerat och anslaget sitter på "
                                            "anslagstavlan."))
            if protocol.adjusted_on > protocol.adjust_by:
                messages.warning(request, _(
                    "Justeringen gjordes mer än 14 dagar efter mötet (senast %(day)s är "
                    "praxis).") % {"day": formats.date_format(protocol.adjust_by, "Y-m-d")})
            return redirect("meetings:protocol-detail", pk=pk, protocol_pk=protocol.pk)
    return _detail(request, protocol, adjust_form=form, status=400)


@require_POST
def protocol_correct(request, pk, protocol_pk):
    require_staff(request)
    protocol = _protocol_or_404(request, pk, protocol_pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = services.start_correction(protocol=protocol, by=request.user,
                                                   reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("En ny version är påbörjad. Rätta den och justera "
                                        "den igen."))
            return redirect("meetings:protocol-detail", pk=pk, protocol_pk=correction.pk)
    return _detail(request, protocol, correction_form=form, status=400)


@require_POST
def protocol_publish(request, pk, protocol_pk):
    require_staff(request)
    protocol = _protocol_or_404(request, pk, protocol_pk)
    try:
        services.publish_protocol(protocol=protocol, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Protokollet är publicerat."))
    return redirect("meetings:protocol-detail", pk=pk, protocol_pk=protocol.pk)


@require_GET
def protocol_pdf(request, pk, protocol_pk):
    protocol = _protocol_or_404(request, pk, protocol_pk)
    pdf = documents.render_protocol_pdf(
        protocol, paragraphs=Paragraph.objects.visible_to(request.user))
    return pdf_response(pdf, f"protokoll-{protocol.meeting.date:%Y-%m-%d}-v{protocol.version}")
