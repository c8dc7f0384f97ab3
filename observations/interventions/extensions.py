"""What this app shows inside the pages of the apps below it, registered with them in
AppConfig.ready(): they never import it.

- The lägesbild of a week lists the insatser done and planned in it (a part of its snapshot).
- The lägesbild links to the EST meeting that goes through it (the meeting of the week after).
- An observation's page shows the insatser that answer it, so its reporter sees what was done.
- The account settings link to each member's subscriptions.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from observations.situation import snapshot
from observations.situation.snapshot import Part, Sensitivity
from trygghet import hooks
from trygghet.home import Panel
from trygghet.weeks import shift_week

from . import permissions
from .models import Intervention


def week_interventions(ctx) -> list[dict]:
    """The insatser planned to run on any day of the week, but the cancelled ones, with their
    status when the week was compiled. Rows name no observation: an insats is every partner's
    to read, so none is restricted."""
    first = timezone.localtime(ctx.start).date()
    last = (timezone.localtime(ctx.end) - timedelta(days=1)).date()
    rows = (Intervention.objects.overlapping(first, last)
            .exclude(status=Intervention.Status.CANCELLED)
            .select_related("type", "responsible_organisation").prefetch_related("areas")
            .order_by("planned_start", "id"))
    return [{"id": i.pk, "title": i.title, "type": i.type.name, "status": i.status,
             "planned_start": i.planned_start.isoformat(),
             "planned_end": i.planned_end.isoformat(),
             "areas": [a.name for a in i.areas.all()],
             "organisation": i.responsible_organisation.name, "restricted": False}
            for i in rows]


PART = Part("interventions", Sensitivity.ROWS, week_interventions,
            "insatser genomförda och planerade under veckan",
            template="interventions/_lagesbild_part.html")


def meeting_link(request, report) -> list[hooks.Link]:
    """The lägesbild of week W is gone through at the EST meeting of week W+1."""
    year, week = shift_week(report.iso_year, report.iso_week, 1)
    return [hooks.Link(_("EST-möte vecka %(week)s") % {"week": week},
                       reverse("interventions:meeting-detail", args=[year, week]))]


def observation_section(request, observation) -> list[Panel]:
    """The insatser that answer the observation; for coordinators, ways to add one."""
    answering = list(Intervention.objects.visible_to(request.user).answering(observation)
                     .select_related("type", "responsible_organisation")
                     .order_by("-planned_start", "-id"))
    can_plan = permissions.can_plan(request.user)
    open_ones = []
    if can_plan:
        open_ones = list(Intervention.objects.visible_to(request.user).open()
                         .exclude(pk__in=[i.pk for i in answering])
                         .order_by("planned_end", "id").only("id", "title", "planned_end"))
    return [Panel(key="interventions", title=_("Insatser"),
                  template="interventions/_observation_section.html",
                  data={"interventions": answering, "can_plan": can_plan, "open": open_ones,
                        "observation": observation})]


def subscriptions_link(request) -> list[hooks.Link]:
    if not permissions.can_subscribe(request.user):
        return []
    return [hooks.Link(_("Bevakningar: e-post om allvarliga observationer och veckobrev"),
                       reverse("interventions:subscriptions"))]


def register():
    from observations.situation.views import REPORT_LINKS
    from observations.views import DETAIL_SECTIONS
    from trygghet.views import SETTINGS_LINKS

    snapshot.register(PART)
    hooks.register(REPORT_LINKS, meeting_link)
    hooks.register(DETAIL_SECTIONS, observation_section)
    hooks.register(SETTINGS_LINKS, subscriptions_link)
