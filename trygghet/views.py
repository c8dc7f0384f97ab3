from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views import defaults
from django.views.decorators.http import require_GET, require_http_methods

from . import home as start_page, hooks, permissions, services

# The hook apps add their own settings pages to the account settings through: functions of
# (request) returning a list of hooks.Link.
SETTINGS_LINKS = "trygghet.settings_links"


@require_GET
def home(request):
    """The start page: the panels each app contributes for this member's role."""
    return render(request, "home.html", {
        "panels": start_page.panels(request),
        "membership": permissions.membership_of(request.user),
    })


@login_not_required
@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


class SettingsForm(forms.Form):
    lagesbild_email = forms.BooleanField(
        label=gettext_lazy("Skicka e-post till mig när en lägesbild publiceras"), required=False
    )


@require_http_methods(["GET", "POST"])
def account_settings(request):
    membership = permissions.membership_of(request.user)
    form = SettingsForm(request.POST if request.method == "POST" else None, initial={
        "lagesbild_email": bool(membership and membership.lagesbild_email)})
    if request.method == "POST" and membership and form.is_valid():
        services.set_report_email(user=request.user, enabled=form.cleaned_data["lagesbild_email"])
        messages.success(request, _("Inställningarna är sparade."))
        return redirect("account-settings")
    return render(request, "registration/settings.html", {
        "form": form, "membership": membership, "has_email": bool(request.user.email),
        "links": hooks.collect(SETTINGS_LINKS, request)})


def _answer_in_json(page_view, status, message):
    """Django's error page for pages; for the API the JSON error the schema documents
    (`{"detail": ...}`), so that a client never has to read an HTML page."""

    def view(request, exception=None):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=status)
        if page_view is defaults.server_error:
            return page_view(request)
        return page_view(request, exception)

    return view


bad_request = _answer_in_json(defaults.bad_request, 400, gettext_lazy("Felaktig begäran."))
permission_denied = _answer_in_json(defaults.permission_denied, 403,
                                    gettext_lazy("Du har inte behörighet till detta."))
page_not_found = _answer_in_json(defaults.page_not_found, 404, gettext_lazy("Finns inte."))
server_error = _answer_in_json(defaults.server_error, 500,
                               gettext_lazy("Ett fel uppstod på servern."))
