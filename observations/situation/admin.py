from django.contrib import admin

from trygghet.admin import ReadOnlyAdmin

from .models import CompileJob, SituationReport


@admin.register(SituationReport)
class SituationReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are compiled by the task and annotated on their page."""

    list_display = ["__str__", "compiled_at", "published_at"]
    list_filter = ["iso_year"]
    exclude = ["data"]
    readonly_fields = ["iso_year", "iso_week", "version", "compiled_at", "analysis",
                       "recommendations", "published_at", "published_by"]


@admin.register(CompileJob)
class CompileJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "requested_at", "state", "attempts", "report"]
    list_filter = ["state"]
