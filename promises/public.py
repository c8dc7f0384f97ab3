"""The public pages of the medborgarlöften: no login, for citizens, printable and readable on
a phone. Their context is built here from published data only, as plain values (no model
instances a template could walk from to a person): what was promised, each commitment's
progress counted live from the insatser, the follow-ups marked public, the dialogues held and
what has been reported in the focus areas.

Small figures: counts of people or of observations from 1 to 4 are shown as "färre än 5".
Five is the threshold Swedish official statistics commonly use for tables about people (SCB,
Socialstyrelsen): below it a count in a small area and period may point at a neighbour or at
one incident someone recognises. No total is shown beside suppressed observation counts, so a
hidden figure cannot be worked out by subtraction. Counts of insatser are not suppressed: an
insats is the authorities' own work, not a person, and promises are about that work.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from observations.models import Observation
from trygghet.filters import local_midnight
from trygghet.public import public_page, render_public

from . import progress
from .models import Commitment, Dialogue, FollowUp, Promise

SMALL = 5
FOLLOW_UPS_SHOWN = 3
# The counts are live: the page shows an insats as soon as it is done. Caches may keep the
# page but must ask again each time (no-cache), which costs the server little.
CACHE_CONTROL = "public, no-cache"


def small(count: int | None) -> str:
    """A count as the public may see it."""
    if count is None:
        return ""
    if 0 < count < SMALL:
        return _("färre än %(n)s") % {"n": SMALL}
    return str(count)


def _promise_summary(promise):
    return {"id": promise.pk, "title": promise.title, "period_start": promise.period_start,
            "period_end": promise.period_end, "status": promise.status,
            "status_label": promise.get_status_display(), "adopted_on": promise.adopted_on}


def _current(promise, today):
    return promise["period_start"] <= today <= promise["period_end"]


@public_page
@require_GET
def promise_index(request):
    today = timezone.localdate()
    promises = [_promise_summary(p) for p in Promise.objects.public().order_by(
        "-period_start", "-id")]
    response = render_public(request, "promises/public_index.html", {
        "current": [p for p in promises if _current(p, today)],
        "other": [p for p in promises if not _current(p, today)],
    })
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _commitments(promise):
    commitments = list(Commitment.objects.filter(promise=promise).select_related("promise")
                       .order_by("order", "id"))
    counted = progress.progress_of(commitments)
    follow_ups = defaultdict(list)
    for follow_up in (FollowUp.objects.public().filter(commitment__promise=promise)
                      .only("commitment_id", "written_on", "text").order_by("-written_on", "-id")):
        if len(follow_ups[follow_up.commitment_id]) < FOLLOW_UPS_SHOWN:
            follow_ups[follow_up.commitment_id].append(
                {"written_on": follow_up.written_on, "text": follow_up.text})
    rows = []
    for commitment in commitments:
        row = {"id": commitment.pk, "text": commitment.text,
               "countable": commitment.is_countable,
               "follow_ups": follow_ups.get(commitment.pk, [])}
        if commitment.is_countable:
            figures = counted[commitment.pk]
            row.update(done=figures.done, target=figures.target, percent=figures.percent,
                       reached=figures.reached, shown=min(figures.done, figures.target))
        else:
            row.update(assessment=commitment.assessment,
                       assessment_label=commitment.get_assessment_display())
        rows.append(row)
    return rows


def _reported(promise, today):
    """Observations in the focus areas (and the areas inside them) from the promise's start
    to today or its end, by category, each count shown as the public may see it."""
    focus = list(promise.areas.all())
    if not focus:
        return None
    nested = progress.nested_areas()
    ids = set()
    for area in focus:
        ids |= nested.get(area.pk, {area.pk})
    last = min(promise.period_end, today)
    if last < promise.period_start:
        return []
    rows = (Observation.objects.filter(
        area_id__in=sorted(ids), occurred_at__gte=local_midnight(promise.period_start),
        occurred_at__lt=local_midnight(last + timedelta(days=1)))
        .values("category__name", "category__order").annotate(n=Count("id"))
        .order_by("category__order", "category__name"))
    return [{"category": row["category__name"], "count": small(row["n"])} for row in rows]


@public_page
@require_GET
def promise_detail(request, pk):
    promise = get_object_or_404(Promise.objects.public().select_related("agreement"), pk=pk)
    today = timezone.localdate()
    commitment_rows = _commitments(promise)
    dialogues = [{"kind": d.get_kind_display(), "held_on": timezone.localtime(d.held_at).date(),
                  "area": d.area.name if d.area_id else "",
                  "participants": small(d.participants)}
                 for d in Dialogue.objects.filter(promise=promise).select_related("area")
                 .order_by("held_at", "id")]
    response = render_public(request, "promises/public_detail.html", {
        "promise": {
            **_promise_summary(promise), "background": promise.background,
            "areas": [a.name for a in promise.areas.all()],
            "parties": [o.name for o in promise.agreement.parties.all()],
            "current": promise.period_start <= today <= promise.period_end,
        },
        "commitments": commitment_rows,
        "dialogues": dialogues,
        "reported": _reported(promise, today),
        "threshold": SMALL,
        "today": today,
    })
    response["Cache-Control"] = CACHE_CONTROL
    return response

