from django.contrib import admin

from trygghet.admin import ReadOnlyAdmin

from . import services
from .models import Case, Committee, CommitteeMember, DocumentJob, Meeting, Posting, Protocol


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 1
    fields = ["name", "party", "role", "active"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    """The committee and its members are set up here; everything else has its own pages."""

    list_display = ["name", "protocol_kept_at"]
    inlines = [CommitteeMemberInline]

    def save_model(self, request, obj, form, change):
        services.save_committee(committee=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        for member in formset.save(commit=False):
            services.save_committee_member(member=member, by=request.user)
        for removed in formset.deleted_objects:
            # Members stay in old protokoll; they are made inactive, not deleted.
            removed.active = False
            services.save_committee_member(member=removed, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "status", "place"]
    list_filter = ["committee", "kind", "status"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["diarienummer", "title", "status", "date"]
    list_filter = ["status", "series", "year"]
    search_fields = ["title"]
    exclude = ["body"]


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "adjusted_on", "published_at"]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "adjusted_on", "posted_on", "appeal_ends_on"]


@admin.register(DocumentJob)
class DocumentJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "variant", "requested_by", "requested_at", "state", "pages"]
    list_filter = ["state", "variant"]
