"""Every write to observations: the pages, the API and the demo loader call these. Each change
of state writes its audit entry in the same transaction."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet import audit, bulk, concurrency, locks, options, outbox
from trygghet import permissions as roles
from trygghet.errors import DomainError, StaleEdit, user_message
from trygghet.models import Area
from trygghet.statements import Write

from . import permissions
from .models import Category, ExportJob, Observation, ObservationAccess, ObservationEvent

EDITABLE_FIELDS = (
    "category", "occurred_at", "latitude", "longitude", "area", "place_description",
    "description", "severity", "people_count", "restricted",
)


def _place(observation, *, latitude, longitude, area, locator=None):
    """Set where the observation happened: a point (its area derived from it), or, for those who
    cannot use the map, an area whose representative point stands in for it. Whether the place
    is allowed is Observation.clean()'s to say. A `locator` answers for many points at once."""
    if latitude is not None and longitude is not None:
        observation.latitude, observation.longitude = float(latitude), float(longitude)
        observation.placement = Observation.Placement.POINT
        if locator is not None:
            observation.located(locator)
        # Set as a query with select_related sets it (the descriptor's checks are for rows
        # of other databases): placing is done once per row of a bulk import.
        area = observation.location().area
        observation.__dict__["area_id"] = None if area is None else area.pk
        observation._state.fields_cache["area"] = area
    elif area is not None:
        observation.latitude, observation.longitude = area.representative_point()
        observation.placement = Observation.Placement.AREA
        observation.area = area
        if locator is not None:
            observation.located(locator)
    else:
        raise ValidationError(
            {"latitude": _("Ange var det hände: klicka i kartan eller välj ett område.")}
        )


def area_locator():
    """The areas, loaded into a Locator once per process and change of the areas: where a new
    observation's point lies, without a query per observation. Inside a transaction (a form
    sent with its idempotency key) only a Locator already kept is used; None means one query
    for the point is cheaper than loading every area."""
    if connection.in_atomic_block:
        return options.held(Area, "locator")
    return options.local(Area, "locator", Area.objects.locator)


# The foreign keys a new observation's rows were handed as loaded objects: checking that they
# exist again would cost a query each.
LOADED_RELATIONS = ("category", "area", "reporter", "organisation")
# What a new observation holds that nobody typed: its place's kind (set by _place), its first
# status, revision and times (the fields' defaults). Checking them again for every row of an
# import would only check this module.
SET_HERE = ("placement", "status", "revision", "logged_at", "updated_at", "closed_at",
            "text_erased_at")


def validate_new(observation: Observation, *, fields_checked=False):
    """Observation.clean() and the rules of the fields a caller gave, for an observation about
    to be stored, without the work that would only say again what is known: the related rows
    were just loaded, the fields in SET_HERE were set here, the database's own check (no time
    before 2000) is narrower than clean()'s, and a new row has no unique value to collide (an
    observation's only one is its id, not yet given). `fields_checked`: the caller parsed the
    fields with the model fields' own rules (the API's ObservationSerializer, held to them by
    a test), so only the rules across fields remain."""
    if fields_checked:
        observation.clean()
        return
    observation.full_clean(exclude=LOADED_RELATIONS + SET_HERE, validate_unique=False,
                           validate_constraints=False)


def _new_observation(
    *,
    reporter,
    organisation,
    category: Category,
    occurred_at: datetime,
    severity: str = Observation.Severity.LOW,
    latitude: float | None = None,
    longitude: float | None = None,
    area: Area | None = None,
    place_description: str = "",
    description: str = "",
    people_count: int | None = None,
    restricted: bool = False,
    source: str = Observation.Source.WEB,
    locator=None,
    fields_checked=False,
    logged_at: datetime | None = None,
) -> Observation:
    """A new observation, placed and validated (ValidationError), not yet stored: the one set
    of rules for logging one observation and for logging many. `fields_checked`: see
    validate_new. `logged_at`: the moment of a whole import (the default: now)."""
    # The related rows as loaded, set as a query with select_related sets them: by their ids
    # and in the instance's cache, without the descriptors' checks per row.
    observation = bulk.new(
        Observation,
        related={name: row for name, row in (("reporter", reporter),
                                             ("organisation", organisation),
                                             ("category", category)) if row is not None},
        reporter_id=getattr(reporter, "pk", None),
        organisation_id=getattr(organisation, "pk", None),
        category_id=getattr(category, "pk", None),
        occurred_at=occurred_at,
        severity=severity,
        place_description=place_description or "",
        description=description or "",
        people_count=people_count,
        restricted=bool(restricted),
        source=source,
        **({"logged_at": logged_at} if logged_at is not None else {}),
    )
    _place(observation, latitude=latitude, longitude=longitude, area=area, locator=locator)
    validate_new(observation, fields_checked=fields_checked)
    return observation


LOGGED = "observation.logged"


def _history(observations, *, reporter, source):
    """The history line (its columns) and what the audit entry of each new observation says,
    not yet stored."""
    events = [{"observation_id": o.pk, "kind": ObservationEvent.Kind.CREATED,
               "author_id": reporter.pk, "to_status": o.status} for o in observations]
    zone = timezone.get_current_timezone()
    # One document of changes per category, shared by its entries: a bulk import's COPY
    # encodes each once (trygghet.bulk._column), a thousand JSON encodings fewer.
    changes = {}
    entries = [(o, changes.get(o.category.name) or changes.setdefault(
        o.category.name, {"category": o.category.name, "source": source}), o.label(zone))
        for o in observations]
    return events, entries


def log_observation(*, reporter, source: str = Observation.Source.WEB, fields_checked=False,
                    **fields) -> Observation:
    """Log what a partner saw (`fields`: what `_new_observation` takes: category, occurred_at,
    severity, a point or an area, place_description, description, people_count, restricted);
    reporter and organisation are recorded from the user. The observation, its history line
    and its audit entry are stored in one statement. `fields_checked`: see validate_new."""
    if not permissions.can_log(reporter):
        raise PermissionDenied(_("Din roll får inte logga observationer."))
    observation = _new_observation(reporter=reporter, organisation=roles.organisation_of(reporter),
                                   source=source, locator=area_locator(),
                                   fields_checked=fields_checked, **fields)
    [event], entries = _history([observation], reporter=reporter, source=source)
    [entry] = audit.unsaved(actor=reporter, verb=LOGGED, entries=entries)
    bulk.insert_one(observation, [(ObservationEvent(**event), "observation_id"),
                                  (entry, "object_id")])
    return observation


def _points(rows):
    """The rows' points as _place reads them, to be located at once; a row whose point is no
    pair of numbers is left to _place, which refuses it in its place."""
    for fields in rows:
        try:
            yield float(fields["latitude"]), float(fields["longitude"])
        except (KeyError, TypeError, ValueError):
            continue


# The most observations one call of log_observations takes (one API request).
BULK_MAX = 5000


@transaction.atomic
def log_observations(*, reporter, rows: list[dict], source: str = Observation.Source.API,
                     fields_checked=False) -> list:
    """Log many observations at once (a partner's system sending its backlog): each row is
    validated as log_observation validates one, and the valid ones are stored together, each
    with its history line and its audit entry. Returns, per row, the stored
    Observation or the ValidationError that refused it. `fields_checked`: see validate_new."""
    if not permissions.can_log(reporter):
        raise PermissionDenied(_("Din roll får inte logga observationer."))
    if len(rows) > BULK_MAX:
        raise DomainError(_("Högst %(max)s observationer per anrop.") % {"max": BULK_MAX})
    if not rows:
        return []
    organisation = roles.organisation_of(reporter)
    locator = (area_locator() or Area.objects.locator()).locating(_points(rows))
    results, now = [], timezone.now()
    for fields in rows:
        try:
            results.append(_new_observation(reporter=reporter, organisation=organisation,
                                            source=source, locator=locator, logged_at=now,
                                            fields_checked=fields_checked, **fields))
        except ValidationError as error:
            results.append(error)
    stored = [r for r in results if isinstance(r, Observation)]
    if stored:
        bulk.insert(stored)
        events, entries = _history(stored, reporter=reporter, source=source)
        bulk.insert_rows(ObservationEvent, events, returning=False)
        audit.record_each(actor=reporter, verb=LOGGED, entries=entries)
    return results


@transaction.atomic
def edit_observation(*, observation: Observation, by, revision=None, **changes) -> Observation:
    """A reporter corrects their own observation within the edit window."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if not permissions.can_edit(by, observation):
        raise PermissionDenied(_("Du kan bara ändra dina egna observationer, och bara under %(h)s "
                                 "timmar efter att de loggades.") % {"h": settings.OBSERVATION_EDIT_HOURS})
    concurrency.ensure_current(observation, revision)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("Dessa fält kan inte ändras: %s") % ", ".join(sorted(unknown)))
    before = {name: getattr(observation, name) for name in EDITABLE_FIELDS}
    location = {key: changes.pop(key) for key in ("latitude", "longitude", "area") if key in changes}
    for name, value in changes.items():
        setattr(observation, name, value)
    if location:
        _place(observation, latitude=location.get("latitude"),
               longitude=location.get("longitude"), area=location.get("area"))
    observation.full_clean()
    concurrency.bump(observation)
    observation.save()
    ObservationEvent.objects.create(
        observation=observation, kind=ObservationEvent.Kind.EDITED, author=by
    )
    after = {field: getattr(observation, field) for field in EDITABLE_FIELDS}
    audit.record(actor=by, verb="observation.edited", target=observation, changes={
        field: [str(before[field]), str(value)] for field, value in after.items()
        if before[field] != value and field not in ("description", "place_description")
    } | {field: "ändrad" for field in ("description", "place_description")
         if before[field] != after[field]})
    return observation


@transaction.atomic
def follow_up(*, observation: Observation, by, status: str = "", comment: str = "",
              revision=None) -> ObservationEvent:
    """A coordinator follows an observation up: a new status, a comment, or both in one
    history line. The one way to comment or change status, for pages and API alike."""
    if not permissions.can_handle(by):
        raise PermissionDenied(_("Bara samordnare kan ändra status och kommentera."))
    comment = (comment or "").strip()
    if status and status not in Observation.Status.values:
        raise DomainError(_("Okänd status."), field="status")
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    concurrency.ensure_current(observation, revision)
    if status == observation.status and not comment:
        raise DomainError(_("Observationen har redan den statusen."), field="status")
    changing = bool(status) and status != observation.status
    if not changing and not comment:
        raise DomainError(_("Välj en ny status eller skriv en kommentar."), field="comment")
    event = ObservationEvent(observation=observation, author=by, comment=comment,
                             kind=ObservationEvent.Kind.STATUS if changing
                             else ObservationEvent.Kind.COMMENT)
    if changing:
        event.from_status, event.to_status = observation.status, status
    event.full_clean()
    event.save()
    fields = ["revision", "updated_at"]
    if changing:
        observation.status = status
        observation.closed_at = None if status in Observation.OPEN_STATUSES else timezone.now()
        fields += ["status", "closed_at"]
    concurrency.bump(observation)
    observation.save(update_fields=fields)
    audit.record(
        actor=by, verb="observation.status_changed" if changing else "observation.commented",
        target=observation,
        changes={"status": [event.from_status, event.to_status]} if changing else {},
    )
    return event


# At most one list page (the largest page size) is changed in one step.
FOLLOW_UP_MANY_MAX = 500


@dataclass
class BulkFollowUp:
    """What a follow-up of several observations did: the ones changed, and for each one
    refused, its id and why."""

    changed: list = field(default_factory=list)
    refused: list = field(default_factory=list)


@transaction.atomic
def follow_up_many(*, by, rows: dict, status: str, comment: str = "") -> BulkFollowUp:
    """The same follow-up (a new status, with or without a comment) for several observations
    in one step, each row exactly as `follow_up` does it: its history line, its audit entry,
    and the revision the list showed. A row that cannot be changed (not visible to the user,
    changed by someone since the list was shown, already in that status) is refused with its
    reason while the others are changed. `rows` maps observation ids to the revision seen
    (None: not checked)."""
    if not permissions.can_handle(by):
        raise PermissionDenied(_("Bara samordnare kan ändra status och kommentera."))
    if status not in Observation.Status.values:
        raise DomainError(_("Välj en status."), field="status")
    if not rows:
        raise DomainError(_("Markera minst en observation."), field="observations")
    if len(rows) > FOLLOW_UP_MANY_MAX:
        raise DomainError(_("Högst %(max)s observationer åt gången.") % {"max": FOLLOW_UP_MANY_MAX},
                          field="observations")
    visible = Observation.objects.visible_to(by).select_related("category").in_bulk(list(rows))
    outcome = BulkFollowUp()
    # Rows are locked one by one in id order, so two bulk changes over the same rows wait for
    # each other instead of deadlocking.
    for pk, revision in sorted(rows.items()):
        observation = visible.get(pk)
        if observation is None:
            outcome.refused.append((pk, _("Observation %(id)s finns inte eller är inte synlig "
                                          "för dig.") % {"id": pk}))
            continue
        try:  # follow_up is atomic: a refused row is rolled back to its own savepoint
            follow_up(observation=observation, by=by, status=status, comment=comment,
                      revision=revision)
        except StaleEdit as error:
            if Observation.objects.filter(pk=pk, status=status).exists():
                # Changed since, to what was asked (the same form sent twice): nobody to blame.
                outcome.refused.append((pk, _("%(observation)s har redan status %(status)s.")
                                        % {"observation": observation,
                                           "status": Observation.Status(status).label}))
                continue
            outcome.refused.append((pk, _("%(observation)s: %(who)s ändrade den efter att du "
                                          "öppnade listan; den är inte ändrad nu.")
                                    % {"observation": observation, "who": error.who
                                       or _("någon annan")}))
        except (DomainError, ValidationError) as error:
            outcome.refused.append((pk, f"{observation}: {user_message(error)}"))
        else:
            outcome.changed.append(observation)
    return outcome


def changes_shown_to(user, keys=("observations", "added")):
    """For a stale edit's refusal (trygghet.concurrency.ensure_current) of a row that links
    observations (an insats, a dialogue): what changed meanwhile, with the ids of observations
    the user may not see left out of the lists under `keys`, so that a refusal never tells of
    a restricted observation."""

    def ids(value):
        if isinstance(value, list):
            return {pk for item in value for pk in ids(item)}
        return {value} if isinstance(value, int) and not isinstance(value, bool) else set()

    def kept(value, seen):
        if isinstance(value, list):
            return [kept(item, seen) for item in value
                    if not (isinstance(item, int) and not isinstance(item, bool)
                            and item not in seen)]
        return value

    def shown(changes):
        wanted = {pk for key in keys for pk in ids(changes.get(key))}
        if not wanted:
            return changes
        seen = set(Observation.objects.visible_to(user).filter(pk__in=wanted)
                   .values_list("pk", flat=True))
        return {key: kept(value, seen) if key in keys else value
                for key, value in changes.items()}

    return shown


def record_read(*, observations, user, via: str) -> int:
    """Log who read restricted observations, and through which path (page, list, api, map,
    geojson, export): one statement for the whole page. Takes observations or values() rows
    with "id" and "restricted". Returns the number of reads logged."""
    ids = restricted_ids(observations)
    record_reads(ids=ids, user=user, via=via)
    return len(ids)


def restricted_ids(observations) -> list:
    """The ids of the restricted ones among observations or values() rows."""
    return [o["id"] if isinstance(o, dict) else o.pk for o in observations
            if (o["restricted"] if isinstance(o, dict) else o.restricted)]


def record_reads(*, ids, user, via: str) -> int:
    """Log who read the restricted observations with these ids (the caller read only the
    columns it needed and picked the restricted ones out), in one statement."""
    ids = list(ids)
    if ids:
        read_log(ids=ids, user=user, via=via).execute()
    return len(ids)


def read_log(*, ids, user, via: str) -> Write | None:
    """The read log's entries for these ids as one write, which a page may send with its other
    statements (`trygghet.statements`); None when there is nothing to log. One INSERT, atomic
    by itself: bulk_create would wrap it in BEGIN and COMMIT, two more round trips."""
    ids = list(ids)
    if not ids:
        return None
    now, table = timezone.now(), connection.ops.quote_name(ObservationAccess._meta.db_table)
    return Write(
        f'INSERT INTO {table} ("observation_id", "user_id", "via", "at")'
        " SELECT unnest(%s::bigint[]), %s, %s, %s", [ids, user.pk, via, now],
        lambda: ObservationAccess.objects.bulk_create(
            [ObservationAccess(observation_id=pk, user=user, via=via, at=now) for pk in ids]))


@transaction.atomic
def erase_expired_text(*, now: datetime | None = None, batch: int = 10000) -> int:
    """Erase free text (which may hold personal data) from observations closed longer than the
    retention period: one batch, one audit entry. Counts, categories, places and times stay for
    the statistics."""
    days = settings.OBSERVATION_TEXT_RETENTION_DAYS
    if days <= 0:
        return 0
    now = now or timezone.now()
    ids = list(Observation.objects.filter(
        closed_at__lt=now - timedelta(days=days), text_erased_at__isnull=True
    ).order_by("pk").values_list("pk", flat=True)[:batch])
    if not ids:
        return 0
    ObservationEvent.objects.filter(observation_id__in=ids).exclude(comment="").update(comment="")
    erased = Observation.objects.filter(pk__in=ids).update(
        description="", place_description="", text_erased_at=now
    )
    audit.record(actor=None, verb="observation.text_erased", changes={
        "count": erased, "retention_days": days, "ids": ids})
    return erased


@transaction.atomic
def save_category(*, category: Category, by=None) -> Category:
    """Add, rename, reorder or retire a category (retired ones stay on old observations)."""
    creating = category.pk is None
    fields = ("name", "slug", "description", "order", "active")
    before = {} if creating else {f: getattr(Category.objects.get(pk=category.pk), f)
                                  for f in fields}
    category.full_clean()
    category.save()
    audit.record(actor=by, verb="category.created" if creating else "category.changed",
                 target=category, changes=audit.changed_fields(
                     before, {f: getattr(category, f) for f in fields}))
    return category


# Exports of the filtered list. A small one is sent at once by the page (record_export); a large
# one is an ExportJob written by a Celery task.
EXPORT_TASK = "observations.export_observations_task"


@transaction.atomic
def record_export(*, by, fmt: str, filters: dict, rows: int) -> None:
    """An export sent at once leaves its entry in the audit trail: who took which rows out."""
    audit.record(actor=by, verb="observations.exported",
                 changes={"format": fmt, "filters": filters, "rows": rows})


@transaction.atomic
def queue_export(*, by, fmt: str, filters: dict, language: str) -> ExportJob:
    """Ask for an export to be written by a worker (the task is sent after the commit, or by
    the outbox's sweep). The same request while one is waiting gets that one, so a double
    click writes one file."""
    if fmt not in ExportJob.Format.values:
        raise DomainError(_("Okänt format."), "format")
    locks.hold("export", by.pk, fmt)
    waiting = ExportJob.objects.select_for_update().filter(
        requested_by=by, format=fmt, filters=filters, state=ExportJob.State.QUEUED).first()
    if waiting:
        return waiting
    job = ExportJob.objects.create(requested_by=by, format=fmt, filters=filters,
                                   language=language)
    outbox.enqueue(EXPORT_TASK, str(job.pk))
    audit.record(actor=by, verb="observations.export_queued", target=job,
                 changes={"format": fmt, "filters": filters})
    return job


def run_export(*, job_id) -> ExportJob:
    """Write a job's file, once: a job with its file is done. The rows are read and written
    without holding locks (the progress shows meanwhile); the file is kept under the job's
    lock, so two runs of one job (a redelivered task) leave one file."""
    import tempfile

    from django.core.files import File
    from django.utils import translation

    from . import exports

    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.state == ExportJob.State.DONE:
        return job
    owner = job.requested_by
    queryset = exports.filtered(owner, job.filters)
    ExportJob.objects.filter(pk=job_id).exclude(state=ExportJob.State.DONE).update(
        state=ExportJob.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1,
        rows_done=0, rows_total=queryset.count())

    written = 0

    def progress(done):
        nonlocal written
        written = done
        ExportJob.objects.filter(pk=job_id).update(rows_done=done)

    with tempfile.NamedTemporaryFile(suffix=f".{job.format}") as out, \
            translation.override(job.language):
        exports.write(job.format, exports.records(queryset, user=owner, progress=progress), out)
        out.flush()
        out.seek(0)
        with transaction.atomic():
            job = ExportJob.objects.select_for_update().get(pk=job_id)
            if job.state == ExportJob.State.DONE:
                return job
            job.file.save(f"{job.pk}.{job.format}", File(out), save=False)
            now = timezone.now()
            job.state, job.finished_at, job.error = ExportJob.State.DONE, now, ""
            job.expires_at = now + timedelta(hours=settings.EXPORT_RETENTION_HOURS)
            job.rows_done = job.rows_total = written
            job.save(update_fields=["file", "state", "finished_at", "error", "expires_at",
                                    "rows_done", "rows_total"])
            audit.record(actor=owner, verb="observations.export_written", target=job,
                         changes={"format": job.format, "rows": written})
    return job


@transaction.atomic
def mark_export_failed(*, job_id, error: str) -> None:
    """An export that will not be retried: its page says so."""
    job = ExportJob.objects.select_for_update().get(pk=job_id)
    if job.state == ExportJob.State.DONE:
        return
    job.state, job.finished_at, job.error = ExportJob.State.FAILED, timezone.now(), error[:2000]
    job.save(update_fields=["state", "finished_at", "error"])
    audit.record(actor=job.requested_by, verb="observations.export_failed", target=job,
                 changes={"error": job.error[:200]})


@transaction.atomic
def erase_expired_exports(*, now: datetime | None = None) -> int:
    """Erase the files of exports past their retention period (the job stays, saying so).
    Returns how many were erased."""
    now = now or timezone.now()
    jobs = list(ExportJob.objects.select_for_update(skip_locked=True).expired(now))
    for job in jobs:
        if job.file:
            job.file.delete(save=False)
        job.erased_at = now
        job.save(update_fields=["file", "erased_at"])
    if jobs:
        audit.record(actor=None, verb="observations.exports_erased",
                     changes={"count": len(jobs), "ids": [str(job.pk) for job in jobs]})
    return len(jobs)
