import functools
import string
import tempfile
from html import escape  # as django.utils.html.escape, without its check for lazy text
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygghet import hooks, idempotency, links, options, templating
from trygghet.errors import DomainError, StaleEdit, user_message
from trygghet.geojson import area_collection
from trygghet.models import Area, Organisation
from trygghet.pagination import CappedPaginator

from . import exports, permissions, services, triage
from .filters import ObservationFilterSet
from .forms import FollowUpForm, ObservationForm
from .maps import MapViewForm, map_collection
from .models import Category, ExportJob, Observation

PAGE_SIZES = (25, 50, 100, 500)


# What a row of the list shows, read as plain values: no model instances per row.
LIST_COLUMNS = ("id", "occurred_at", "revision", "restricted", "place_description", "severity",
                "status", "category_id", "area_id", "organisation_id")
PLACE_SHOWN = 60


def _shortened(text):
    return text if len(text) <= PLACE_SHOWN else Truncator(text).chars(PLACE_SHOWN)


# A row of the list, written out here rather than in its template: the template's tags and
# variables per cell were most of the page's rendering. _list_rows escapes every value.
ROW = ('<tr>{select}<td data-label="{l_when}"><a href="{url}">{when}</a></td>'
       '<td data-label="{l_category}">{category}{restricted}</td>'
       '<td data-label="{l_place}">{area}{place}</td>'
       '<td data-label="{l_severity}"><span class="severity severity--{severity}">'
       '{severity_label}</span></td>'
       '<td data-label="{l_status}">{status_label}</td>'
       '<td data-label="{l_organisation}">{organisation}</td></tr>\n')
# ROW's values, in the order they stand in it (a row is written with %, which, unlike
# str.format, does not parse its template again for each row).
ROW_FIELDS = ("select", "url", "when", "category", "restricted", "area", "place", "severity",
              "severity_label", "status_label", "organisation")
# The checkbox that marks a row for the bulk status form, for those who handle observations.
ROW_SELECT = ('<td class="select" data-label="{l_select}"><input type="checkbox" '
              'form="bulk-status" name="selected" value="{pk}:{revision}" id="select-{pk}" '
              'data-select-row> <label for="select-{pk}" class="visually-hidden">{label}</label>'
              '</td>')
RESTRICTED = ' <span class="badge badge--restricted">{}</span>'
PLACE = '<br><span class="muted">{}</span>'


@functools.lru_cache(maxsize=32)
def _row_wording(language, script_prefix, urlconf, settings_version):
    """What every row of the list says in the active language, made once per language (and
    address prefix): the row's template with its labels written in, the names of severities
    and statuses, the restricted badge, the link to an item split around its id."""
    labels = {name: escape(str(label)) for name, label in (
        ("l_when", _("När")), ("l_category", _("Kategori")), ("l_place", _("Plats")),
        ("l_severity", _("Allvarlighet")), ("l_status", _("Status")),
        ("l_organisation", _("Organisation")))}
    # ROW as a %-template: its labels written in, a %s for each of ROW_FIELDS.
    pieces, fields = [], []
    for text, name, _spec, _conversion in string.Formatter().parse(ROW):
        pieces.append(text.replace("%", "%%"))
        if name in labels:
            pieces.append(labels[name].replace("%", "%%"))
        elif name:
            pieces.append("%s")
            fields.append(name)
    if tuple(fields) != ROW_FIELDS:
        raise ImproperlyConfigured(f"ROW's values must stand in ROW_FIELDS' order: {fields}")
    row_html = "".join(pieces)
    head, tail = links.by_pk("observations:observation-detail")("{pk}").split("{pk}")
    return SimpleNamespace(
        row=row_html, l_select=escape(_("Markera")), mark=_("Markera %(category)s %(when)s"),
        severities={value: escape(str(label)) for value, label in Observation.Severity.choices},
        statuses={value: escape(str(label)) for value, label in Observation.Status.choices},
        restricted=RESTRICTED.format(escape(_("Begränsad"))), head=head, tail=tail)


def _list_rows(rows, list_query="", selectable=False):
    """The list's rows as one piece of HTML (a ROW each), every value formatted and escaped
    once here: the labels once per language (`_row_wording`), the names of categories, areas
    and organisations once per name. `list_query` is the list's state, which each row's link
    carries; `selectable` adds the bulk form's checkbox."""
    zone = timezone.get_current_timezone()
    wording = _row_wording(get_language(), get_script_prefix(), get_urlconf(),
                           templating.settings_version())
    row_html, l_select, mark = wording.row, wording.l_select, wording.mark
    severities, statuses, restricted = wording.severities, wording.statuses, wording.restricted
    head = escape(wording.head)
    tail = escape(wording.tail + (f"?{list_query}" if list_query else ""))
    # The names of the rows' categories, areas and organisations, from the kept tables (no
    # join per row), each escaped once.
    names, escaped = {}, {}
    for column, model in (("category_id", Category), ("area_id", Area),
                          ("organisation_id", Organisation)):
        shown = {row[column] for row in rows} - {None}
        names[column] = options.names(model, shown)
        escaped[column] = {pk: escape(names[column][pk]) for pk in shown}
    no_area = escape("–")

    shown = []
    for row in rows:
        pk = row["id"]
        when = row["occurred_at"].astimezone(zone).isoformat(" ", "minutes")[:16]
        place = row["place_description"]
        select = ROW_SELECT.format(
            l_select=l_select, pk=pk, revision=row["revision"],
            label=escape(mark % {"category": names["category_id"][row["category_id"]],
                                 "when": when}),
        ) if selectable else ""
        shown.append(row_html % (
            select, f"{head}{pk}{tail}", when,
            escaped["category_id"][row["category_id"]],
            restricted if row["restricted"] else "",
            escaped["area_id"].get(row["area_id"], no_area),
            PLACE.format(escape(_shortened(place))) if place else "",
            escape(row["severity"]), severities.get(row["severity"], ""),
            statuses.get(row["status"], ""),
            escaped["organisation_id"][row["organisation_id"]]))
    return mark_safe("".join(shown))


def _filtered(request, queryset=None):
    if queryset is None:
        queryset = Observation.objects.visible_to(request.user).with_related()
    return ObservationFilterSet(request.GET or None, queryset=queryset, request=request)


def _visible_or_404(request, pk):
    return get_object_or_404(Observation.objects.visible_to(request.user).with_related(), pk=pk)


def _querystring(request, drop=("page",)):
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


@require_http_methods(["GET"])
def observation_list(request):
    filterset = _filtered(request, Observation.objects.visible_to(request.user))
    try:
        per_page = int(request.GET.get("per_page", 50))
    except ValueError:
        per_page = 50
    per_page = per_page if per_page in PAGE_SIZES else 50
    page = CappedPaginator(filterset.qs, per_page, values=LIST_COLUMNS).get_page(
        request.GET.get("page"))
    # Who read the page's restricted rows is logged in the statement that counts the list.
    read = services.read_log(ids=services.restricted_ids(page.object_list), user=request.user,
                             via="list")
    triaging = triage.list_context(request, filterset, page, writes=[read])
    rows = _list_rows(page.object_list, triaging["list_query"],
                      selectable=triaging["bulk_form"] is not None)
    return render(request, "observations/observation_list.html", {
        "filterset": filterset,
        "page": page,
        "rows": rows,
        "querystring": _querystring(request),
        "map_querystring": _querystring(request, drop=("page", "per_page")),
        "can_log": permissions.can_log(request.user),
        "page_sizes": PAGE_SIZES,
        "per_page": per_page,
        **triaging,
    })


@require_http_methods(["GET"])
def observation_map(request):
    # The page carries the filter and the areas; the map fetches its points or cells for the
    # view it shows (observation_map_data), so any number of rows can be shown.
    filterset = _filtered(request)
    return render(request, "observations/observation_map.html", {
        "filterset": filterset,
        "list_querystring": _querystring(request),
        "areas": _area_features(),
    })


@require_http_methods(["GET"])
def observation_map_data(request):
    """The map page's data for one view (zoom, bbox) of the filtered set: GeoJSON with points
    or cells (observations.maps); a bad zoom or bbox is a 400 with Swedish field errors."""
    view = MapViewForm(request.GET)
    if not view.is_valid():
        return JsonResponse({field: list(errors) for field, errors in view.errors.items()},
                            status=400)
    queryset = _filtered(request).qs
    collection, restricted = map_collection(queryset, **view.cleaned_data)
    services.record_reads(ids=restricted, user=request.user, via="map")
    return JsonResponse(collection)


def _area_features():
    # Largest first, so that smaller areas are drawn on top and can be hovered.
    return area_collection(Area.objects.order_by("-size"))


@require_http_methods(["GET", "POST"])
def observation_create(request):
    if not permissions.can_log(request.user):
        raise PermissionDenied(_("Din roll får inte logga observationer."))
    form = ObservationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            answer, replayed = _log_once(request, form.cleaned_data["submission"], fields)
        except ValidationError as error:
            form.add_service_errors(error)
        except idempotency.KeyReused:
            idempotency.refuse_resent(form)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if replayed:
                messages.info(request, _("Formuläret skickades två gånger; observationen är "
                                         "loggad en gång."))
            else:
                messages.success(request, _("Tack! Observationen är loggad."))
            return redirect("observations:observation-detail", pk=answer["id"])
    return render(request, "observations/observation_form.html", {
        "form": form, "areas": _area_features(), "editing": None,
    })


def _log_once(request, submission, fields):
    """Log the observation once per filled-in form, however often it is sent."""

    def perform():
        return {"id": services.log_observation(reporter=request.user, **fields).pk}

    if submission is None:  # a form from before submission ids, or a script
        return perform(), False
    return idempotency.once(user=request.user, scope="observations.form", key=str(submission),
                           request_fingerprint=idempotency.fingerprint(fields), perform=perform)


@require_http_methods(["GET", "POST"])
def observation_edit(request, pk):
    observation = _visible_or_404(request, pk)
    if not permissions.can_edit(request.user, observation):
        raise PermissionDenied(
            _("Du kan inte längre ändra den här observationen.")
            if observation.reporter_id == request.user.pk
            else _("Du kan bara ändra observationer som du själv har loggat."))
    form = ObservationForm(
        request.POST if request.method == "POST" else None,
        initial=ObservationForm.initial_from(observation), editing=observation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_observation(observation=observation, by=request.user,
                                      revision=form.cleaned_data["revision"],
                                      **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        except DomainError as error:
            form.add_error(None, error.message)
            if isinstance(error, StaleEdit):
                form.data = form.data.copy()
                form.data["revision"] = Observation.objects.get(pk=pk).revision
        else:
            messages.success(request, _("Ändringen är sparad."))
            return redirect("observations:observation-detail", pk=observation.pk)
    return render(request, "observations/observation_form.html", {
        "form": form, "areas": _area_features(), "editing": observation,
    })


# The hook other apps add sections to the page through (the insatser that answer the
# observation): functions of (request, observation) returning a list of trygghet.home.Panel.
DETAIL_SECTIONS = "observations.detail_sections"


def _detail(request, observation, follow_up_form, status=200):
    return render(request, "observations/observation_detail.html", {
        **triage.detail_context(request, _filtered(request), observation),
        "sections": hooks.collect(DETAIL_SECTIONS, request, observation),
        "observation": observation,
        "events": observation.events.select_related("author"),
        "follow_up_form": follow_up_form,
        "can_edit": permissions.can_edit(request.user, observation),
        "can_handle": permissions.can_handle(request.user),
    }, status=status)


@require_http_methods(["GET"])
def observation_detail(request, pk):
    observation = _visible_or_404(request, pk)
    services.record_read(observations=[observation], user=request.user, via="page")
    form = FollowUpForm(initial={"status": observation.status, "revision": observation.revision})
    return _detail(request, observation, form)


@require_POST
def observation_follow_up(request, pk):
    """A comment, a new status, or both. On any refusal the page is shown again with what was
    typed still in the form and the reason beside it."""
    observation = _visible_or_404(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            event = services.follow_up(observation=observation, by=request.user,
                                       status=form.cleaned_data["status"],
                                       comment=form.cleaned_data["comment"],
                                       revision=form.cleaned_data["revision"])
        except StaleEdit as error:
            observation = _visible_or_404(request, pk)
            form.add_error(None, error.message)
            form.data = form.data.copy()
            form.data["revision"] = observation.revision
            return _detail(request, observation, form, status=409)
        except (DomainError, ValidationError) as error:
            form.add_error(None, user_message(error))
        except PermissionDenied as error:  # the role changed while the page was open
            form.add_error(None, str(error))
            return _detail(request, observation, form, status=403)
        else:
            messages.success(request, _("Status ändrad.") if event.kind == "status"
                             else _("Kommentaren är sparad."))
            # The list the item was opened from travels on; "Spara och visa nästa" steps on.
            query = triage.list_query(request.GET)
            target = observation
            if request.POST.get("then") == "next":
                target = triage.neighbours(_filtered(request), observation)[1] or observation
            return redirect(triage.with_query(
                reverse("observations:observation-detail", args=[target.pk]), query))
    return _detail(request, observation, form, status=400)


@require_POST
def observation_export(request):
    """The filtered list (the query string holds the list's filter) as a file: sent at once up
    to EXPORT_SYNC_ROWS rows, written by a worker beyond that, on a page that follows it."""
    page = "observations:observation-map" if request.POST.get("from") == "map" \
        else "observations:observation-list"
    back = reverse(page) + (f"?{request.GET.urlencode()}" if request.GET else "")
    fmt = request.POST.get("format", "")
    if fmt not in ExportJob.Format.values:
        messages.error(request, _("Välj ett format att exportera till."))
        return redirect(back)
    filters = exports.filters_of(request.GET)
    try:
        queryset = exports.filtered(request.user, filters, request)
    except DomainError:
        messages.error(request, _("Filtret har fel. Rätta det och exportera sedan."))
        return redirect(back)
    rows = queryset.count()
    if rows > settings.EXPORT_SYNC_ROWS:
        job = services.queue_export(by=request.user, fmt=fmt, filters=filters,
                                    language=get_language())
        return redirect("observations:export-detail", pk=job.pk)
    services.record_export(by=request.user, fmt=fmt, filters=filters, rows=rows)
    records = exports.records(queryset, user=request.user)
    if fmt == ExportJob.Format.XLSX:
        # A workbook is a zip, finished only at its end: written to a temporary file (rows
        # go to disk as they come), then sent from there.
        out = tempfile.TemporaryFile()
        exports.write_xlsx(records, out)
        out.seek(0)
        response = FileResponse(out, as_attachment=True, filename=exports.filename(fmt),
                                content_type=exports.CONTENT_TYPES[fmt])
    else:
        response = StreamingHttpResponse(exports.stream(fmt, records, get_language()),
                                         content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(fmt)}"'
    return _private(response)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _export_or_404(request, pk):
    return get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)


@require_GET
def export_detail(request, pk):
    """Follows an export job (the page polls the API's job endpoint) and offers its file."""
    job = _export_or_404(request, pk)
    return render(request, "observations/exportjob_detail.html", {
        "job": job, "retention_hours": settings.EXPORT_RETENTION_HOURS,
        "list_query": urlencode(job.filters, doseq=True),
    })


@require_GET
def export_download(request, pk):
    """A finished export, to its owner only, as a download that no cache keeps."""
    job = _export_or_404(request, pk)
    if not job.is_done:
        messages.info(request, _("Exporten är inte färdig.") if job.erased_at is None
                      else _("Exporten är raderad. Exportera på nytt från listan."))
        return redirect("observations:export-detail", pk=job.pk)
    return exports.download(job)
