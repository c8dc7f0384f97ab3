"""The weekly EST meeting's pages: the list, one week's meeting with its agenda, the
coordinator's minutes and decisions, and the minutes as a PDF for the partners."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygghet import idempotency
from trygghet.errors import DomainError, StaleEdit
from trygghet.pdf import pdf_response, render_pdf
from trygghet.weeks import week_label, week_of

from . import agenda as agendas, permissions, services
from .forms import DecisionForm, MinutesForm
from .models import Decision, EstMeeting, Intervention
from .querysets import visible_observations


def _week_or_404(year, week):
    try:
        return services.check_meeting_week(year, week)
    except DomainError as error:
        raise Http404(error.message) from None


def _meeting(request, year, week):
    """The week's meeting with what its page shows, or None when it is not opened."""
    decisions = Decision.objects.select_related(
        "intervention__type", "intervention__responsible",
        "intervention__responsible_organisation").prefetch_related("intervention__areas")
    return (EstMeeting.objects.visible_to(request.user).of_week(year, week)
            .select_related("opened_by")
            .prefetch_related("attendees", Prefetch("decisions", queryset=decisions.order_by(
                "number")))
            .first())


def _context(request, year, week, meeting):
    agenda = agendas.build(year, week, request.user, meeting)
    decisions = list(meeting.decisions.all()) if meeting else []
    # What a decision's insats answers, counted over what the reader may see.
    insatser = [d.intervention_id for d in decisions if d.intervention_id]
    answered = dict(Intervention.observations.through.objects.filter(
        intervention_id__in=insatser,
        observation__in=visible_observations(request.user),
    ).values_list("intervention_id").annotate(n=Count("id")).order_by()) if insatser else {}
    for decision in decisions:
        decision.observation_count = answered.get(decision.intervention_id, 0)
    return {"year": year, "week": week, "label": week_label(year, week), "meeting": meeting,
            "agenda": agenda, "decisions": decisions,
            "is_this_week": (year, week) == week_of(),
            "can_plan": permissions.can_plan(request.user)}


@require_GET
def meeting_list(request):
    meetings = (EstMeeting.objects.visible_to(request.user)
                .annotate(decision_count=Count("decisions", distinct=True),
                          attendee_count=Count("attendees", distinct=True))
                .order_by("-iso_year", "-iso_week"))
    page = Paginator(meetings, 52).get_page(request.GET.get("page"))
    year, week = week_of()
    return render(request, "interventions/meeting_list.html", {
        "page": page, "this_week": (year, week), "this_label": week_label(year, week),
        "this_meeting": EstMeeting.objects.of_week(year, week).first(),
        "can_plan": permissions.can_plan(request.user)})


def _render_detail(request, year, week, meeting, *, minutes_form=None, decision_form=None,
                   stale=None, status=200):
    context = _context(request, year, week, meeting)
    if context["can_plan"] and meeting is not None:
        context["minutes_form"] = minutes_form or MinutesForm(meeting=meeting, initial={
            "held_on": meeting.held_on, "attendees": list(meeting.attendees.all()),
            "notes": meeting.notes, "revision": meeting.revision})
        context["decision_form"] = decision_form or DecisionForm()
    context["stale"] = stale
    return render(request, "interventions/meeting_detail.html", context, status=status)


@require_GET
def meeting_detail(request, year, week):
    year, week = _week_or_404(year, week)
    return _render_detail(request, year, week, _meeting(request, year, week))


@require_POST
def meeting_open(request, year, week):
    if not permissions.can_plan(request.user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    year, week = _week_or_404(year, week)
    services.open_meeting(year=year, week=week, by=request.user)
    messages.success(request, _("EST-mötet för vecka %(week)s är öppnat.") % {"week": week})
    return redirect("interventions:meeting-detail", year=year, week=week)


def _opened_or_404(request, year, week):
    if not permissions.can_plan(request.user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    year, week = _week_or_404(year, week)
    meeting = _meeting(request, year, week)
    if meeting is None:
        raise Http404(_("Mötet är inte öppnat."))
    return year, week, meeting


@require_POST
def meeting_minutes(request, year, week):
    """Day, attendance and notes. A save from a stale page is refused with what is saved now
    shown beside what was typed."""
    year, week, meeting = _opened_or_404(request, year, week)
    form = MinutesForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.save_minutes(meeting=meeting, by=request.user, **form.cleaned_data)
        except StaleEdit as error:
            form.add_error(None, error.message)
            form.data = form.data.copy()
            meeting = _meeting(request, year, week)
            form.data["revision"] = meeting.revision
            return _render_detail(request, year, week, meeting, minutes_form=form,
                                  stale=meeting, status=409)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Protokollet är sparat."))
            return redirect("interventions:meeting-detail", year=year, week=week)
    return _render_detail(request, year, week, meeting, minutes_form=form, status=400)


@require_POST
def meeting_decision(request, year, week):
    """Record a decision and, in the same step, the insats it becomes; sent twice, once."""
    year, week, meeting = _opened_or_404(request, year, week)
    form = DecisionForm(request.POST)
    if form.is_valid():
        intervention = form.intervention()
        try:
            answer, replayed = _decide_once(request, meeting, form.cleaned_data["text"],
                                            intervention, form.cleaned_data["submission"])
        except ValidationError as error:
            form.add_service_errors(error)
        except idempotency.KeyReused:
            idempotency.refuse_resent(form)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if replayed:
                messages.info(request, _("Formuläret skickades två gånger; beslutet är "
                                         "protokollfört en gång."))
            elif answer["intervention"]:
                messages.success(request, _("Beslut § %(n)s är protokollfört och insatsen är "
                                            "planerad.") % {"n": answer["number"]})
            else:
                messages.success(request, _("Beslut § %(n)s är protokollfört.")
                                 % {"n": answer["number"]})
            return redirect(reverse("interventions:meeting-detail", kwargs={
                "year": year, "week": week}) + "#decisions")
    return _render_detail(request, year, week, meeting, decision_form=form, status=400)


def _decide_once(request, meeting, text, intervention, submission):
    def perform():
        decision = services.record_decision(meeting=meeting, by=request.user, text=text,
                                            intervention=intervention)
        return {"number": decision.number, "intervention": decision.intervention_id}

    if submission is None:
        return perform(), False
    fingerprint = idempotency.fingerprint({"meeting": meeting.pk, "text": text,
                                           "intervention": intervention})
    return idempotency.once(user=request.user, scope="interventions.decision",
                            key=str(submission), request_fingerprint=fingerprint,
                            perform=perform)


@require_GET
def meeting_pdf(request, year, week):
    """The minutes for the partners: the agenda as this reader may see it, attendance,
    decisions with owners and deadlines, and the notes."""
    year, week = _week_or_404(year, week)
    meeting = _meeting(request, year, week)
    if meeting is None:
        raise Http404(_("Mötet är inte öppnat."))
    pdf = render_pdf("interventions/meeting_pdf.html",
                     _context(request, year, week, meeting), request=request)
    return pdf_response(pdf, f"est-mote-{week_label(year, week)}")
