"""What this app shows inside the agreements app's pages, registered with it in
AppConfig.ready(): the agreements app never imports it.

- The yearly lägesbild and åtgärdsplan gets a part: the results of the agreement's promises
  whose period overlaps the year, declared SHARED (promises, their commitments' progress and
  assessments are the collaboration's public work: no observation, no person, no internal
  follow-up is in it).
- An agreement's page lists its promises, its public part.
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from agreements import snapshot
from agreements.snapshot import Part, Sensitivity
from trygghet import hooks
from trygghet.home import Panel

from . import permissions
from .models import Commitment, Promise
from .progress import progress_of


def promise_results(ctx) -> list[dict]:
    """Each promise of the agreement in force some day of the year: its status and, per
    commitment, the insatser done against the target (counted at the compile) or the
    assessment made by hand."""
    promises = list(Promise.objects.filter(
        agreement=ctx.agreement, period_start__lte=date(ctx.year, 12, 31),
        period_end__gte=date(ctx.year, 1, 1)).order_by("period_start", "id"))
    commitments = list(Commitment.objects.filter(promise__in=promises).select_related("promise")
                       .order_by("order", "id"))
    counted = progress_of(commitments)
    rows = {p.pk: [] for p in promises}
    for commitment in commitments:
        figures = counted.get(commitment.pk)
        rows[commitment.promise_id].append({
            "id": commitment.pk, "text": commitment.text, "kind": commitment.kind,
            "target": figures.target if figures else None,
            "done": figures.done if figures else None,
            "planned": figures.planned if figures else None,
            "assessment": None if figures else commitment.assessment,
        })
    return [{"id": p.pk, "title": p.title, "status": p.status,
             "period_start": p.period_start.isoformat(), "period_end": p.period_end.isoformat(),
             "commitments": rows[p.pk]} for p in promises]


PART = Part("promises", Sensitivity.SHARED, promise_results,
            "medborgarlöftenas resultat under året", template="promises/_yearly_part.html")


def agreement_section(request, agreement) -> list[Panel]:
    promises = list(Promise.objects.visible_to(request.user).filter(agreement=agreement)
                    .order_by("-period_start", "-id"))
    return [Panel(key="promises", title=_("Medborgarlöften"),
                  template="promises/_agreement_section.html",
                  data={"promises": promises, "agreement": agreement,
                        "can_manage": permissions.can_manage(request.user),
                        "create_url": reverse("promises:promise-create")})]


def register():
    from agreements.views import DETAIL_SECTIONS

    snapshot.register(PART)
    hooks.register(DETAIL_SECTIONS, agreement_section)
