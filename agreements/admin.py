from django.contrib import admin

from trygghet.admin import ReadOnlyAdmin

from .models import Agreement, YearlyReport, YearlyReportJob


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    """Read-only here: agreements change on their pages and through the API, with history."""

    list_display = ["title", "starts_on", "ends_on", "signed_on"]


@admin.register(YearlyReport)
class YearlyReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are compiled by the task and analysed on their page."""

    list_display = ["__str__", "compiled_at", "published_at"]
    list_filter = ["year"]
    exclude = ["data", "causes"]
    list_select_related = ["agreement"]


@admin.register(YearlyReportJob)
class YearlyReportJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "requested_at", "state", "attempts", "report"]
    list_filter = ["state"]
    list_select_related = ["agreement", "requested_by", "report__agreement"]
