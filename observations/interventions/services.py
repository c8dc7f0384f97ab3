"""Every write to insatser, EST meetings and subscriptions: the pages, the API and the demo
loader call these. Each change of state writes one audit entry in the same transaction."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from observations import services as log
from trygghet import audit, concurrency
from trygghet import permissions as roles
from trygghet.errors import DomainError
from trygghet.weeks import validate_week

from . import permissions
from .models import Decision, EstMeeting, Intervention, InterventionType, Subscription
from .querysets import visible_observations

SCALAR_FIELDS = ("type", "title", "description", "planned_start", "planned_end", "responsible")
RELATION_FIELDS = ("areas", "organisations", "observations")
EDITABLE_FIELDS = SCALAR_FIELDS + RELATION_FIELDS
TEXT_FIELDS = ("description",)
# An EST meeting may be opened this week or, to plan ahead, next week; never further ahead.
OPEN_AHEAD_DAYS = 7


def _ids(objects):
    return sorted(o.pk if hasattr(o, "pk") else int(o) for o in objects)


def _only_visible(observations, user) -> list[int]:
    """The ids given, refused as unknown when the user may not see one: no one learns through
    an insats that a restricted observation exists."""
    wanted = set(_ids(observations))
    if not wanted:
        return []
    seen = set(visible_observations(user).filter(pk__in=wanted).values_list("pk", flat=True))
    unknown = sorted(wanted - seen)
    if unknown:
        raise DomainError(_("Det finns ingen observation med nummer %(ids)s.")
                          % {"ids": ", ".join(map(str, unknown))}, field="observations")
    return sorted(seen)


def _set_owner(intervention, responsible):
    organisation = roles.organisation_of(responsible)
    if organisation is None:
        raise ValidationError({"responsible": _("Välj en ansvarig som är aktiv medlem i en "
                                                "organisation.")})
    intervention.responsible = responsible
    intervention.responsible_organisation = organisation


def _closing(intervention, status):
    """closed_at follows the status: set when an insats is done or cancelled, cleared when it
    is opened again."""
    if status in Intervention.OPEN_STATUSES:
        intervention.closed_at = None
    elif intervention.closed_at is None:
        intervention.closed_at = timezone.now()


def _build_intervention(*, by, type, title, planned_start, planned_end, responsible,
                        description="", areas=(), organisations=(), observations=(),
                        status=Intervention.Status.PLANNED, outcome="", meeting=None):
    """Create an insats without its audit entry: for the services that write it."""
    if not permissions.can_plan(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    observation_ids = _only_visible(observations, by)
    intervention = Intervention(
        type=type, title=(title or "").strip(), description=description or "",
        planned_start=planned_start, planned_end=planned_end, status=status,
        outcome=outcome or "", meeting=meeting, created_by=by)
    _set_owner(intervention, responsible)
    _closing(intervention, status)
    intervention.full_clean()
    intervention.save()
    intervention.areas.set(areas)
    intervention.organisations.set(organisations)
    intervention.observations.set(observation_ids)
    return intervention


@transaction.atomic
def create_intervention(*, by, **fields) -> Intervention:
    """Plan an insats (or record one already done): type, title, dates, owner, areas,
    participating organisations and the observations it answers."""
    intervention = _build_intervention(by=by, **fields)
    audit.record(actor=by, verb="intervention.created", target=intervention, changes={
        "type": intervention.type.name, "status": intervention.status,
        "responsible": intervention.responsible.get_username(),
        "planned_end": intervention.planned_end})
    return intervention


def _relation_ids(intervention, field):
    return sorted(getattr(intervention, field).values_list("pk", flat=True))


@transaction.atomic
def edit_intervention(*, intervention: Intervention, by, revision=None,
                      **changes) -> Intervention:
    """Change what an insats is: its owner or a coordinator. Links to observations the editor
    may not see are kept as they are, whatever the editor sends."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not permissions.can_edit(by, intervention):
        raise PermissionDenied(permissions.NOT_OWNER)
    concurrency.ensure_current(intervention, revision, shown=log.changes_shown_to(by))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Dessa fält kan inte ändras: %s") % ", ".join(sorted(unknown)))
    before = {field: getattr(intervention, field) for field in SCALAR_FIELDS}
    relations_before = {field: _relation_ids(intervention, field) for field in RELATION_FIELDS}
    relations = {field: changes.pop(field) for field in RELATION_FIELDS if field in changes}
    if "observations" in relations:
        hidden = set(relations_before["observations"]) - set(
            visible_observations(by).filter(pk__in=relations_before["observations"])
            .values_list("pk", flat=True))
        relations["observations"] = sorted(
            set(_only_visible(relations["observations"], by)) | hidden)
    if "responsible" in changes:
        responsible = changes.pop("responsible")
        if responsible != intervention.responsible:
            _set_owner(intervention, responsible)
    for field, value in changes.items():
        setattr(intervention, field, value.strip() if field == "title" else value)
    intervention.full_clean()
    concurrency.bump(intervention)
    intervention.save()
    for field, value in relations.items():
        getattr(intervention, field).set(value)
    after = {field: getattr(intervention, field) for field in SCALAR_FIELDS}
    changed = {field: "ändrad" if field in TEXT_FIELDS else [str(before[field]), str(value)]
               for field, value in after.items() if before[field] != value}
    for field in relations:
        after_ids = _relation_ids(intervention, field)
        if after_ids != relations_before[field]:
            changed[field] = [relations_before[field], after_ids]
    audit.record(actor=by, verb="intervention.edited", target=intervention, changes=changed)
    return intervention


@transaction.atomic
def change_status(*, intervention: Intervention, by, status: str, outcome: str | None = None,
                  revision=None) -> Intervention:
    """Start, finish, cancel or reopen an insats. Finishing asks for its outcome."""
    if status not in Intervention.Status.values:
        raise DomainError(_("Okänd status."), field="status")
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not permissions.can_edit(by, intervention):
        raise PermissionDenied(permissions.NOT_OWNER)
    concurrency.ensure_current(intervention, revision, shown=log.changes_shown_to(by))
    outcome = intervention.outcome if outcome is None else outcome.strip()
    if status == intervention.status and outcome == intervention.outcome:
        raise DomainError(_("Insatsen har redan den statusen."), field="status")
    before = {"status": intervention.status, "outcome": intervention.outcome}
    intervention.status, intervention.outcome = status, outcome
    _closing(intervention, status)
    intervention.full_clean()
    concurrency.bump(intervention)
    intervention.save(update_fields=["status", "outcome", "closed_at", "revision", "updated_at"])
    changes = {}
    if before["status"] != status:
        changes["status"] = [before["status"], status]
    if before["outcome"] != outcome:
        changes["outcome"] = "ändrad"
    audit.record(actor=by, verb="intervention.status_changed", target=intervention,
                 changes=changes)
    return intervention


@transaction.atomic
def link_observations(*, intervention: Intervention, by, observations) -> list[int]:
    """Say that an insats answers these observations (ones the user may see); returns the ids
    newly linked."""
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if not permissions.can_edit(by, intervention):
        raise PermissionDenied(permissions.NOT_OWNER)
    ids = _only_visible(observations, by)
    added = sorted(set(ids) - set(_relation_ids(intervention, "observations")))
    if not added:
        raise DomainError(_("Välj minst en observation som inte redan är kopplad."),
                          field="observations")
    intervention.observations.add(*added)
    audit.record(actor=by, verb="intervention.observations_linked", target=intervention,
                 changes={"added": added})
    return added


@transaction.atomic
def save_intervention_type(*, intervention_type: InterventionType, by=None) -> InterventionType:
    """Add, rename, reorder or retire a type of insats (retired ones stay on old insatser)."""
    creating = intervention_type.pk is None
    fields = ("name", "slug", "description", "order", "active")
    before = {} if creating else {
        f: getattr(InterventionType.objects.get(pk=intervention_type.pk), f) for f in fields}
    intervention_type.full_clean()
    intervention_type.save()
    audit.record(actor=by, verb="intervention_type.created" if creating
                 else "intervention_type.changed", target=intervention_type,
                 changes=audit.changed_fields(before, {f: getattr(intervention_type, f)
                                                       for f in fields}))
    return intervention_type


# The EST meeting

def meeting_day(year: int, week: int, today: date | None = None) -> date:
    """The day a meeting is held by default: today when it is in the week, else its Monday."""
    today = today or timezone.localdate()
    if today.isocalendar()[:2] == (year, week):
        return today
    return date.fromisocalendar(year, week, 1)


def check_meeting_week(year, week) -> tuple[int, int]:
    """(year, week) of a meeting that may exist: a real week, not more than a week ahead."""
    year, week = validate_week(year, week, allow_future=True)
    if date.fromisocalendar(year, week, 1) > timezone.localdate() + timedelta(days=OPEN_AHEAD_DAYS):
        raise DomainError(_("Ett EST-möte kan öppnas högst en vecka i förväg."), "week")
    return year, week


@transaction.atomic
def open_meeting(*, year: int, week: int, by, held_on: date | None = None) -> EstMeeting:
    """Open the EST meeting of a week; a week whose meeting is open gets that meeting (two
    coordinators opening it at once make one)."""
    return opening(year=year, week=week, by=by, held_on=held_on)[0]


@transaction.atomic
def opening(*, year: int, week: int, by, held_on: date | None = None) -> tuple[EstMeeting, bool]:
    """`open_meeting`, and whether this call opened it (of several at once, one did)."""
    if not permissions.can_plan(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    year, week = check_meeting_week(year, week)
    existing = EstMeeting.objects.of_week(year, week).first()
    if existing is not None:
        return existing, False
    meeting = EstMeeting(iso_year=year, iso_week=week, opened_by=by,
                         held_on=held_on or meeting_day(year, week))
    meeting.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        return EstMeeting.objects.of_week(year, week).get(), False
    audit.record(actor=by, verb="meeting.opened", target=meeting,
                 changes={"week": meeting.label, "held_on": meeting.held_on})
    return meeting, True


@transaction.atomic
def save_minutes(*, meeting: EstMeeting, by, held_on: date, attendees, notes: str,
                 revision=None) -> EstMeeting:
    """The meeting's day, the organisations present and the notes, saved together. A save from
    a page older than a colleague's save is refused (what was typed stays on the page)."""
    if not permissions.can_plan(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    meeting = EstMeeting.objects.select_for_update().get(pk=meeting.pk)
    concurrency.ensure_current(meeting, revision)
    before = {"held_on": meeting.held_on, "notes": meeting.notes,
              "attendees": _relation_ids(meeting, "attendees")}
    meeting.held_on, meeting.notes = held_on, notes or ""
    meeting.full_clean(validate_constraints=False)
    concurrency.bump(meeting)
    meeting.save(update_fields=["held_on", "notes", "revision"])
    meeting.attendees.set(attendees)
    after = _relation_ids(meeting, "attendees")
    changes = audit.changed_fields({"held_on": before["held_on"]}, {"held_on": meeting.held_on})
    if before["notes"] != meeting.notes:
        changes["notes"] = "ändrad"
    if before["attendees"] != after:
        changes["attendees"] = [before["attendees"], after]
    audit.record(actor=by, verb="meeting.minutes_saved", target=meeting, changes=changes)
    return meeting


@transaction.atomic
def record_decision(*, meeting: EstMeeting, by, text: str,
                    intervention: dict | None = None) -> Decision:
    """A decision of the meeting, numbered in order; with `intervention` (type, title, owner,
    dates, ...) it becomes an insats in the same step, decided at this meeting."""
    if not permissions.can_plan(by):
        raise PermissionDenied(permissions.NOT_COORDINATOR)
    meeting = EstMeeting.objects.select_for_update().get(pk=meeting.pk)
    number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(meeting=meeting, number=number, text=(text or "").strip(), created_by=by)
    decision.full_clean(exclude=["intervention"], validate_constraints=False)
    if intervention is not None:
        decision.intervention = _build_intervention(by=by, meeting=meeting, **intervention)
    decision.save()
    audit.record(actor=by, verb="meeting.decision_recorded", target=meeting, changes={
        "number": number, "intervention": decision.intervention_id})
    return decision


# What each member gets by e-mail

@transaction.atomic
def save_subscription(*, user, alerts: str, areas, categories, weekly_digest: bool,
                      revision=None) -> Subscription:
    """A member's own choice of alerts (areas, categories, how often) and the weekly digest."""
    if not permissions.can_subscribe(user):
        raise PermissionDenied(_("Ditt konto hör inte till någon organisation."))
    subscription, _created = Subscription.objects.select_for_update().get_or_create(user=user)
    concurrency.ensure_current(subscription, revision)
    before = {"alerts": subscription.alerts, "weekly_digest": subscription.weekly_digest,
              "areas": _relation_ids(subscription, "areas"),
              "categories": _relation_ids(subscription, "categories")}
    subscription.alerts, subscription.weekly_digest = alerts, bool(weekly_digest)
    subscription.full_clean()
    concurrency.bump(subscription)
    subscription.save()
    subscription.areas.set(areas)
    subscription.categories.set(categories)
    after = {"alerts": subscription.alerts, "weekly_digest": subscription.weekly_digest,
             "areas": _relation_ids(subscription, "areas"),
             "categories": _relation_ids(subscription, "categories")}
    audit.record(actor=user, verb="subscription.changed", target=subscription,
                 changes=audit.changed_fields(before, after))
    return subscription
