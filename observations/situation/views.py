from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygghet import csvfile, hooks, municipality
from trygghet.errors import DomainError, StaleEdit, user_message
from trygghet.geojson import area_collection
from trygghet.models import Area
from trygghet.pdf import pdf_response, render_pdf
from trygghet.weeks import parse_week, week_just_ended, week_label

from . import charts, permissions, presentation, services
from .forms import AnalysisForm, CompileForm, CorrectionForm
from .models import CompileJob, SituationReport

WEEKS_PER_PAGE = 26


def _report_or_404(request, pk):
    return get_object_or_404(SituationReport.objects.visible_to(request.user)
                             .select_related("published_by", "corrects"), pk=pk)


@require_http_methods(["GET", "POST"])
def report_list(request):
    """One row per week: the newest version the user may see, and how many there are."""
    form = None
    if permissions.can_manage_reports(request.user):
        form = CompileForm(request.POST if request.method == "POST" else None,
                           initial={"week": week_label(*week_just_ended())})
        if request.method == "POST" and form.is_valid():
            try:
                year, week = parse_week(form.cleaned_data["week"])
                job = services.queue_compile(year=year, week=week, by=request.user)
            except DomainError as error:
                form.add_error("week", error.message)
            else:
                return redirect("situation:compilejob-detail", pk=job.pk)
    elif request.method == "POST":
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    reports = (SituationReport.objects.visible_to(request.user)
               .only("pk", "iso_year", "iso_week", "version", "compiled_at", "published_at",
                     "corrects_id").order_by("-iso_year", "-iso_week", "-version"))
    weeks = [list(versions) for _week, versions in
             groupby(reports, key=lambda r: (r.iso_year, r.iso_week))]
    page = Paginator(weeks, WEEKS_PER_PAGE).get_page(request.GET.get("sida"))
    rows = [{"current": versions[0], "count": len(versions),
             "published": next((v for v in versions if v.is_published), None)}
            for versions in page.object_list]
    return render(request, "situation/report_list.html", {"rows": rows, "page": page,
                                                          "form": form})


@require_GET
def report_week(request, week):
    """The newest version of a week that the user may see: where mails and links point."""
    try:
        year, number = parse_week(week, allow_future=True)
    except DomainError:
        raise Http404 from None
    latest = (SituationReport.objects.visible_to(request.user).of_week(year, number)
              .order_by("-version").only("pk").first())
    if latest is None:
        raise Http404
    return redirect("situation:report-detail", pk=latest.pk)


@require_GET
def compilejob_detail(request, pk):
    """Follows a compile job (the page polls the API's job endpoint) and opens its report."""
    job = get_object_or_404(CompileJob.objects.visible_to(request.user)
                            .select_related("report"), pk=pk)
    if job.report_id:
        if not job.made_new_version:
            messages.info(request, _("Inget har ändrats i veckan sedan version %(v)s; det är "
                                     "fortfarande den senaste.") % {"v": job.report.version})
        return redirect("situation:report-detail", pk=job.report_id)
    return render(request, "situation/compilejob_detail.html", {"job": job})


# The hook other apps add links to the page through (the week's EST meeting): functions of
# (request, report) returning a list of trygghet.hooks.Link.
REPORT_LINKS = "situation.report_links"


def _detail(request, report, *, form=None, correction_form=None, status=200, stale=None):
    versions = list(SituationReport.objects.visible_to(request.user).of_week(
        report.iso_year, report.iso_week).only("pk", "version", "published_at", "corrects_id")
        .order_by("version"))
    newest = versions[-1] if versions else report
    manage = permissions.can_manage_reports(request.user)
    if form is None and manage and not report.is_published:
        form = AnalysisForm(initial={"analysis": report.analysis, "revision": report.revision,
                                     "recommendations": report.recommendations})
    if correction_form is None and manage and report.is_published and newest.pk == report.pk:
        correction_form = CorrectionForm(initial={"analysis": report.analysis,
                                                  "recommendations": report.recommendations})
    return render(request, "situation/report_detail.html", {
        "report": report, "data": presentation.view_data(report, request.user), "form": form,
        "correction_form": correction_form, "versions": versions,
        "newer": newest if newest.pk != report.pk else None, "stale": stale,
        "areas": area_collection(Area.objects.order_by("-size")),
        "links": hooks.collect(REPORT_LINKS, request, report),
    }, status=status)


@require_GET
def report_detail(request, pk):
    return _detail(request, _report_or_404(request, pk))


@require_POST
def report_annotate(request, pk):
    report = _report_or_404(request, pk)
    form = AnalysisForm(request.POST)
    if form.is_valid():
        fields = form.cleaned_data
        try:
            if "publish" in request.POST:
                services.publish_report(report=report, by=request.user, **fields)
                messages.success(request, _("Lägesbilden är publicerad."))
            else:
                services.annotate_report(report=report, by=request.user, **fields)
                messages.success(request, _("Analysen är sparad."))
            return redirect("situation:report-detail", pk=report.pk)
        except StaleEdit as error:
            report.refresh_from_db()
            form.add_error(None, error.message)
            # The form keeps what was typed; the next save is made against what is there now.
            form.data = form.data.copy()
            form.data["revision"] = report.revision
            return _detail(request, report, form=form, status=409, stale=report)
        except (DomainError, ValidationError) as error:
            form.add_error(None, user_message(error))
    return _detail(request, report, form=form, status=400)


@require_POST
def report_correct(request, pk):
    report = _report_or_404(request, pk)
    if not permissions.can_manage_reports(request.user):
        # Before the form is read: a reader is not shown a form they may not send.
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            correction = services.correct_report(report=report, by=request.user,
                                                 **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_error(None, user_message(error))
        else:
            messages.success(request, _("Rättelsen är publicerad som version %(v)s.")
                             % {"v": correction.version})
            return redirect("situation:report-detail", pk=correction.pk)
    return _detail(request, report, correction_form=form, status=400)


@require_GET
def report_trend(request, pk):
    """The trend's small multiples as SVG (the same figures are in the page's table)."""
    report = _report_or_404(request, pk)
    data = presentation.view_data(report, request.user)
    svg = charts.cached(report, request.user, "trend.svg",
                        lambda: charts.trend_chart(data, data["trend_labels"], fmt="svg"))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_GET
def report_csv(request, pk):
    report = _report_or_404(request, pk)
    data = report.data_for(request.user)
    header = [_("dimension"), _("namn"), _("antal"), _("veckan före"), _("snitt 4 veckor"),
              _("samma vecka i fjol"), _("markant")]

    def row(dimension, name, figures):
        return [dimension, name, figures["count"], figures["previous"], figures["mean4"],
                figures["last_year"], presentation.flag_text(figures["flag"])]

    rows = [row(_("totalt"), "", data["total"])]
    rows += [row(_("kategori"), category["name"], category) for category in data["by_category"]]
    rows += [row(_("område"), presentation.area_name(area), area) for area in data["by_area"]]
    rows += [[_("veckodag"), day, count, None, None, None, None]
             for day, count in zip(presentation.weekday_names(), data["by_weekday"])]
    rows += [[_("timme"), f"{hour:02d}", count, None, None, None, None]
             for hour, count in enumerate(data["by_hour"])]
    return csvfile.response(f"lagesbild-{report.label}-v{report.version}.csv", header, rows)


@require_GET
def report_pdf(request, pk):
    """The lägesbild for the morning briefing: the municipality's name (and logo), the map of
    the week and the trend drawn on the server, then the figures."""
    report = _report_or_404(request, pk)
    data = presentation.view_data(report, request.user)
    areas = list(Area.objects.only("name", "kind", "geometry", "size"))
    pdf = render_pdf("situation/report_pdf.html", {
        "report": report, "data": data, "municipality": municipality.current(),
        "municipality_logo": settings.MUNICIPALITY_LOGO,
        "map_png": charts.cached(report, request.user, "map.png",
                                 lambda: charts.week_map(data, areas, fmt="png")),
        "trend_png": charts.cached(report, request.user, "trend.png",
                                   lambda: charts.trend_chart(data, data["trend_labels"],
                                                              fmt="png")),
    }, request=request)
    return pdf_response(pdf, f"lagesbild-{report.label}-v{report.version}")
