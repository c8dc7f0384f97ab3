import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygghet.errors import DomainError, user_message

from . import permissions, report_services
from .lagesbild import week_just_ended
from .models import CompileRequest, SituationReport
from .report_forms import AnalysisForm, CompileForm

WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
CSV_FLAGS = {"up": "markant upp", "down": "markant ned", "": ""}


def _report_or_404(request, pk):
    return get_object_or_404(SituationReport.objects.visible_to(request.user), pk=pk)


def report_view_data(report, user):
    """What the page and the PDF show: the user's snapshot, with weekday names for the table."""
    data = report.data_for(user)
    data["weekday_rows"] = list(zip(WEEKDAYS, data["by_weekday"]))
    return data


@require_http_methods(["GET", "POST"])
def report_list(request):
    form = None
    if permissions.can_manage_reports(request.user):
        year, week = week_just_ended()
        form = CompileForm(request.POST if request.method == "POST" else None,
                           initial={"week": f"{year}-W{week:02d}"})
        if request.method == "POST" and form.is_valid():
            try:
                year, week = report_services.parse_week(form.cleaned_data["week"])
                job = report_services.request_compile(year=year, week=week, by=request.user)
            except DomainError as error:
                form.add_error("week", error.message)
            else:
                return redirect("observations:report-job", pk=job.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Bara samordnare kan sammanställa lägesbilder."))
    reports = SituationReport.objects.visible_to(request.user).defer("data")
    return render(request, "observations/report_list.html", {"reports": reports, "form": form})


@require_GET
def report_job(request, pk):
    job = get_object_or_404(CompileRequest.objects.visible_to(request.user), pk=pk)
    report = SituationReport.objects.filter(request=job).only("pk").first()
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({
            "state": job.state,
            "report_url": reverse("observations:report-detail", args=[report.pk]) if report else None,
            "error": job.error,
        })
    if report:
        return redirect("observations:report-detail", pk=report.pk)
    return render(request, "observations/report_job.html", {"job": job})


@require_GET
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    editable = permissions.can_manage_reports(request.user) and not report.is_published
    versions = SituationReport.objects.visible_to(request.user).filter(
        iso_year=report.iso_year, iso_week=report.iso_week).only("pk", "version", "published_at")
    return render(request, "observations/report_detail.html", {
        "report": report, "data": report_view_data(report, request.user),
        "form": AnalysisForm(initial={"analysis": report.analysis,
                                      "recommendations": report.recommendations}) if editable else None,
        "versions": versions,
    })


@require_POST
def report_annotate(request, pk):
    report = _report_or_404(request, pk)
    form = AnalysisForm(request.POST)
    if form.is_valid():
        try:
            report = report_services.annotate_report(report=report, by=request.user, **form.cleaned_data)
            if "publish" in request.POST:
                report_services.publish_report(report=report, by=request.user)
                messages.success(request, _("Lägesbilden är publicerad."))
            else:
                messages.success(request, _("Analysen är sparad."))
            return redirect("observations:report-detail", pk=report.pk)
        except (DomainError, ValidationError) as error:
            form.add_error(None, user_message(error))
    return render(request, "observations/report_detail.html", {
        "report": report, "data": report_view_data(report, request.user), "form": form,
        "versions": [],
    }, status=400)


@require_GET
def report_csv(request, pk):
    report = _report_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lagesbild-{report.label}-v{report.version}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with å, ä, ö only with a byte-order mark.
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["dimension", "namn", "antal", "veckan före", "snitt 4 veckor",
                     "samma vecka i fjol", "markant"])
    total = report.data["total"]
    writer.writerow(["totalt", "", total["count"], total["previous"], total["mean4"],
                     total["last_year"], CSV_FLAGS[total["flag"]]])
    for dimension, key in (("kategori", "by_category"), ("område", "by_area")):
        for row in report.data[key]:
            writer.writerow([dimension, row["name"], row["count"], row["previous"], row["mean4"],
                             row["last_year"], CSV_FLAGS[row["flag"]]])
    for day, count in zip(WEEKDAYS, report.data["by_weekday"]):
        writer.writerow(["veckodag", day, count, "", "", "", ""])
    for hour, count in enumerate(report.data["by_hour"]):
        writer.writerow(["timme", f"{hour:02d}", count, "", "", "", ""])
    return response


@require_GET
def report_pdf(request, pk):
    from weasyprint import HTML

    report = _report_or_404(request, pk)
    html = render_to_string("observations/report_pdf.html", {
        "report": report, "data": report_view_data(report, request.user),
    }, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lagesbild-{report.label}-v{report.version}.pdf"'
    return response
