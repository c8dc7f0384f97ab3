"""Members' pages of the medborgarlöften: the promises with their commitments' progress, each
commitment with the insatser it counts and its follow-ups, the forms, and the dialogues. The
public pages are in public.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from observations.interventions.models import Intervention
from trygghet import pages
from trygghet.errors import DomainError, user_message
from trygghet.numbers import whole

from . import permissions, progress, services
from .forms import (
    AssessmentForm,
    CommitmentForm,
    DialogueForm,
    FindingForm,
    FollowUpForm,
    PromiseForm,
    PromiseStatusForm,
)
from .models import Commitment, Dialogue, Finding, FollowUp, Promise

COUNTED_SHOWN = 200


def _require_manager(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)


# Promises

@require_GET
def promise_list(request):
    promises = (Promise.objects.visible_to(request.user).select_related("agreement")
                .prefetch_related("areas").order_by("-period_start", "-id"))
    return render(request, "promises/promise_list.html", {
        "promises": promises, "can_manage": permissions.can_manage(request.user)})


def _promise_detail(request, promise, *, status_form=None, status=200):
    commitments = list(promise.commitments.select_related("promise").order_by("order", "id"))
    counted = progress.progress_of(commitments)
    for commitment in commitments:
        commitment.progress = counted.get(commitment.pk)
    can_manage = permissions.can_manage(request.user)
    actions = [(target, label) for target, label in (
        (Promise.Status.ADOPTED, _("Anta löftet") if promise.status == Promise.Status.DRAFT
         else _("Öppna uppföljningen igen")),
        (Promise.Status.FOLLOWED_UP, _("Markera som uppföljt")),
        (Promise.Status.DRAFT, _("Gör till utkast igen")),
    ) if target in services.TRANSITIONS[promise.status]] if can_manage else []
    return render(request, "promises/promise_detail.html", {
        "promise": promise, "commitments": commitments, "can_manage": can_manage,
        "actions": actions, "status_form": status_form,
        "dialogues": promise.dialogues.select_related("area").order_by("-held_at"),
    }, status=status)


def _visible_promise(request, pk):
    return get_object_or_404(Promise.objects.visible_to(request.user)
                             .select_related("agreement").prefetch_related("areas"), pk=pk)


@require_GET
def promise_detail(request, pk):
    return _promise_detail(request, _visible_promise(request, pk))


@require_POST
def promise_status(request, pk):
    _require_manager(request)
    promise = _visible_promise(request, pk)
    form = PromiseStatusForm(request.POST)
    if form.is_valid():
        _result, status = form.run(lambda: services.change_promise_status(
            by=request.user, promise=promise, **form.service_fields(),
            revision=form.cleaned_data["revision"]))
        if status is None:
            messages.success(request, _("Löftet är nu %(status)s.") % {
                "status": Promise.Status(form.cleaned_data["status"]).label.lower()})
            return redirect("promises:promise-detail", pk=pk)
        promise.refresh_from_db()
        return _promise_detail(request, promise, status_form=form, status=status)
    return _promise_detail(request, promise, status_form=form, status=400)


@require_http_methods(["GET", "POST"])
def promise_create(request):
    _require_manager(request)
    form = PromiseForm(request.POST or None)
    return pages.create_page(
        request, form, lambda: services.save_promise(by=request.user, **form.service_fields()),
        scope="promises.promise", done="promises:promise-detail",
        message=_("Löftet är sparat som utkast."), template="promises/promise_form.html",
        context={"editing": None})


@require_http_methods(["GET", "POST"])
def promise_edit(request, pk):
    _require_manager(request)
    promise = _visible_promise(request, pk)
    form = PromiseForm(request.POST or None, initial=PromiseForm.initial_from(promise))
    return pages.edit_page(
        request, form, lambda: services.save_promise(
            by=request.user, promise=promise, revision=form.cleaned_data["revision"],
            **form.service_fields()),
        current_revision=lambda: Promise.objects.get(pk=pk).revision,
        done=reverse("promises:promise-detail", args=[pk]),
        template="promises/promise_form.html", context={"editing": promise})


# Commitments

def _visible_commitment(request, pk):
    return get_object_or_404(Commitment.objects.visible_to(request.user)
                             .select_related("promise__agreement"), pk=pk)


def _commitment_detail(request, commitment, *, follow_up_form=None, assessment_form=None,
                       status=200):
    can_manage = permissions.can_manage(request.user)
    counted, figures = [], None
    if commitment.is_countable:
        figures = progress.progress_of([commitment])[commitment.pk]
        commitment.progress = figures
        counted = list(progress.counted(commitment).select_related(
            "type", "responsible", "responsible_organisation").prefetch_related("areas")
            .order_by("-planned_start", "-id")[:COUNTED_SHOWN])
    follow_ups = (FollowUp.objects.visible_to(request.user).filter(commitment=commitment)
                  .select_related("author").order_by("-written_on", "-id"))
    if can_manage and follow_up_form is None:
        follow_up_form = FollowUpForm()
    if can_manage and not commitment.is_countable and assessment_form is None:
        assessment_form = AssessmentForm(initial={"assessment": commitment.assessment,
                                                  "revision": commitment.revision})
    return render(request, "promises/commitment_detail.html", {
        "commitment": commitment, "promise": commitment.promise, "figures": figures,
        "counted": counted, "counted_limit": COUNTED_SHOWN,
        "types": list(commitment.types.all()), "areas": list(commitment.areas.all()),
        "focus": list(commitment.promise.areas.all()),
        "follow_ups": follow_ups, "can_manage": can_manage,
        "follow_up_form": follow_up_form, "assessment_form": assessment_form,
        "done_status": Intervention.Status.DONE,
    }, status=status)


@require_GET
def commitment_detail(request, pk):
    return _commitment_detail(request, _visible_commitment(request, pk))


@require_http_methods(["GET", "POST"])
def commitment_create(request, promise):
    _require_manager(request)
    promise = _visible_promise(request, promise)
    form = CommitmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            pk, replayed, status = form.create_once(
                request, f"promises.commitment:{promise.pk}", lambda: services.save_commitment(
                    by=request.user, promise=promise, **form.service_fields()))
            if status is None:
                pages.saved(request, replayed, _("Åtagandet är tillagt."))
                return redirect("promises:promise-detail", pk=promise.pk)
    return render(request, "promises/commitment_form.html", {
        "form": form, "promise": promise, "editing": None}, status=status)


@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk):
    _require_manager(request)
    commitment = _visible_commitment(request, pk)
    form = CommitmentForm(request.POST or None, editing=commitment,
                          initial=CommitmentForm.initial_from(commitment))
    return pages.edit_page(
        request, form, lambda: services.save_commitment(
            by=request.user, promise=commitment.promise, commitment=commitment,
            revision=form.cleaned_data["revision"], **form.service_fields()),
        current_revision=lambda: Commitment.objects.get(pk=pk).revision,
        done=reverse("promises:commitment-detail", args=[pk]),
        template="promises/commitment_form.html",
        context={"promise": commitment.promise, "editing": commitment})


@require_POST
def commitment_follow_up(request, pk):
    _require_manager(request)
    commitment = _visible_commitment(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        _pk, replayed, status = form.create_once(
            request, f"promises.follow_up:{commitment.pk}", lambda: services.add_follow_up(
                by=request.user, commitment=commitment, **form.service_fields()))
        if status is None:
            pages.saved(request, replayed, _("Uppföljningen är sparad."))
            return redirect("promises:commitment-detail", pk=pk)
        return _commitment_detail(request, commitment, follow_up_form=form, status=status)
    return _commitment_detail(request, commitment, follow_up_form=form, status=400)


@require_POST
def commitment_assess(request, pk):
    _require_manager(request)
    commitment = _visible_commitment(request, pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        _result, status = form.run(lambda: services.assess_commitment(
            by=request.user, commitment=commitment, **form.service_fields(),
            revision=form.cleaned_data["revision"]),
            current_revision=lambda: Commitment.objects.get(pk=pk).revision)
        if status is None:
            messages.success(request, _("Bedömningen är sparad."))
            return redirect("promises:commitment-detail", pk=pk)
        commitment.refresh_from_db()
        return _commitment_detail(request, commitment, assessment_form=form, status=status)
    return _commitment_detail(request, commitment, assessment_form=form, status=400)


# Dialogues

@require_GET
def dialogue_list(request):
    dialogues = (Dialogue.objects.visible_to(request.user).select_related("area", "promise")
                 .order_by("-held_at", "-id"))
    return render(request, "promises/dialogue_list.html", {
        "dialogues": dialogues, "can_manage": permissions.can_manage(request.user)})


def _visible_dialogue(request, pk):
    return get_object_or_404(Dialogue.objects.visible_to(request.user)
                             .select_related("area", "promise"), pk=pk)


def _dialogue_detail(request, dialogue, *, finding_form=None, status=200, log_error=None):
    can_manage = permissions.can_manage(request.user)
    findings = list(Finding.objects.visible_to(request.user).filter(dialogue=dialogue)
                    .select_related("category", "observation").order_by("id"))
    if can_manage and dialogue.is_walk and finding_form is None:
        finding_form = FindingForm()
    return render(request, "promises/dialogue_detail.html", {
        "dialogue": dialogue, "findings": findings, "can_manage": can_manage,
        "finding_form": finding_form if dialogue.is_walk else None,
        "waiting": sum(1 for f in findings if f.observation_id is None),
        "too_old": services.walk_too_old(dialogue), "log_error": log_error,
    }, status=status)


@require_GET
def dialogue_detail(request, pk):
    return _dialogue_detail(request, _visible_dialogue(request, pk))


@require_http_methods(["GET", "POST"])
def dialogue_create(request):
    _require_manager(request)
    initial = {}
    chosen = whole(request.GET.get("lofte", ""))
    if chosen is not None:
        initial["promise"] = chosen
    form = DialogueForm(request.POST or None, initial=initial)
    return pages.create_page(
        request, form, lambda: services.save_dialogue(by=request.user, **form.service_fields()),
        scope="promises.dialogue", done="promises:dialogue-detail",
        message=_("Dialogen är sparad."), template="promises/dialogue_form.html",
        context={"editing": None})


@require_http_methods(["GET", "POST"])
def dialogue_edit(request, pk):
    _require_manager(request)
    dialogue = _visible_dialogue(request, pk)
    form = DialogueForm(request.POST or None, initial=DialogueForm.initial_from(dialogue))
    return pages.edit_page(
        request, form, lambda: services.save_dialogue(
            by=request.user, dialogue=dialogue, revision=form.cleaned_data["revision"],
            **form.service_fields()),
        current_revision=lambda: Dialogue.objects.get(pk=pk).revision,
        done=reverse("promises:dialogue-detail", args=[pk]),
        template="promises/dialogue_form.html", context={"editing": dialogue})


@require_POST
def dialogue_finding(request, pk):
    _require_manager(request)
    dialogue = _visible_dialogue(request, pk)
    form = FindingForm(request.POST)
    if form.is_valid():
        _pk, replayed, status = form.create_once(
            request, f"promises.finding:{dialogue.pk}", lambda: services.add_finding(
                by=request.user, dialogue=dialogue, **form.service_fields()))
        if status is None:
            pages.saved(request, replayed, _("Fyndet är sparat."))
            return redirect("promises:dialogue-detail", pk=pk)
        return _dialogue_detail(request, dialogue, finding_form=form, status=status)
    return _dialogue_detail(request, dialogue, finding_form=form, status=400)


@require_POST
def dialogue_log_findings(request, pk):
    """Every finding not yet in the log becomes an observation, in one step."""
    _require_manager(request)
    dialogue = _visible_dialogue(request, pk)
    try:
        logged = services.log_findings(by=request.user, dialogue=dialogue)
    except (DomainError, ValidationError) as error:
        return _dialogue_detail(request, dialogue, status=400, log_error=user_message(error))
    messages.success(request, _("%(n)s fynd är loggade som observationer.") % {"n": len(logged)})
    return redirect("promises:dialogue-detail", pk=pk)
