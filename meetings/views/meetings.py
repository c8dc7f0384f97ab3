from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygghet import idempotency
from trygghet.errors import DomainError, user_message

from .. import ics, permissions, services
from ..forms import AgendaCaseForm, AgendaItemForm, InformationPointForm, MeetingForm
from ..models import AgendaItem, Committee, DocumentJob, Meeting, Protocol
from .common import file_download, once, require_staff


def _visible_or_404(request, pk):
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("committee"),
                             pk=pk)


@require_GET
def meeting_list(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied(_("Din roll har inte tillgång till utskottets möten."))
    meetings = Meeting.objects.visible_to(request.user).select_related("committee")
    now = timezone.now()
    return render(request, "meetings/meeting_list.html", {
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:100],
        "can_manage": permissions.can_manage(request.user),
    })


@require_http_methods(["GET", "POST"])
def meeting_create(request):
    require_staff(request)
    if not Committee.objects.exists():
        messages.error(request, _("Lägg först upp utskottet och dess ledamöter under "
                                  "Administration."))
        return redirect("meetings:meeting-list")
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()

        def perform():
            return {"id": services.create_meeting(by=request.user, **fields).pk}

        try:
            answer, _replayed = once(request, scope="meetings.meeting-form",
                                     submission=form.cleaned_data["submission"], fields=fields,
                                     perform=perform)
        except ValidationError as error:
            form.add_service_errors(error)
        except idempotency.KeyReused:
            idempotency.refuse_resent(form)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Mötet är planerat. Lägg till punkter på dagordningen."))
            return redirect("meetings:meeting-detail", pk=answer["id"])
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    require_staff(request)
    meeting = _visible_or_404(request, pk)
    form = MeetingForm(request.POST if request.method == "POST" else None,
                       initial=MeetingForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting=meeting, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Mötet är ändrat."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting},
                  status=400 if form.is_bound else 200)


def _detail(request, meeting, *, case_form=None, information_form=None, status=200):
    manage = permissions.can_manage(request.user)
    items = list(AgendaItem.objects.visible_to(request.user).filter(meeting=meeting)
                 .with_related().order_by("position", "pk"))
    jobs = DocumentJob.objects.visible_to(request.user).filter(meeting=meeting)
    protocols = Protocol.objects.visible_to(request.user).filter(meeting=meeting).order_by(
        "-version")
    editable_agenda = manage and not meeting.protocols.exists()
    latest_job = (jobs.filter(variant=DocumentJob.Variant.FULL) if manage
                  else jobs.filter(state=DocumentJob.State.DONE)).first()
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting, "items": items, "can_manage": manage,
        "editable_agenda": editable_agenda,
        "hidden_items": AgendaItem.objects.filter(meeting=meeting).count() - len(items),
        "case_form": case_form or (AgendaCaseForm(meeting=meeting) if editable_agenda else None),
        "information_form": information_form or (InformationPointForm()
                                                 if editable_agenda else None),
        "latest_job": latest_job,
        "latest_job_outdated": latest_job is not None and latest_job.is_done
        and not latest_job.is_current(),
        "protocol": protocols.first(),
        "started": meeting.starts_at <= timezone.now(),
    }, status=status)


@require_GET
def meeting_detail(request, pk):
    return _detail(request, _visible_or_404(request, pk))


@require_POST
def meeting_status(request, pk):
    require_staff(request)
    meeting = _visible_or_404(request, pk)
    action = request.POST.get("action")
    try:
        if action == "call":
            services.call_meeting(meeting=meeting, by=request.user)
            messages.success(request, _("Mötet är markerat som kallat."))
        elif action == "held":
            services.mark_meeting_held(meeting=meeting, by=request.user)
            messages.success(request, _("Mötet är markerat som genomfört. Nu kan protokollet "
                                        "skrivas."))
        elif action == "publish":
            services.publish_handlingar(meeting=meeting, by=request.user)
            messages.success(request, _("Handlingarna är publicerade. PDF:en för allmänheten "
                                        "sammanställs."))
        else:
            messages.error(request, _("Okänd åtgärd."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("meetings:meeting-detail", pk=meeting.pk)


@require_POST
def agenda_add_case(request, pk):
    require_staff(request)
    meeting = _visible_or_404(request, pk)
    form = AgendaCaseForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.add_case_to_agenda(meeting=meeting, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Ärendet står på dagordningen."))
            return redirect(reverse("meetings:meeting-detail", args=[meeting.pk]) + "#dagordning")
    return _detail(request, meeting, case_form=form, status=400)


@require_POST
def agenda_add_information(request, pk):
    require_staff(request)
    meeting = _visible_or_404(request, pk)
    form = InformationPointForm(request.POST)
    if form.is_valid():
        fields = form.service_fields()

        def perform():
            return {"id": services.add_information_point(meeting=meeting, by=request.user,
                                                         **fields).pk}

        try:
            once(request, scope=f"meetings.information:{meeting.pk}",
                 submission=form.cleaned_data["submission"], fields=fields, perform=perform)
        except idempotency.KeyReused:
            idempotency.refuse_resent(form)
        except (DomainError, ValidationError) as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, user_message(error))
        else:
            messages.success(request, _("Informationspunkten står på dagordningen."))
            return redirect(reverse("meetings:meeting-detail", args=[meeting.pk]) + "#dagordning")
    return _detail(request, meeting, information_form=form, status=400)


def _item_or_404(request, pk, item_pk):
    meeting = _visible_or_404(request, pk)
    return get_object_or_404(AgendaItem.objects.visible_to(request.user).filter(meeting=meeting)
                             .with_related(), pk=item_pk)


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk, item_pk):
    require_staff(request)
    item = _item_or_404(request, pk, item_pk)
    initial = {"title": item.title, "speaker": item.speaker, "notes": item.notes,
               "embed_report": item.situation_report_id is not None,
               "publicity": item.publicity}
    form = AgendaItemForm(request.POST if request.method == "POST" else None, initial=initial,
                          item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(item=item, by=request.user, **form.service_fields())
        except (DomainError, ValidationError) as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, user_message(error))
        else:
            messages.success(request, _("Punkten är ändrad."))
            return redirect(reverse("meetings:meeting-detail", args=[pk]) + "#dagordning")
    return render(request, "meetings/agenda_item_form.html", {
        "form": form, "item": item, "meeting": item.meeting},
        status=400 if form.is_bound else 200)


@require_POST
def agenda_item_move(request, pk, item_pk):
    require_staff(request)
    item = _item_or_404(request, pk, item_pk)
    try:
        services.move_agenda_item(item=item, by=request.user, up=request.POST.get("to") == "up")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("meetings:meeting-detail", args=[pk]) + f"#punkt-{item.pk}")


@require_POST
def agenda_item_remove(request, pk, item_pk):
    require_staff(request)
    item = _item_or_404(request, pk, item_pk)
    try:
        services.remove_agenda_item(item=item, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Punkten är borttagen från dagordningen."))
    return redirect(reverse("meetings:meeting-detail", args=[pk]) + "#dagordning")


@require_POST
def handlingar_compile(request, pk):
    require_staff(request)
    meeting = _visible_or_404(request, pk)
    try:
        job = services.queue_handlingar(meeting=meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    return redirect("meetings:documentjob-detail", pk=meeting.pk, job_pk=job.pk)


def _job_or_404(request, pk, job_pk):
    meeting = _visible_or_404(request, pk)
    return get_object_or_404(DocumentJob.objects.visible_to(request.user).filter(meeting=meeting)
                             .select_related("meeting__committee"), pk=job_pk)


@require_GET
def documentjob_detail(request, pk, job_pk):
    """Follows a compile (the page polls the API's job endpoint) and offers its PDF."""
    job = _job_or_404(request, pk, job_pk)
    return render(request, "meetings/documentjob_detail.html", {"job": job,
                                                                "meeting": job.meeting})


@require_GET
def documentjob_pdf(request, pk, job_pk):
    job = _job_or_404(request, pk, job_pk)
    if not job.is_done:
        messages.info(request, _("Handlingarna är inte färdiga än."))
        return redirect("meetings:documentjob-detail", pk=pk, job_pk=job.pk)
    if not permissions.can_download(request.user, job):
        raise Http404(_("Handlingarna har ändrats sedan den här sammanställningen."))
    meeting = job.meeting
    return file_download(job.file, f"handlingar-{meeting.date:%Y-%m-%d}.pdf", "application/pdf")


@require_GET
def meeting_ics(request, pk):
    meeting = _visible_or_404(request, pk)
    items = AgendaItem.objects.visible_to(request.user).filter(meeting=meeting).with_related()
    url = request.build_absolute_uri(reverse("meetings:meeting-detail", args=[meeting.pk]))
    response = HttpResponse(ics.meeting_calendar(meeting, items, url=url, host=request.get_host()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="mote-{meeting.date:%Y-%m-%d}.ics"')
    return response
