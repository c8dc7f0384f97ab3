from django.contrib import admin

from trygghet.admin import ReadOnlyAdmin

from . import services
from .models import EstMeeting, Intervention, InterventionType


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    """The managed list of kinds of insats; retiring one keeps it on old insatser."""

    list_display = ["name", "slug", "order", "active"]
    list_editable = ["order", "active"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        services.save_intervention_type(intervention_type=obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Intervention)
class InterventionAdmin(ReadOnlyAdmin):
    """Read-only here: insatser change on their pages and through the API, with history."""

    list_display = ["title", "type", "planned_start", "planned_end", "status",
                    "responsible_organisation"]
    list_filter = ["status", "type"]
    date_hierarchy = "planned_start"
    list_select_related = ["type", "responsible_organisation"]
    exclude = ["observations"]


@admin.register(EstMeeting)
class EstMeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "held_on", "opened_by"]
