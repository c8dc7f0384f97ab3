from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygghet import idempotency, municipality, permissions as roles
from trygghet.errors import DomainError, StaleEdit, user_message
from trygghet.pdf import pdf_response

from .. import compile as documents, permissions, services, word
from ..filters import CaseFilterSet
from ..forms import AttachmentForm, CaseForm, CaseStatusForm
from ..models import AgendaItem, Case, CaseAttachment, Committee
from .common import file_download, once, require_staff


def _visible_or_404(request, pk):
    return get_object_or_404(Case.objects.visible_to(request.user).select_related("committee"),
                             pk=pk)


@require_GET
def case_list(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied(_("Din roll har inte tillgång till utskottets ärenden."))
    queryset = Case.objects.visible_to(request.user).select_related("committee").order_by(
        "-year", "series", "-number")
    filterset = CaseFilterSet(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "meetings/case_list.html", {
        "filterset": filterset, "page": page, "querystring": params.urlencode(),
        "can_manage": permissions.can_manage(request.user)})


def _form_page(request, form, *, case=None, stale=None, status=200):
    return render(request, "meetings/case_form.html", {
        "form": form, "case": case, "stale": stale,
        "stale_fields": [form.fields[f].label if f in form.fields else f
                         for f in (stale.changes if stale else {})],
    }, status=status)


@require_http_methods(["GET", "POST"])
def case_create(request):
    require_staff(request)
    if not Committee.objects.exists():
        messages.error(request, _("Lägg först upp utskottet och dess ledamöter under "
                                  "Administration."))
        return redirect("meetings:case-list")
    suggestion = services.next_free_number()
    # The writer is usually the handläggare, at their own office, today.
    organisation = roles.organisation_of(request.user)
    initial = {"committee": Committee.objects.order_by("pk").values_list("pk", flat=True).first(),
               "office": organisation.name if organisation else "",
               "officer_name": request.user.get_full_name(), "officer_email": request.user.email,
               "date": timezone.localdate()}
    form = CaseForm(request.POST if request.method == "POST" else None, initial=initial,
                    suggestion=suggestion)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()

        def perform():
            return {"id": services.create_case(by=request.user, **fields).pk}

        try:
            answer, replayed = once(request, scope="meetings.case-form",
                                    submission=form.cleaned_data["submission"],
                                    fields=fields, perform=perform)
        except ValidationError as error:
            form.add_service_errors(error)
        except idempotency.KeyReused:
            idempotency.refuse_resent(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Formuläret skickades två gånger; ärendet skapades en "
                                        "gång.") if replayed else _("Ärendet är skapat."))
            return redirect("meetings:case-detail", pk=answer["id"])
        return _form_page(request, form, status=400)
    return _form_page(request, form, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    require_staff(request)
    case = _visible_or_404(request, pk)
    if not permissions.can_edit_case(request.user, case):
        messages.error(request, _("Ärendet är beslutat och kan inte ändras."))
        return redirect("meetings:case-detail", pk=case.pk)
    form = CaseForm(request.POST if request.method == "POST" else None,
                    initial=CaseForm.initial_from(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(case=case, by=request.user,
                                 revision=form.cleaned_data["revision"], **form.service_fields())
        except StaleEdit as error:
            # What the user typed stays in the form; the next save is made against what is
            # saved now, which the page shows beside it.
            current = Case.objects.get(pk=case.pk)
            form.add_error(None, error.message)
            form.data = form.data.copy()
            form.data["revision"] = current.revision
            return _form_page(request, form, case=current, stale=error, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("meetings:case-detail", pk=case.pk)
        return _form_page(request, form, case=case, status=400)
    return _form_page(request, form, case=case, status=400 if form.is_bound else 200)


def _detail(request, case, *, attachment_form=None, status=200):
    manage = permissions.can_manage(request.user)
    return render(request, "meetings/case_detail.html", {
        "case": case,
        "attachments": list(CaseAttachment.objects.visible_to(request.user).filter(case=case)),
        "agenda_items": AgendaItem.objects.visible_to(request.user).filter(case=case)
        .select_related("meeting__committee"),
        "can_manage": manage, "can_edit": permissions.can_edit_case(request.user, case),
        "attachment_form": attachment_form or (AttachmentForm() if manage else None),
    }, status=status)


@require_GET
def case_detail(request, pk):
    return _detail(request, _visible_or_404(request, pk))


@require_POST
def case_status(request, pk):
    require_staff(request)
    case = _visible_or_404(request, pk)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_case_status(case=case, by=request.user, to=form.cleaned_data["to"],
                                        revision=form.cleaned_data["revision"])
        except (DomainError, ValidationError) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
                labels = {f.name: f.verbose_name for f in Case._meta.fields}
                message = _("Ärendet kan inte markeras som klart än:") + " " + " ".join(
                    f"{str(labels.get(field, field)).capitalize()}: {' '.join(texts)}"
                    for field, texts in error.message_dict.items())
            else:
                message = user_message(error)
            messages.error(request, message)
        else:
            messages.success(request, _("Ärendet är markerat som klart.")
                             if form.cleaned_data["to"] == Case.Status.READY
                             else _("Ärendet är ett utkast igen."))
    return redirect("meetings:case-detail", pk=case.pk)


@require_POST
def attachment_add(request, pk):
    require_staff(request)
    case = _visible_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(case=case, by=request.user, title=form.cleaned_data["title"],
                                    upload=form.cleaned_data["file"])
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Bilagan är tillagd."))
            return redirect("meetings:case-detail", pk=case.pk)
    return _detail(request, case, attachment_form=form, status=400)


@require_GET
def attachment_download(request, pk, attachment_pk):
    case = _visible_or_404(request, pk)
    attachment = get_object_or_404(
        CaseAttachment.objects.visible_to(request.user).filter(case=case), pk=attachment_pk)
    return file_download(attachment.file, attachment.download_name, attachment.content_type)


@require_POST
def attachment_remove(request, pk, attachment_pk):
    require_staff(request)
    case = _visible_or_404(request, pk)
    attachment = get_object_or_404(CaseAttachment.objects.filter(case=case), pk=attachment_pk)
    try:
        services.remove_attachment(attachment=attachment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Bilagan är borttagen."))
    return redirect("meetings:case-detail", pk=case.pk)


@require_GET
def case_docx(request, pk):
    case = _visible_or_404(request, pk)
    document = word.tjansteskrivelse_docx(case, municipality.current().name)
    response = HttpResponse(document, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    name = f"tjansteskrivelse-{case.series}-{case.year:02d}-{case.number:04d}".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@require_GET
def case_pdf(request, pk):
    case = _visible_or_404(request, pk)
    return pdf_response(documents.render_case_pdf(case),
                        f"tjansteskrivelse-{case.series}-{case.year:02d}-{case.number:04d}")
