"""The EST meeting's agenda, which fills itself.

A meeting in week W goes through the lägesbild of the week just ended (W-1): the areas and
categories flagged markant, the hotspots and the serious observations, as the reader may see
that lägesbild (a draft for coordinators, the published version for partners, restricted rows
only for those who may see them). Then every insats still open when the meeting was opened,
carried over week after week until it is done or cancelled, and the insatser closed since the
week before, to hear how they went. Nothing of it is stored: it is the same however late it is
read, because it is counted from when the meeting was opened (or, before that, from now).
"""

from dataclasses import dataclass, field
from django.utils import timezone

from observations.situation import presentation
from observations.situation.models import SituationReport
from trygghet.weeks import shift_week, week_bounds

from .models import Intervention


@dataclass
class Agenda:
    year: int
    week: int
    report_week: tuple
    cutoff: object
    report: SituationReport | None = None
    data: dict = field(default_factory=dict)
    flagged_areas: list = field(default_factory=list)
    flagged_categories: list = field(default_factory=list)
    hotspot_areas: list = field(default_factory=list)
    serious: list = field(default_factory=list)
    carried_over: list = field(default_factory=list)
    closed_since: list = field(default_factory=list)

    @property
    def overdue(self):
        return [i for i in self.carried_over if getattr(i, "overdue", False)]


def cutoff(year: int, week: int, meeting=None, now=None):
    """The moment the agenda is counted from: when the meeting was opened, or now (at the
    latest the end of its week) for a meeting not opened yet."""
    if meeting is not None:
        return meeting.opened_at
    now = now or timezone.now()
    return min(now, week_bounds(year, week)[1])


def report_for(year: int, week: int, user):
    """The lägesbild the meeting goes through, as this user may read it: the latest version
    of the week before the meeting that they may see."""
    report_week = shift_week(year, week, -1)
    return (SituationReport.objects.visible_to(user).of_week(*report_week)
            .order_by("-version").first())


def build(year: int, week: int, user, meeting=None, now=None) -> Agenda:
    moment = cutoff(year, week, meeting, now)
    agenda = Agenda(year=year, week=week, report_week=shift_week(year, week, -1), cutoff=moment)
    agenda.report = report_for(year, week, user)
    if agenda.report is not None:
        data = presentation.view_data(agenda.report, user)
        agenda.data = data
        agenda.flagged_areas = [r for r in data.get("by_area", []) if r.get("flag")]
        agenda.flagged_categories = [r for r in data.get("by_category", []) if r.get("flag")]
        agenda.hotspot_areas = data.get("hotspot_areas", [])
        agenda.serious = data.get("serious", [])
    today = timezone.localtime(moment).date()
    carried = Intervention.objects.visible_to(user).with_related().open_at(moment)
    if meeting is not None:
        carried = carried.exclude(meeting=meeting)
    agenda.carried_over = list(carried.order_by("planned_end", "id"))
    for intervention in agenda.carried_over:
        intervention.overdue = intervention.is_open and intervention.planned_end < today
    # Closed before the cutoff, so never among those carried over.
    week_before, _end = week_bounds(*shift_week(year, week, -1))
    agenda.closed_since = list(
        Intervention.objects.visible_to(user).with_related()
        .filter(closed_at__gte=week_before, closed_at__lt=moment).order_by("closed_at", "id"))
    return agenda
