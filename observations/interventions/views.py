"""Insats pages: the list, the week, one insats with its follow-up, the forms, the quarter and
each member's subscriptions. The EST meeting's pages are in meeting_views.py."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from observations import services as log
from observations.querysets import sees_restricted
from trygghet import idempotency
from trygghet.errors import DomainError, StaleEdit, user_message
from trygghet.pagination import CappedPaginator
from trygghet.numbers import whole
from trygghet.weeks import shift_week, validate_week, week_label, week_of

from . import effect as figures, permissions, services
from .filters import InterventionFilterSet
from .forms import InterventionForm, LinkForm, StatusForm, SubscriptionForm
from .models import Intervention, Subscription
from .querysets import visible_observations

PAGE_SIZE = 50
LINK_CANDIDATES = 30


def _visible(request):
    return Intervention.objects.visible_to(request.user).with_related()


def _visible_or_404(request, pk):
    return get_object_or_404(_visible(request), pk=pk)


def _querystring(request, drop=("page",)):
    params = request.GET.copy()
    for key in drop:
        params.pop(key, None)
    return params.urlencode()


def mark_overdue(interventions, today=None):
    today = today or timezone.localdate()
    for intervention in interventions:
        intervention.overdue = intervention.is_overdue(today)
    return interventions


@require_GET
def intervention_list(request):
    filterset = InterventionFilterSet(
        request.GET or None, request=request,
        queryset=_visible(request).order_by("-planned_start", "-id"))
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_overdue(page.object_list)
    return render(request, "interventions/intervention_list.html", {
        "filterset": filterset, "page": page, "querystring": _querystring(request),
        "can_plan": permissions.can_plan(request.user), "this_week": week_label(*week_of()),
    })


def _week_or_404(year, week):
    try:
        return validate_week(year, week, allow_future=True)
    except DomainError as error:
        raise Http404(error.message) from None


@require_GET
def intervention_week(request, year=None, week=None):
    year, week = week_of() if year is None else _week_or_404(year, week)
    monday = date.fromisocalendar(year, week, 1)
    days = [monday + timedelta(days=d) for d in range(7)]
    interventions = mark_overdue(list(_visible(request).overlapping(days[0], days[-1])
                                      .order_by("planned_start", "planned_end", "id")))
    for intervention in interventions:
        intervention.days = [intervention.planned_start <= day <= intervention.planned_end
                             for day in days]
        active = [day for day, on in zip(days, intervention.days) if on]
        intervention.first_day, intervention.last_day = active[0], active[-1]
    return render(request, "interventions/intervention_week.html", {
        "year": year, "week": week, "days": days, "interventions": interventions,
        "previous": shift_week(year, week, -1), "next": shift_week(year, week, 1),
        "label": week_label(year, week), "today": timezone.localdate(),
    })


def _link_candidates(request, intervention):
    """Observations the user may see in the insats's areas, from four weeks before it began to
    its end, not yet linked: the ones it most likely answers."""
    window = figures.periods(intervention)
    candidates = visible_observations(request.user).filter(
        occurred_at__gte=figures.local_midnight(window.before_first),
        occurred_at__lt=figures.local_midnight(
            max(intervention.planned_end, window.before_last) + timedelta(days=1)),
    ).exclude(interventions=intervention)
    ids = figures.area_ids(intervention.areas.all())
    if ids is not None:
        candidates = candidates.filter(area_id__in=ids)
    return candidates.select_related("category", "area").order_by("-occurred_at")


def _detail(request, pk, *, status_form=None, link_form=None, status=200):
    user = request.user
    intervention = get_object_or_404(
        _visible(request).with_observations_for(user).select_related("decision"), pk=pk)
    log.record_read(observations=intervention.visible_observations, user=user, via="insats")
    can_edit = permissions.can_edit(user, intervention)
    result = figures.effect(intervention, visible_observations(user))
    if can_edit and link_form is None:
        candidates = _link_candidates(request, intervention)
        link_form = LinkForm(candidates=candidates.filter(
            pk__in=list(candidates.values_list("pk", flat=True)[:LINK_CANDIDATES])))
    return render(request, "interventions/intervention_detail.html", {
        "intervention": intervention,
        "overdue": intervention.is_overdue(),
        "effect": result,
        "chart": {"labels": [row["name"] for row in result.rows],
                  "series": [{"label": _("Fyra veckor före"),
                              "counts": [row["before"] for row in result.rows]},
                             {"label": _("Fyra veckor från start"),
                              "counts": [row["after"] for row in result.rows]}]},
        "can_edit": can_edit,
        "status_form": status_form or (StatusForm(initial={
            "status": intervention.status, "outcome": intervention.outcome,
            "revision": intervention.revision}) if can_edit else None),
        "link_form": link_form if can_edit and link_form.fields["observations"].queryset.exists()
        else None,
        "sees_restricted": sees_restricted(user),
    }, status=status)


@require_GET
def intervention_detail(request, pk):
    return _detail(request, pk)


@require_POST
def intervention_status(request, pk):
    """A new status and the outcome. On a refusal the page comes back with what was typed."""
    intervention = _visible_or_404(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(intervention=intervention, by=request.user,
                                   status=form.cleaned_data["status"],
                                   outcome=form.cleaned_data["outcome"],
                                   revision=form.cleaned_data["revision"])
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.data = form.data.copy()
            form.data["revision"] = Intervention.objects.get(pk=pk).revision
            return _detail(request, pk, status_form=form, status=409)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Insatsen har nu status %(status)s.") % {
                "status": Intervention.Status(form.cleaned_data["status"]).label.lower()})
            return redirect("interventions:intervention-detail", pk=pk)
    return _detail(request, pk, status_form=form, status=400)


@require_POST
def intervention_link(request, pk):
    intervention = _visible_or_404(request, pk)
    if not permissions.can_edit(request.user, intervention):
        raise PermissionDenied(permissions.NOT_OWNER)
    form = LinkForm(request.POST, candidates=_link_candidates(request, intervention))
    if form.is_valid():
        try:
            added = services.link_observations(intervention=intervention, by=request.user,
                                               observations=form.cleaned_data["observations"])
        except DomainError as error:
            form.add_error("observations", error.message)
        else:
            messages.success(request, _("%(n)s observationer kopplade till insatsen.")
                             % {"n": len(added)})
            return redirect("interventions:intervention-detail", pk=pk)
    return _detail(request, pk, link_form=form, status=400)


@require_POST
def observation_link(request, observation):
    """From an observation's page: say that an open insats answers it."""
    observation = get_object_or_404(visible_observations(request.user), pk=observation)
    chosen = whole(request.POST.get("intervention", ""))
    intervention = (Intervention.objects.visible_to(request.user).filter(pk=chosen).first()
                    if chosen is not None else None)
    if intervention is None:
        messages.error(request, _("Välj en insats i listan."))
    else:
        try:
            services.link_observations(intervention=intervention, by=request.user,
                                       observations=[observation])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Observationen är kopplad till insatsen ”%(title)s”.")
                             % {"title": intervention.title})
    return redirect("observations:observation-detail", pk=observation.pk)


def _offered(request):
    """Observation ids the create form was opened for (?observation=12&observation=13)."""
    return [pk for pk in map(whole, request.GET.getlist("observation")) if pk is not None][:50]


@require_http_methods(["GET", "POST"])
def intervention_create(request):
    if not permissions.can_plan(request.user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    form = InterventionForm(request.POST if request.method == "POST" else None,
                            user=request.user, offered=_offered(request),
                            initial={"observations": _offered(request)})
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            answer, replayed = _create_once(request, form.cleaned_data["submission"], fields)
        except ValidationError as error:
            form.add_service_errors(error)
        except idempotency.KeyReused:
            idempotency.refuse_resent(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if replayed:
                messages.info(request, _("Formuläret skickades två gånger; insatsen är skapad "
                                         "en gång."))
            else:
                messages.success(request, _("Insatsen är planerad."))
            return redirect("interventions:intervention-detail", pk=answer["id"])
    return render(request, "interventions/intervention_form.html", {"form": form,
                                                                    "editing": None})


def _create_once(request, submission, fields):
    def perform():
        return {"id": services.create_intervention(by=request.user, **fields).pk}

    if submission is None:
        return perform(), False
    return idempotency.once(user=request.user, scope="interventions.form", key=str(submission),
                            request_fingerprint=idempotency.fingerprint(fields), perform=perform)


@require_http_methods(["GET", "POST"])
def intervention_edit(request, pk):
    intervention = _visible_or_404(request, pk)
    if not permissions.can_edit(request.user, intervention):
        raise PermissionDenied(permissions.NOT_OWNER)
    form = InterventionForm(request.POST if request.method == "POST" else None,
                            initial=InterventionForm.initial_from(intervention),
                            user=request.user, editing=intervention)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit_intervention(intervention=intervention, by=request.user,
                                           revision=form.cleaned_data["revision"],
                                           **form.service_fields())
            except StaleEdit as error:
                form.add_error(None, error.message)
                form.data = form.data.copy()
                intervention.refresh_from_db()
                form.data["revision"] = intervention.revision
                status = 409
            except ValidationError as error:
                form.add_service_errors(error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Ändringen är sparad."))
                return redirect("interventions:intervention-detail", pk=pk)
    return render(request, "interventions/intervention_form.html", {
        "form": form, "editing": intervention, "stale": intervention if status == 409 else None,
    }, status=status)


@require_GET
def quarter(request):
    """Per area, observations against insatser over a quarter."""
    error = None
    year, number = figures.quarter_of(timezone.localdate())
    if request.GET.get("kvartal"):
        try:
            year, number = figures.parse_quarter(request.GET["kvartal"])
        except DomainError as problem:
            error = problem.message
    first, last = figures.quarter_days(year, number)
    return render(request, "interventions/quarter.html", {
        "rows": figures.quarter_rows(year, number, visible_observations(request.user)),
        "year": year, "quarter": number, "first": first, "last": last, "error": error,
        "typed": request.GET.get("kvartal", ""),
        "label": figures.quarter_label(year, number),
        "previous": figures.quarter_label(*figures.shift_quarter(year, number, -1)),
        "next": figures.quarter_label(*figures.shift_quarter(year, number, 1)),
    }, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def subscription_settings(request):
    if not permissions.can_subscribe(request.user):
        raise PermissionDenied(_("Ditt konto hör inte till någon organisation."))
    current = Subscription.objects.filter(user=request.user).first()
    initial = {"alerts": "off", "weekly_digest": False, "revision": None}
    if current is not None:
        initial = {"alerts": current.alerts, "weekly_digest": current.weekly_digest,
                   "areas": list(current.areas.all()), "categories": list(current.categories.all()),
                   "revision": current.revision}
    form = SubscriptionForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.save_subscription(user=request.user, **form.cleaned_data)
            except StaleEdit as error:
                form.add_error(None, error.message)
                form.data = form.data.copy()
                form.data["revision"] = Subscription.objects.get(user=request.user).revision
                status = 409
            except (DomainError, ValidationError) as error:
                form.add_error(None, user_message(error))
            else:
                messages.success(request, _("Dina bevakningar är sparade."))
                return redirect("interventions:subscriptions")
    return render(request, "interventions/subscriptions.html", {
        "form": form, "has_email": bool(request.user.email)}, status=status)
