from django.contrib import admin

from trygghet.admin import AdministratorsOnlyAdmin, ReadOnlyAdmin

from . import services
from .models import Category, ExportJob, Observation, ObservationAccess, ObservationEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        services.save_category(category=obj, by=request.user)


class EventInline(admin.TabularInline):
    model = ObservationEvent
    extra = 0
    readonly_fields = ["kind", "from_status", "to_status", "comment", "author", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    """Read-only here: observations change through the pages and the API, which keep history."""

    list_display = ["occurred_at", "category", "area", "severity", "status", "organisation",
                    "restricted"]
    list_filter = ["status", "severity", "restricted", "category", "organisation"]
    date_hierarchy = "occurred_at"
    list_select_related = ["category", "area", "organisation"]
    inlines = [EventInline]
    # A table of millions: the filtered count only, not a second count of every row.
    show_full_result_count = False


@admin.register(ObservationAccess)
class ObservationAccessAdmin(AdministratorsOnlyAdmin):
    list_display = ["at", "user", "observation", "via"]
    list_filter = ["via"]
    list_select_related = ["user", "observation__category"]
    show_full_result_count = False


@admin.register(ExportJob)
class ExportJobAdmin(AdministratorsOnlyAdmin):
    """Who exported what and when, and whether the file is still kept: for administrators, who
    see the jobs but not the files (a file is its owner's alone)."""

    list_display = ["requested_at", "requested_by", "format", "state", "rows_total",
                    "finished_at", "expires_at", "erased_at"]
    list_filter = ["state", "format"]
    list_select_related = ["requested_by"]
    fields = ["requested_by", "requested_at", "format", "filters", "language", "state",
              "rows_done", "rows_total", "error", "finished_at", "expires_at", "erased_at"]
