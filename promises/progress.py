"""The progress of countable commitments, counted from the insatser themselves.

An insats counts for a commitment when it is done (genomförd), began (its planned start) in
the commitment's period, is of one of its types (any type when none is chosen), lies in one
of its areas or an area inside one (Bro centrum counts for Bro; an insats for all of Bro does
not count for Bro centrum; none chosen: the promise's focus areas; none there either: the
whole municipality), and, when the commitment says so, both a municipal organisation and the
police take part (as owner or participant). Planned and ongoing insatser that would count
once done are counted beside, for members; they are not progress.

Why done only: a promise of "minst åtta i förväg planerade gemensamma insatser" is kept when
they have been carried out; an insats is planned in advance by being decided and entered
before it is done, which every insats here is.

Every countable commitment given, of one promise or many, is counted in one aggregate query
(one filtered count each), after at most four small queries for the rules and the areas: a
constant number whatever the number of insatser or commitments.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects

from observations.interventions.models import Intervention
from trygghet import geo
from trygghet.choices import OrganisationKind
from trygghet.models import Area

DONE = Intervention.Status.DONE
OPEN = Intervention.OPEN_STATUSES


@dataclass(frozen=True)
class Progress:
    done: int
    planned: int
    target: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0

    @property
    def reached(self) -> bool:
        return self.done >= self.target


def _nested(all_areas) -> dict[int, set[int]]:
    """For each named area, its id and the ids of the named areas lying inside it, from one
    list of areas (shapely answers; no query per area)."""
    shapes = {a.pk: geo.shape_of(a.geometry) for a in all_areas}
    boxes = {a.pk: (a.min_lon, a.min_lat, a.max_lon, a.max_lat) for a in all_areas}
    nested = {}
    for outer_id, outer in shapes.items():
        west, south, east, north = boxes[outer_id]
        padded = outer.buffer(1e-9)
        nested[outer_id] = {outer_id} | {
            inner_id for inner_id, inner in shapes.items()
            if inner_id != outer_id and boxes[inner_id][0] >= west and boxes[inner_id][1] >= south
            and boxes[inner_id][2] <= east and boxes[inner_id][3] <= north
            and padded.covers(inner)}
    return nested


def _takes_part(kind):
    through = Intervention.organisations.through
    return Q(responsible_organisation__kind=kind) | Q(Exists(through.objects.filter(
        intervention_id=OuterRef("pk"), organisation__kind=kind)))


def nested_areas() -> dict[int, set[int]]:
    """Each named area with the named areas inside it, from one query."""
    named = Area.objects.named().only("id", "geometry", "min_lon", "min_lat", "max_lon",
                                      "max_lat")
    return _nested(list(named))


def load_rules(commitments) -> dict:
    """What the rules need, for many commitments at once: their types, areas and promises'
    focus areas (prefetched once), and the areas nested in each."""
    prefetch_related_objects(commitments, "types", "areas", "promise__areas")
    return nested_areas()


def area_ids(commitment, nested) -> set[int] | None:
    """The areas an insats must lie in to count; None for the whole municipality."""
    chosen = list(commitment.areas.all()) or list(commitment.promise.areas.all())
    if not chosen:
        return None
    ids = set()
    for area in chosen:
        ids |= nested.get(area.pk, {area.pk})
    return ids


def rule(commitment, nested) -> Q:
    """The insatser a countable commitment counts, whatever their status."""
    condition = Q(planned_start__gte=commitment.first_day, planned_start__lte=commitment.last_day)
    types = [t.pk for t in commitment.types.all()]
    if types:
        condition &= Q(type_id__in=types)
    ids = area_ids(commitment, nested)
    if ids is not None:
        through = Intervention.areas.through
        condition &= Q(Exists(through.objects.filter(intervention_id=OuterRef("pk"),
                                                     area_id__in=sorted(ids))))
    if commitment.joint:
        condition &= _takes_part(OrganisationKind.KOMMUN) & _takes_part(OrganisationKind.POLIS)
    return condition


def progress_of(commitments) -> dict[int, Progress]:
    """{commitment id: Progress} for the countable commitments among those given."""
    commitments = [c for c in commitments if c.is_countable]
    if not commitments:
        return {}
    nested = load_rules(commitments)
    counts = {}
    for commitment in commitments:
        condition = rule(commitment, nested)
        counts[f"done_{commitment.pk}"] = Count("pk", filter=condition & Q(status=DONE))
        counts[f"planned_{commitment.pk}"] = Count("pk", filter=condition & Q(status__in=OPEN))
    figures = Intervention.objects.aggregate(**counts)
    return {c.pk: Progress(done=figures[f"done_{c.pk}"], planned=figures[f"planned_{c.pk}"],
                           target=c.target or 0) for c in commitments}


def counted(commitment):
    """The insatser a countable commitment counts (done first), for its page."""
    nested = load_rules([commitment])
    return (Intervention.objects.filter(rule(commitment, nested))
            .exclude(status=Intervention.Status.CANCELLED))
