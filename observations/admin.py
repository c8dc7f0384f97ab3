from django.contrib import admin

from .models import (
    Category,
    CompileRequest,
    Observation,
    ObservationAccess,
    ObservationEvent,
    SituationReport,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through their services (with history) or are logs."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"slug": ["name"]}


class EventInline(admin.TabularInline):
    model = ObservationEvent
    extra = 0
    readonly_fields = ["kind", "from_status", "to_status", "comment", "author", "created_at"]
    can_delete = False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    """Read-only here: observations change through the pages and the API, which keep history."""

    list_display = ["occurred_at", "category", "area", "severity", "status", "organisation",
                    "restricted"]
    list_filter = ["status", "severity", "restricted", "category", "organisation"]
    date_hierarchy = "occurred_at"
    list_select_related = ["category", "area", "organisation"]
    inlines = [EventInline]


@admin.register(ObservationAccess)
class ObservationAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "observation", "via"]
    list_filter = ["via"]
    list_select_related = ["user", "observation__category"]


@admin.register(SituationReport)
class SituationReportAdmin(ReadOnlyAdmin):
    """Read-only: reports are compiled by the task and annotated on their page."""

    list_display = ["__str__", "compiled_at", "published_at"]
    list_filter = ["iso_year"]
    exclude = ["data"]
    readonly_fields = ["iso_year", "iso_week", "version", "request", "compiled_at", "analysis",
                       "recommendations", "published_at", "published_by"]


@admin.register(CompileRequest)
class CompileRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "requested_by", "requested_at", "state", "attempts"]
    list_filter = ["state"]
