from django.contrib import admin

from trygghet.admin import ReadOnlyAdmin

from .models import Dialogue, Promise


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    """Read-only here: promises change on their pages and through the API, with history."""

    list_display = ["title", "period_start", "period_end", "status"]
    list_filter = ["status"]


@admin.register(Dialogue)
class DialogueAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "held_at", "participants"]
    list_filter = ["kind"]
