from django import forms
from django.contrib import admin
from django.utils.text import capfirst

from . import permissions, services
from .forms import AreaMapWidget, GeometryField
from .models import Area, AuditEntry, Membership, Organisation


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through their services (with history) or are logs."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AdministratorsOnlyAdmin(ReadOnlyAdmin):
    """Logs that only administrators may read (the audit trail, reads of restricted rows)."""

    def has_view_permission(self, request, obj=None):
        return permissions.is_administrator(request.user)

    def has_module_permission(self, request):
        return permissions.is_administrator(request.user)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.save_organisation(organisation=obj, by=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        services.save_membership(membership=obj, by=request.user)


class AreaForm(forms.ModelForm):
    geometry = GeometryField(label=capfirst(Area._meta.get_field("geometry").verbose_name),
                             help_text=Area._meta.get_field("geometry").help_text)

    class Meta:
        model = Area
        fields = ["name", "kind", "geometry"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["geometry"].widget = AreaMapWidget(exclude=self.instance.pk)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    form = AreaForm
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.save_area(area=obj, by=request.user, name=obj.name, kind=obj.kind,
                           geometry=obj.geometry)


@admin.register(AuditEntry)
class AuditEntryAdmin(AdministratorsOnlyAdmin):
    list_display = ["at", "actor_name", "verb", "content_type", "object_repr"]
    list_filter = ["verb", "content_type"]
    search_fields = ["actor_name", "object_repr", "object_id", "verb"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
