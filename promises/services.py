"""Every write to medborgarlöften, their commitments and follow-ups, and to dialogues: the
pages, the API and the demo loader call these. Each change of state writes one audit entry in
the same transaction."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from observations import services as log
from trygghet import audit, concurrency
from trygghet.errors import DomainError

from . import permissions
from .models import Commitment, Dialogue, Finding, FollowUp, Promise


def _require_manager(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(permissions.NOT_COORDINATOR)


def _ids(objects):
    return sorted(o.pk if hasattr(o, "pk") else int(o) for o in objects)


def _relation_ids(instance, field):
    return sorted(getattr(instance, field).values_list("pk", flat=True))


def _plain(value):
    return value if value is None or isinstance(value, (int, str, list, bool)) else str(value)


def _changes(before: dict, after: dict, texts=()) -> dict:
    return {field: "ändrad" if field in texts else [_plain(before.get(field)), _plain(value)]
            for field, value in after.items() if before.get(field) != value}


# Promises

PROMISE_FIELDS = ("agreement_id", "title", "period_start", "period_end", "background")


@transaction.atomic
def save_promise(*, by, promise: Promise | None = None, revision=None, agreement, title: str,
                 period_start, period_end, background: str = "", areas=()) -> Promise:
    """Draft a medborgarlöfte, or change one: its agreement, title, period, background and
    focus areas. A change from a page older than a colleague's save is refused."""
    _require_manager(by)
    creating = promise is None
    if creating:
        promise, before, areas_before = Promise(created_by=by), {}, []
    else:
        promise = Promise.objects.select_for_update().get(pk=promise.pk)
        concurrency.ensure_current(promise, revision)
        before = {f: getattr(promise, f) for f in PROMISE_FIELDS}
        areas_before = _relation_ids(promise, "areas")
    promise.agreement = agreement
    promise.title, promise.background = (title or "").strip(), background or ""
    promise.period_start, promise.period_end = period_start, period_end
    promise.full_clean()
    if not creating:
        concurrency.bump(promise)
    promise.save()
    promise.areas.set(_ids(areas))
    changes = _changes(before, {f: getattr(promise, f) for f in PROMISE_FIELDS}, ("background",))
    if areas_before != _relation_ids(promise, "areas"):
        changes["areas"] = [areas_before, _relation_ids(promise, "areas")]
    audit.record(actor=by, verb="promise.created" if creating else "promise.changed",
                 target=promise, changes=changes)
    return promise


# What a promise may become next: adopted from a draft (withdrawn to a draft again before
# anyone relies on it), followed up when its period is over, reopened if that was too soon.
TRANSITIONS = {
    Promise.Status.DRAFT: {Promise.Status.ADOPTED},
    Promise.Status.ADOPTED: {Promise.Status.FOLLOWED_UP, Promise.Status.DRAFT},
    Promise.Status.FOLLOWED_UP: {Promise.Status.ADOPTED},
}


@transaction.atomic
def change_promise_status(*, by, promise: Promise, status: str, revision=None) -> Promise:
    """Adopt a promise (it appears on the public pages), mark it followed up, or take it back
    a step. Adopting needs at least one commitment."""
    _require_manager(by)
    if status not in Promise.Status.values:
        raise DomainError(_("Okänd status."), "status")
    promise = Promise.objects.select_for_update().get(pk=promise.pk)
    concurrency.ensure_current(promise, revision)
    if status == promise.status:
        raise DomainError(_("Löftet har redan den statusen."), "status")
    if status not in TRANSITIONS[promise.status]:
        raise DomainError(_("Ett löfte som är %(now)s kan inte bli %(next)s.") % {
            "now": promise.get_status_display().lower(),
            "next": Promise.Status(status).label.lower()}, "status")
    if status == Promise.Status.ADOPTED and not promise.commitments.exists():
        raise DomainError(_("Lägg till löftets åtaganden innan det antas."), "status")
    before = promise.status
    promise.status = status
    if status == Promise.Status.ADOPTED and promise.adopted_on is None:
        promise.adopted_on = timezone.localdate()
    concurrency.bump(promise)
    promise.save(update_fields=["status", "adopted_on", "revision"])
    audit.record(actor=by, verb="promise.status_changed", target=promise,
                 changes={"status": [before, status]})
    return promise


# Commitments

COMMITMENT_FIELDS = ("text", "kind", "target", "period_start", "period_end", "joint", "order")


@transaction.atomic
def save_commitment(*, by, promise: Promise, commitment: Commitment | None = None,
                    revision=None, text: str, kind: str, target: int | None = None, types=(),
                    areas=(), period_start=None, period_end=None, joint: bool = False,
                    order: int | None = None) -> Commitment:
    """An åtagande of a promise, word for word. A countable one has a target and its rule over
    insatser (types, areas, period, whether the municipality and the police both take part);
    a qualitative one has none of these."""
    _require_manager(by)
    creating = commitment is None
    if creating:
        last = promise.commitments.order_by("-order").values_list("order", flat=True).first()
        commitment, before = Commitment(promise=promise, order=(last or 0) + 1), {}
        relations_before = {"types": [], "areas": []}
    else:
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if commitment.promise_id != promise.pk:
            raise DomainError(_("Åtagandet hör till ett annat löfte."))
        concurrency.ensure_current(commitment, revision)
        before = {f: getattr(commitment, f) for f in COMMITMENT_FIELDS}
        relations_before = {f: _relation_ids(commitment, f) for f in ("types", "areas")}
    countable = kind == Commitment.Kind.COUNTABLE
    commitment.text, commitment.kind = (text or "").strip(), kind
    commitment.target = target if countable else None
    commitment.period_start = period_start if countable else None
    commitment.period_end = period_end if countable else None
    commitment.joint = bool(joint) if countable else False
    if order is not None:
        commitment.order = order
    commitment.full_clean()
    if not creating:
        concurrency.bump(commitment)
    commitment.save()
    commitment.types.set(_ids(types) if countable else [])
    commitment.areas.set(_ids(areas) if countable else [])
    changes = _changes(before, {f: getattr(commitment, f) for f in COMMITMENT_FIELDS}, ("text",))
    for field in ("types", "areas"):
        now = _relation_ids(commitment, field)
        if now != relations_before[field]:
            changes[field] = [relations_before[field], now]
    audit.record(actor=by, verb="commitment.created" if creating else "commitment.changed",
                 target=commitment, changes=changes)
    return commitment


@transaction.atomic
def assess_commitment(*, by, commitment: Commitment, assessment: str,
                      revision=None) -> Commitment:
    """The status of a commitment followed up by hand (inte påbörjat, pågår, uppfyllt, inte
    uppfyllt). A countable one's progress is counted, not assessed."""
    _require_manager(by)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    concurrency.ensure_current(commitment, revision)
    if commitment.is_countable:
        raise DomainError(_("Ett åtagande som räknas från insatserna bedöms inte för hand."),
                          "assessment")
    if assessment == commitment.assessment:
        raise DomainError(_("Åtagandet har redan den bedömningen."), "assessment")
    before = commitment.assessment
    commitment.assessment = assessment
    commitment.full_clean()
    concurrency.bump(commitment)
    commitment.save(update_fields=["assessment", "revision"])
    audit.record(actor=by, verb="commitment.assessed", target=commitment,
                 changes={"assessment": [before, assessment]})
    return commitment


@transaction.atomic
def add_follow_up(*, by, commitment: Commitment, text: str, public: bool = False,
                  written_on=None) -> FollowUp:
    """A note on how a commitment goes: public ones appear on the promise's public page
    (without the author's name), internal ones only for members."""
    _require_manager(by)
    follow_up = FollowUp(commitment=commitment, text=(text or "").strip(), public=bool(public),
                         author=by, written_on=written_on or timezone.localdate())
    follow_up.full_clean()
    follow_up.save()
    audit.record(actor=by, verb="follow_up.added", target=follow_up, changes={
        "commitment": commitment.pk, "public": follow_up.public})
    return follow_up


# Dialogues

DIALOGUE_FIELDS = ("kind", "title", "held_at", "area_id", "latitude", "longitude",
                   "participants", "findings", "promise_id")


@transaction.atomic
def save_dialogue(*, by, dialogue: Dialogue | None = None, revision=None, kind: str, title: str,
                  held_at, area=None, latitude=None, longitude=None, participants=None,
                  findings: str = "", promise=None) -> Dialogue:
    """Record a medborgardialog (enkät, trygghetsvandring, stormöte, fokusgrupp, intervju):
    when, where, how many took part and what it found."""
    _require_manager(by)
    creating = dialogue is None
    if creating:
        dialogue, before = Dialogue(created_by=by), {}
    else:
        dialogue = Dialogue.objects.select_for_update().get(pk=dialogue.pk)
        concurrency.ensure_current(dialogue, revision, shown=log.changes_shown_to(by))
        before = {f: getattr(dialogue, f) for f in DIALOGUE_FIELDS}
    dialogue.kind, dialogue.title = kind, (title or "").strip()
    dialogue.held_at, dialogue.area, dialogue.promise = held_at, area, promise
    dialogue.latitude = None if latitude is None else float(latitude)
    dialogue.longitude = None if longitude is None else float(longitude)
    dialogue.participants, dialogue.findings = participants, findings or ""
    dialogue.full_clean()
    if not creating:
        concurrency.bump(dialogue)
    dialogue.save()
    audit.record(actor=by, verb="dialogue.created" if creating else "dialogue.changed",
                 target=dialogue, changes=_changes(
                     before, {f: getattr(dialogue, f) for f in DIALOGUE_FIELDS}, ("findings",)))
    return dialogue


@transaction.atomic
def add_finding(*, by, dialogue: Dialogue, text: str, category,
                place_description: str = "", restricted: bool = False) -> Finding:
    """Note one thing a trygghetsvandring found, with its category, to be logged (restricted,
    where it tells of a person)."""
    _require_manager(by)
    if not dialogue.is_walk:
        raise DomainError(_("Fynd som blir observationer hör till trygghetsvandringar."))
    finding = Finding(dialogue=dialogue, text=(text or "").strip(), category=category,
                      place_description=(place_description or "").strip(),
                      restricted=bool(restricted), created_by=by)
    finding.full_clean(exclude=["observation"])
    finding.save()
    audit.record(actor=by, verb="dialogue.finding_added", target=dialogue,
                 changes={"finding": finding.pk, "category": category.slug,
                         "restricted": finding.restricted})
    return finding


def walk_too_old(dialogue) -> bool:
    """Whether the walk lies further back than observations may be logged (the log's window
    keeps compiled lägesbilder from changing under late entries)."""
    return dialogue.held_at < timezone.now() - timedelta(days=settings.OBSERVATION_MAX_AGE_DAYS)


@transaction.atomic
def log_findings(*, by, dialogue: Dialogue) -> list:
    """Every finding of a walk not yet in the log becomes an observation, in one step: the
    walk's time, its point (or its area), the finding as the description. Each observation is
    logged by the log's own service (and so has its own entry); this step writes one more,
    on the walk. A walk older than the log's window is refused, not backdated as an import.
    Only the findings `by` may see are logged: a restricted one noted by the municipality
    waits for someone who may read it (logged by another, it would be theirs to read)."""
    _require_manager(by)
    dialogue = Dialogue.objects.select_for_update(of=("self",)).select_related("area").get(
        pk=dialogue.pk)
    waiting = list(Finding.objects.visible_to(by).filter(dialogue=dialogue,
                                                         observation__isnull=True)
                   .select_related("category").order_by("id"))
    if not waiting:
        raise DomainError(_("Alla fynd från vandringen finns redan i loggen."))
    if walk_too_old(dialogue):
        raise DomainError(_("Vandringen ligger mer än %(days)s dagar bakåt, och så gamla "
                            "observationer kan inte loggas. Fynden finns kvar här på "
                            "vandringen.") % {"days": settings.OBSERVATION_MAX_AGE_DAYS})
    place = ({"latitude": dialogue.latitude, "longitude": dialogue.longitude}
             if dialogue.latitude is not None else {"area": dialogue.area})
    logged = []
    for finding in waiting:
        try:
            observation = log.log_observation(
                reporter=by, category=finding.category, occurred_at=dialogue.held_at,
                place_description=finding.place_description, description=finding.text,
                restricted=finding.restricted, **place)
        except ValidationError as error:
            messages = " ".join(error.messages)
            raise DomainError(_("Fyndet ”%(text)s” kunde inte loggas: %(why)s")
                              % {"text": finding.text[:60], "why": messages}) from None
        # The words are the observation's from now on: kept once, where the log restricts,
        # corrects and erases them.
        finding.observation, finding.text, finding.place_description = observation, "", ""
        finding.save(update_fields=["observation", "text", "place_description"])
        logged.append(observation)
    audit.record(actor=by, verb="dialogue.findings_logged", target=dialogue,
                 changes={"observations": [o.pk for o in logged]})
    return logged
