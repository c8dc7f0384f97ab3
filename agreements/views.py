"""Pages of the samverkansöverenskommelse: the list, one agreement with its documents,
priority areas, indicators, åtgärdsplan and yearly reports, the forms, and the yearly report
with its compile, analysis of causes and PDF."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from observations.interventions.models import Intervention
from trygghet import hooks, pages
from trygghet.pdf import pdf_response, render_pdf
from trygghet.numbers import whole

from . import charts, permissions, presentation, services
from .forms import (
    AgreementForm,
    CausesForm,
    DocumentForm,
    IndicatorForm,
    IndicatorImportForm,
    IndicatorValueForm,
    MeasureForm,
    PriorityAreaForm,
    YearForm,
)
from .models import (
    Agreement,
    AgreementDocument,
    Indicator,
    IndicatorValue,
    Measure,
    PriorityArea,
    YearlyReport,
    YearlyReportJob,
)

# The hook higher apps add sections to an agreement's page through (the medborgarlöften that
# are its public part): functions of (request, agreement) returning a list of
# trygghet.home.Panel, each shown by its template with `panel` in the context.
DETAIL_SECTIONS = "agreements.detail_sections"
# Insatser offered for linking to a measure: those of the last twelve months and ahead.
CANDIDATE_DAYS = 365


def _require_manager(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)


def _agreement_or_404(request, pk):
    return get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)


@require_GET
def agreement_list(request):
    agreements = (Agreement.objects.visible_to(request.user).prefetch_related("parties")
                  .order_by("-starts_on", "-id"))
    return render(request, "agreements/agreement_list.html", {
        "agreements": agreements, "today": timezone.localdate(),
        "can_manage": permissions.can_manage(request.user)})


def _detail(request, agreement, *, document_form=None, year_form=None, status=200):
    can_manage = permissions.can_manage(request.user)
    priority_areas = list(agreement.priority_areas.order_by("order", "id").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")
                 .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects
                                            .order_by("year"), to_attr="yearly"))),
        Prefetch("measures", queryset=Measure.objects.order_by("order", "id").prefetch_related(
            "organisations", Prefetch("interventions", queryset=Intervention.objects.only(
                "id", "status").order_by()))),
    ))
    for area in priority_areas:
        for indicator in area.indicators.all():
            indicator.latest = indicator.yearly[-1] if indicator.yearly else None
        for measure in area.measures.all():
            linked = measure.interventions.all()
            measure.done = sum(1 for i in linked if i.status == Intervention.Status.DONE)
            measure.open = sum(1 for i in linked if i.is_open)
    years = agreement.report_years()
    if can_manage and year_form is None and years:
        year_form = YearForm(years=years, initial={"year": years[0]})
    if can_manage and document_form is None:
        document_form = DocumentForm()
    reports = (YearlyReport.objects.visible_to(request.user).filter(agreement=agreement)
               .defer("data").order_by("-year", "-version"))
    return render(request, "agreements/agreement_detail.html", {
        "agreement": agreement, "parties": list(agreement.parties.all()),
        "priority_areas": priority_areas,
        "documents": agreement.documents.select_related("uploaded_by").order_by("uploaded_at"),
        "reports": reports, "can_manage": can_manage, "year_form": year_form,
        "document_form": document_form, "sections": hooks.collect(DETAIL_SECTIONS, request,
                                                                  agreement),
    }, status=status)


@require_GET
def agreement_detail(request, pk):
    return _detail(request, _agreement_or_404(request, pk))


@require_http_methods(["GET", "POST"])
def agreement_create(request):
    _require_manager(request)
    form = AgreementForm(request.POST or None)
    return pages.create_page(
        request, form, lambda: services.save_agreement(by=request.user, **form.service_fields()),
        scope="agreements.agreement", done="agreements:agreement-detail",
        message=_("Överenskommelsen är sparad."), template="agreements/agreement_form.html",
        context={"editing": None})


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    _require_manager(request)
    agreement = _agreement_or_404(request, pk)
    form = AgreementForm(request.POST or None, editing=agreement,
                         initial=AgreementForm.initial_from(agreement))
    return pages.edit_page(
        request, form, lambda: services.save_agreement(
            by=request.user, agreement=agreement, revision=form.cleaned_data["revision"],
            **form.service_fields()),
        current_revision=lambda: Agreement.objects.get(pk=pk).revision,
        done=reverse("agreements:agreement-detail", args=[pk]),
        template="agreements/agreement_form.html", context={"editing": agreement})


# Documents

@require_POST
def document_add(request, pk):
    _require_manager(request)
    agreement = _agreement_or_404(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        _result, status = form.run(lambda: services.add_document(
            by=request.user, agreement=agreement, title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"]))
        if status is None:
            messages.success(request, _("Dokumentet är sparat."))
            return redirect("agreements:agreement-detail", pk=pk)
        return _detail(request, agreement, document_form=form, status=status)
    return _detail(request, agreement, document_form=form, status=400)


@require_GET
def document_download(request, pk):
    """A document, to members only, as a download (never shown inline: its bytes are the
    uploader's)."""
    document = get_object_or_404(AgreementDocument.objects.visible_to(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Filen finns inte längre.")) from None
    response = FileResponse(handle, as_attachment=True, filename=document.download_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def document_remove(request, pk):
    _require_manager(request)
    document = get_object_or_404(AgreementDocument.objects.visible_to(request.user), pk=pk)
    services.remove_document(by=request.user, document=document)
    messages.success(request, _("Dokumentet är borttaget."))
    return redirect("agreements:agreement-detail", pk=document.agreement_id)


# Priority areas

@require_http_methods(["GET", "POST"])
def priority_area_form(request, agreement=None, pk=None):
    _require_manager(request)
    editing = None
    if pk is not None:
        editing = get_object_or_404(PriorityArea.objects.visible_to(request.user)
                                    .select_related("agreement"), pk=pk)
        agreement = editing.agreement
    else:
        agreement = _agreement_or_404(request, agreement)
    initial = {"name": editing.name, "description": editing.description} if editing else {}
    form = PriorityAreaForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            _result, status = form.run(lambda: services.save_priority_area(
                by=request.user, agreement=agreement, priority_area=editing,
                **form.service_fields()))
            if status is None:
                messages.success(request, _("Det prioriterade området är sparat."))
                return redirect("agreements:agreement-detail", pk=agreement.pk)
    return render(request, "agreements/priority_area_form.html", {
        "form": form, "agreement": agreement, "editing": editing}, status=status)


# Indicators

def _priority_area_from(request, agreement_pk=None):
    chosen = whole(request.GET.get("omrade", ""))
    if chosen is None:
        raise Http404(_("Välj ett prioriterat område."))
    return get_object_or_404(PriorityArea.objects.visible_to(request.user)
                             .select_related("agreement"), pk=chosen)


@require_http_methods(["GET", "POST"])
def indicator_form(request, pk=None):
    _require_manager(request)
    editing = None
    if pk is not None:
        editing = get_object_or_404(Indicator.objects.visible_to(request.user)
                                    .select_related("priority_area__agreement"), pk=pk)
        priority_area = editing.priority_area
    else:
        priority_area = _priority_area_from(request)
    initial = {f: getattr(editing, f) for f in ("name", "unit", "source", "source_detail",
                                                "direction")} if editing else {}
    form = IndicatorForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            indicator, status = form.run(lambda: services.save_indicator(
                by=request.user, priority_area=priority_area, indicator=editing,
                **form.service_fields()))
            if status is None:
                messages.success(request, _("Indikatorn är sparad."))
                return redirect("agreements:indicator-detail", pk=indicator.pk)
    return render(request, "agreements/indicator_form.html", {
        "form": form, "priority_area": priority_area, "editing": editing}, status=status)


def _indicator_or_404(request, pk):
    return get_object_or_404(Indicator.objects.visible_to(request.user)
                             .select_related("priority_area__agreement"), pk=pk)


def _indicator_detail(request, indicator, *, value_form=None, import_form=None, status=200):
    can_manage = permissions.can_manage(request.user)
    values = list(indicator.values.order_by("year"))
    previous = None
    for row in values:
        row.verdict = presentation.verdict_text(
            None if previous is None else _verdict(indicator, row.value, previous))
        previous = row.value
    if can_manage:
        value_form = value_form or IndicatorValueForm(initial={"year": timezone.localdate().year})
        import_form = import_form or IndicatorImportForm()
    return render(request, "agreements/indicator_detail.html", {
        "indicator": indicator, "values": values, "can_manage": can_manage,
        "value_form": value_form, "import_form": import_form,
        "agreement": indicator.priority_area.agreement,
    }, status=status)


def _verdict(indicator, value, previous):
    from .compile import verdict

    return verdict(indicator.direction, value, previous)


@require_GET
def indicator_detail(request, pk):
    return _indicator_detail(request, _indicator_or_404(request, pk))


@require_POST
def indicator_value(request, pk):
    _require_manager(request)
    indicator = _indicator_or_404(request, pk)
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        _result, status = form.run(lambda: services.set_indicator_value(
            by=request.user, indicator=indicator, **form.service_fields()))
        if status is None:
            messages.success(request, _("Värdet för %(year)s är sparat.")
                             % {"year": form.cleaned_data["year"]})
            return redirect("agreements:indicator-detail", pk=pk)
        return _indicator_detail(request, indicator, value_form=form, status=status)
    return _indicator_detail(request, indicator, value_form=form, status=400)


@require_POST
def indicator_import(request, pk):
    _require_manager(request)
    indicator = _indicator_or_404(request, pk)
    form = IndicatorImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        values, status = form.run(lambda: services.import_indicator_values(
            by=request.user, indicator=indicator, data=upload.read(64 * 1024 + 1)))
        if status is None:
            messages.success(request, _("%(n)s värden är inlästa.") % {"n": len(values)})
            return redirect("agreements:indicator-detail", pk=pk)
        return _indicator_detail(request, indicator, import_form=form, status=status)
    return _indicator_detail(request, indicator, import_form=form, status=400)


@require_GET
def indicator_trend(request, pk):
    indicator = _indicator_or_404(request, pk)
    values = [(v.year, float(v.value)) for v in indicator.values.order_by("year")]
    svg = charts.cached("indicator", [values, indicator.unit, indicator.direction],
                        lambda: charts.indicator_trend(values, unit=indicator.unit,
                                                       direction=indicator.direction))
    return HttpResponse(svg, content_type="image/svg+xml")


# The åtgärdsplan

def _candidates(measure=None):
    since = timezone.localdate() - timedelta(days=CANDIDATE_DAYS)
    recent = Intervention.objects.filter(planned_end__gte=since)
    if measure is not None:
        recent = recent | Intervention.objects.filter(measures=measure)
    return recent.distinct().order_by("-planned_start", "-id")


@require_http_methods(["GET", "POST"])
def measure_form(request, pk=None):
    _require_manager(request)
    editing = None
    if pk is not None:
        editing = get_object_or_404(Measure.objects.visible_to(request.user)
                                    .select_related("priority_area__agreement"), pk=pk)
        priority_area = editing.priority_area
    else:
        priority_area = _priority_area_from(request)
    initial = MeasureForm.initial_from(editing) if editing else {"status": Measure.Status.GREEN}
    form = MeasureForm(request.POST or None, editing=editing, candidates=_candidates(editing),
                       initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if editing is None:
                pk, replayed, status = form.create_once(
                    request, f"agreements.measure:{priority_area.pk}",
                    lambda: services.save_measure(by=request.user, priority_area=priority_area,
                                                  **form.service_fields()))
                if status is None:
                    pages.saved(request, replayed, _("Åtgärden är tillagd i åtgärdsplanen."))
                    return redirect("agreements:measure-detail", pk=pk)
            else:
                _result, status = form.run(lambda: services.save_measure(
                    by=request.user, priority_area=priority_area, measure=editing,
                    revision=form.cleaned_data["revision"], **form.service_fields()),
                    current_revision=lambda: Measure.objects.get(pk=pk).revision)
                if status is None:
                    messages.success(request, _("Ändringen är sparad."))
                    return redirect("agreements:measure-detail", pk=pk)
    return render(request, "agreements/measure_form.html", {
        "form": form, "priority_area": priority_area, "editing": editing}, status=status)


@require_GET
def measure_detail(request, pk):
    measure = get_object_or_404(Measure.objects.visible_to(request.user).with_related()
                                .select_related("priority_area__agreement"), pk=pk)
    interventions = list(Intervention.objects.visible_to(request.user).filter(measures=measure)
                         .with_related().order_by("-planned_start", "-id"))
    today = timezone.localdate()
    for insats in interventions:
        insats.overdue = insats.is_overdue(today)
    return render(request, "agreements/measure_detail.html", {
        "measure": measure, "interventions": interventions,
        "done": sum(1 for i in interventions if i.status == Intervention.Status.DONE),
        "agreement": measure.priority_area.agreement,
        "can_manage": permissions.can_manage(request.user)})


# The yearly lägesbild and åtgärdsplan

@require_POST
def report_compile(request, pk):
    _require_manager(request)
    agreement = _agreement_or_404(request, pk)
    form = YearForm(request.POST, years=agreement.report_years())
    if form.is_valid():
        job, status = form.run(lambda: services.queue_yearly_report(
            agreement=agreement, year=form.cleaned_data["year"], by=request.user))
        if status is None:
            return redirect("agreements:reportjob-detail", pk=job.pk)
        return _detail(request, agreement, year_form=form, status=status)
    return _detail(request, agreement, year_form=form, status=400)


@require_GET
def reportjob_detail(request, pk):
    """Follows a compile (the page polls the API's job endpoint) and opens its report."""
    job = get_object_or_404(YearlyReportJob.objects.visible_to(request.user)
                            .select_related("agreement", "report"), pk=pk)
    if job.report_id:
        if not job.made_new_version:
            messages.info(request, _("Inget har ändrats under året sedan version %(v)s; den är "
                                     "fortfarande den senaste.") % {"v": job.report.version})
        return redirect("agreements:report-detail", pk=job.report_id)
    return render(request, "agreements/reportjob_detail.html", {"job": job})


def _report_or_404(request, pk):
    return get_object_or_404(YearlyReport.objects.visible_to(request.user)
                             .select_related("agreement", "published_by"), pk=pk)


def _report_page(request, report, form=None, status=200, stale=None):
    versions = (YearlyReport.objects.visible_to(request.user)
                .filter(agreement=report.agreement, year=report.year)
                .only("pk", "version", "published_at").order_by("version"))
    editable = permissions.can_manage(request.user) and not report.is_published
    view = presentation.view_data(report, request.user)
    if editable and form is None:
        form = CausesForm(priority_areas=view["data"]["priority_areas"], initial={
            "revision": report.revision, **{f"cause_{a['id']}": a["cause"]
                                            for a in view["areas"]}})
    return render(request, "agreements/report_detail.html", {
        "report": report, "agreement": report.agreement, **view, "form": form,
        "versions": versions, "stale": stale,
    }, status=status)


@require_GET
def report_detail(request, pk):
    return _report_page(request, _report_or_404(request, pk))


@require_POST
def report_annotate(request, pk):
    _require_manager(request)
    report = _report_or_404(request, pk)
    form = CausesForm(request.POST, priority_areas=report.data["priority_areas"])
    if form.is_valid():
        publish = "publish" in request.POST
        call = services.publish_yearly_report if publish else services.save_causes
        _result, status = form.run(lambda: call(
            report=report, by=request.user, causes=form.causes(),
            revision=form.cleaned_data["revision"]),
            current_revision=lambda: YearlyReport.objects.get(pk=pk).revision)
        if status is None:
            messages.success(request, _("Rapporten är publicerad.") if publish
                             else _("Orsaksanalysen är sparad."))
            return redirect("agreements:report-detail", pk=pk)
        report.refresh_from_db()
        return _report_page(request, report, form, status=status,
                            stale=report if status == 409 else None)
    return _report_page(request, report, form, status=400)


@require_GET
def report_chart(request, pk):
    report = _report_or_404(request, pk)
    rows = report.data["observations"]["by_category"]
    svg = charts.cached("by-category", [rows, report.year], lambda: charts.by_category(
        rows, year=report.year))
    return HttpResponse(svg, content_type="image/svg+xml")


@require_GET
def report_pdf(request, pk):
    report = _report_or_404(request, pk)
    view = presentation.view_data(report, request.user)
    rows = view["data"]["observations"]["by_category"]
    chart = charts.cached("by-category-png", [rows, report.year], lambda: charts.by_category(
        rows, year=report.year, fmt="png")) if rows else None
    for area in view["areas"]:
        for indicator in area["indicators"]:
            values = indicator["values"]
            indicator["chart"] = charts.data_uri(charts.cached(
                "indicator-png", [values, indicator["unit"], indicator["direction"]],
                lambda: charts.indicator_trend(values, unit=indicator["unit"],
                                               direction=indicator["direction"], fmt="png")))
    pdf = render_pdf("agreements/report_pdf.html", {
        "report": report, "agreement": report.agreement, **view,
        "chart": charts.data_uri(chart) if chart else None,
    }, request=request)
    return pdf_response(pdf, f"lagesbild-{report.year}-v{report.version}")
