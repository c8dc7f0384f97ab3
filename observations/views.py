from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trygghet.geojson import area_collection
from trygghet.errors import DomainError, user_message
from trygghet.models import Area

from . import permissions, services
from .filters import ObservationFilterSet
from .forms import CommentForm, ObservationForm, StatusForm
from .geojson import observation_features
from .models import Observation

PAGE_SIZES = (25, 50, 100, 500)
MAP_LIMIT = 5000


def _filtered(request):
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
    filterset = _filtered(request)
    try:
        per_page = int(request.GET.get("per_page", 50))
    except ValueError:
        per_page = 50
    per_page = per_page if per_page in PAGE_SIZES else 50
    page = Paginator(filterset.qs, per_page).get_page(request.GET.get("page"))
    return render(request, "observations/observation_list.html", {
        "filterset": filterset,
        "page": page,
        "querystring": _querystring(request),
        "map_querystring": _querystring(request, drop=("page", "per_page")),
        "can_log": permissions.can_log(request.user),
        "page_sizes": PAGE_SIZES,
        "per_page": per_page,
    })


@require_http_methods(["GET"])
def observation_map(request):
    filterset = _filtered(request)
    observations = list(filterset.qs[: MAP_LIMIT + 1])
    truncated = len(observations) > MAP_LIMIT
    return render(request, "observations/observation_map.html", {
        "filterset": filterset,
        "features": observation_features(observations[:MAP_LIMIT]),
        "count": min(len(observations), MAP_LIMIT),
        "truncated": truncated,
        "map_limit": MAP_LIMIT,
        "list_querystring": _querystring(request),
        "areas": _area_features(),
    })


def _area_features():
    # Largest first, so that smaller areas are drawn on top and can be hovered.
    return area_collection(Area.objects.order_by("-size"))


@require_http_methods(["GET", "POST"])
def observation_create(request):
    if not permissions.can_log(request.user):
        raise PermissionDenied(_("Din roll får inte logga observationer."))
    form = ObservationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            observation = services.log_observation(reporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Tack! Observationen är loggad."))
            return redirect("observations:observation-detail", pk=observation.pk)
    return render(request, "observations/observation_form.html", {
        "form": form, "areas": _area_features(), "editing": None,
    })


@require_http_methods(["GET", "POST"])
def observation_edit(request, pk):
    observation = _visible_or_404(request, pk)
    if not permissions.can_edit(request.user, observation):
        raise PermissionDenied(_("Du kan inte längre ändra den här observationen."))
    form = ObservationForm(
        request.POST if request.method == "POST" else None,
        initial=ObservationForm.initial_from(observation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_observation(observation=observation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Ändringen är sparad."))
            return redirect("observations:observation-detail", pk=observation.pk)
    return render(request, "observations/observation_form.html", {
        "form": form, "areas": _area_features(), "editing": observation,
    })


@require_http_methods(["GET"])
def observation_detail(request, pk):
    observation = _visible_or_404(request, pk)
    services.record_read(observations=[observation], user=request.user, via="page")
    return render(request, "observations/observation_detail.html", {
        "observation": observation,
        "events": observation.events.select_related("author"),
        "status_form": StatusForm(initial={"status": observation.status}),
        "comment_form": CommentForm(),
        "can_edit": permissions.can_edit(request.user, observation),
        "can_change_status": permissions.can_change_status(request.user),
        "can_comment": permissions.can_comment(request.user),
    })


@require_POST
def observation_status(request, pk):
    observation = _visible_or_404(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                observation=observation, by=request.user,
                to=form.cleaned_data["status"], comment=form.cleaned_data["comment"],
            )
        except (DomainError, ValidationError) as error:
            messages.error(request, user_message(error))
        else:
            messages.success(request, _("Status ändrad."))
    else:
        messages.error(request, _("Välj en giltig status."))
    return redirect("observations:observation-detail", pk=observation.pk)


@require_POST
def observation_comment(request, pk):
    observation = _visible_or_404(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                observation=observation, by=request.user, text=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, user_message(error))
        else:
            messages.success(request, _("Kommentaren är sparad."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("observations:observation-detail", pk=observation.pk)
