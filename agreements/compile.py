"""Compiling the yearly lägesbild and åtgärdsplan of an agreement (lag 2023:196): the year's
observations by category and area against the year before, the indicators, the åtgärdsplan
with its statuses and the insatser that carried it out, the insatser done per priority area,
and (added by higher apps) the promises' results.

Each part is declared in snapshot.py and computed from a YearContext. Counts are made in the
database (grouped queries over the indexed time range). The snapshot stores data (ids,
numbers, dates, the names people gave things), not sentences in one language.

A year still under way is counted up to the day of the compile, and compared with the same
days of the year before, so that eleven months are not set against twelve.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count, Prefetch
from django.utils import timezone

from observations.interventions.models import Intervention
from observations.models import Category, Observation
from trygghet.filters import local_midnight
from trygghet.models import Area

from . import snapshot
from .models import Indicator, Measure, PriorityArea
from .snapshot import Part, Sensitivity


@dataclass
class YearContext:
    agreement: object
    year: int
    today: date

    @cached_property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @cached_property
    def through(self) -> date:
        """The last day counted: the year's end, or today for the year under way."""
        return min(date(self.year, 12, 31), self.today)

    @cached_property
    def previous_span(self) -> tuple[date, date]:
        """The same days of the year before (28 February for a 29th)."""
        last = self.through
        try:
            last = last.replace(year=self.year - 1)
        except ValueError:
            last = date(self.year - 1, 2, 28)
        return date(self.year - 1, 1, 1), last

    @cached_property
    def priority_areas(self) -> list:
        return list(PriorityArea.objects.filter(agreement=self.agreement).order_by("order", "id"))

    @cached_property
    def measures(self) -> list:
        done_or_open = (Intervention.objects.filter(planned_start__lte=self.through,
                                                    planned_end__gte=self.first_day)
                        .exclude(status=Intervention.Status.CANCELLED)
                        .select_related("type").order_by("planned_start", "id"))
        return list(Measure.objects.filter(priority_area__agreement=self.agreement)
                    .prefetch_related("organisations",
                                      Prefetch("interventions", queryset=done_or_open,
                                               to_attr="year_interventions"))
                    .order_by("priority_area__order", "priority_area_id", "order", "id"))

    def observations_between(self, first: date, last: date):
        return Observation.objects.filter(occurred_at__gte=local_midnight(first),
                                          occurred_at__lt=local_midnight(last + timedelta(days=1)))

    def done_interventions(self):
        """Insatser done that began in the year (up to the day counted): the year's work."""
        return Intervention.objects.filter(status=Intervention.Status.DONE,
                                           planned_start__gte=self.first_day,
                                           planned_start__lte=self.through)


def change(count, previous):
    """Per cent change, or None when there was nothing before."""
    return None if not previous else round(100 * (count - previous) / previous)


def period(ctx) -> dict:
    first, last = ctx.previous_span
    return {"year": ctx.year, "first_day": ctx.first_day.isoformat(),
            "through": ctx.through.isoformat(),
            "partial": ctx.through < date(ctx.year, 12, 31),
            "previous_first_day": first.isoformat(), "previous_through": last.isoformat()}


def priority_areas(ctx) -> list[dict]:
    return [{"id": p.pk, "name": p.name, "description": p.description}
            for p in ctx.priority_areas]


def _grouped(queryset, field):
    return dict(queryset.values_list(field).annotate(n=Count("id")).order_by())


def observations(ctx) -> dict:
    """The year's observations by category and by area, each against the same days of the
    year before. Restricted observations count in every figure."""
    this_year = ctx.observations_between(ctx.first_day, ctx.through)
    last_year = ctx.observations_between(*ctx.previous_span)
    now_by_category, then_by_category = (_grouped(this_year, "category_id"),
                                         _grouped(last_year, "category_id"))
    now_by_area, then_by_area = _grouped(this_year, "area_id"), _grouped(last_year, "area_id")
    category_ids = set(now_by_category) | set(then_by_category)
    area_ids = {a for a in set(now_by_area) | set(then_by_area) if a is not None}
    categories = Category.objects.filter(pk__in=category_ids).order_by("order", "name")
    areas = {a.pk: a.name for a in Area.objects.filter(pk__in=area_ids).only("id", "name")}

    def row(key, name, now, then):
        count, previous = now.get(key, 0), then.get(key, 0)
        return {"id": key, "name": name, "count": count, "previous": previous,
                "change": change(count, previous)}

    by_area = sorted((row(pk, name, now_by_area, then_by_area) for pk, name in areas.items()),
                     key=lambda r: (-r["count"], r["name"]))
    if None in now_by_area or None in then_by_area:
        by_area.append(row(None, None, now_by_area, then_by_area))
    total, previous = sum(now_by_category.values()), sum(then_by_category.values())
    return {
        "total": {"count": total, "previous": previous, "change": change(total, previous)},
        "by_category": [row(c.pk, c.name, now_by_category, then_by_category)
                        for c in categories],
        "by_area": by_area,
    }


def _number(value):
    return None if value is None else float(value)


def indicators(ctx) -> list[dict]:
    """Each priority area's indicators with every yearly value up to the report's year."""
    rows = (Indicator.objects.filter(priority_area__agreement=ctx.agreement)
            .prefetch_related(Prefetch("values", to_attr="all_values"))
            .order_by("priority_area__order", "priority_area_id", "order", "id"))
    by_area = defaultdict(list)
    for indicator in rows:
        values = {v.year: v.value for v in indicator.all_values if v.year <= ctx.year}
        value, previous = values.get(ctx.year), values.get(ctx.year - 1)
        by_area[indicator.priority_area_id].append({
            "id": indicator.pk, "name": indicator.name, "unit": indicator.unit,
            "source": indicator.source, "source_detail": indicator.source_detail,
            "direction": indicator.direction,
            "values": [[year, _number(v)] for year, v in sorted(values.items())],
            "value": _number(value), "previous": _number(previous),
            "verdict": verdict(indicator.direction, value, previous),
        })
    return [{"priority_area": p.pk, "indicators": by_area.get(p.pk, [])}
            for p in ctx.priority_areas]


def verdict(direction, value, previous):
    """"better", "worse", "same" or None: the change from the year before read against the
    direction the indicator should move in."""
    if value is None or previous is None:
        return None
    if value == previous:
        return "same"
    return "better" if (value > previous) == (direction == Indicator.Direction.UP) else "worse"


def action_plan(ctx) -> list[dict]:
    """The åtgärdsplan as it stands, each row with the insatser of the year that carry it
    out (done and still open, not the cancelled)."""
    rows = defaultdict(list)
    for measure in ctx.measures:
        linked = measure.year_interventions
        rows[measure.priority_area_id].append({
            "id": measure.pk, "cause": measure.cause, "action": measure.action,
            "goals": measure.goals, "when": measure.when,
            "who": [o.name for o in measure.organisations.all()],
            "follow_up": measure.follow_up, "status": measure.status,
            "status_note": measure.status_note,
            "done": sum(1 for i in linked if i.status == Intervention.Status.DONE),
            "interventions": [{"id": i.pk, "title": i.title, "type": i.type.name,
                               "status": i.status, "planned_start": i.planned_start.isoformat(),
                               "planned_end": i.planned_end.isoformat()} for i in linked],
        })
    return [{"priority_area": p.pk, "measures": rows.get(p.pk, [])} for p in ctx.priority_areas]


def interventions(ctx) -> dict:
    """The insatser done in the year: in all and by type, and per priority area those that
    carried out a measure of it (an insats serving two areas counts in both)."""
    done = ctx.done_interventions()
    by_type = list(done.values("type__name").annotate(n=Count("id")).order_by("-n", "type__name"))
    linked = (done.filter(measures__priority_area__agreement=ctx.agreement)
              .values("measures__priority_area_id", "type__name")
              .annotate(n=Count("id", distinct=True)).order_by())
    per_area = defaultdict(dict)
    for row in linked:
        per_area[row["measures__priority_area_id"]][row["type__name"]] = row["n"]
    totals = dict(done.filter(measures__priority_area__agreement=ctx.agreement)
                  .values_list("measures__priority_area_id")
                  .annotate(n=Count("id", distinct=True)).order_by())
    unlinked = done.exclude(measures__priority_area__agreement=ctx.agreement).count()
    return {
        "done": sum(r["n"] for r in by_type),
        "by_type": [{"name": r["type__name"], "count": r["n"]} for r in by_type],
        "by_priority_area": [{
            "priority_area": p.pk, "done": totals.get(p.pk, 0),
            "by_type": [{"name": name, "count": n} for name, n in
                        sorted(per_area.get(p.pk, {}).items(), key=lambda kv: (-kv[1], kv[0]))],
        } for p in ctx.priority_areas],
        "outside_plan": unlinked,
    }


for _part in (
    Part("period", Sensitivity.SHARED, period, "året och dagarna som räknats"),
    Part("priority_areas", Sensitivity.SHARED, priority_areas, "de prioriterade områdena"),
    Part("observations", Sensitivity.COUNTS, observations,
         "observationer per kategori och område, mot samma dagar året före"),
    Part("indicators", Sensitivity.SHARED, indicators, "indikatorerna per prioriterat område"),
    Part("action_plan", Sensitivity.SHARED, action_plan,
         "åtgärdsplanen med status och årets insatser per åtgärd"),
    Part("interventions", Sensitivity.SHARED, interventions,
         "genomförda insatser per prioriterat område och typ"),
):
    snapshot.register(_part)


def compile_year(agreement, year: int, today: date | None = None) -> dict:
    """The snapshot of one year of an agreement."""
    ctx = YearContext(agreement=agreement, year=year, today=today or timezone.localdate())
    data = {part.key: part.compute(ctx) for part in snapshot.parts()}
    snapshot.check(data)
    return data
