"""Insatser on the start page. Everyone sees the insatser they own. A coordinator leads with
what is new since their last visit, this week's EST meeting and the overdue insatser; a
reporter sees the insatser that answer what they logged; a reader the insatser under way in
the areas they follow."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from trygghet import permissions as roles
from trygghet import pagination, visits
from trygghet.choices import Role
from trygghet.home import HIGH, LEAD, MIDDLE, Panel
from trygghet.weeks import week_label, week_of

from . import effect, permissions
from .models import EstMeeting, Intervention, Subscription
from .querysets import visible_observations

LISTED = 10
# The start page's name for "new since your last visit" (trygghet.visits).
START_PAGE = "start"


def panels(request) -> list[Panel]:
    user = request.user
    if roles.membership_of(user) is None and not user.is_superuser:
        return []
    today = timezone.localdate()
    visible = Intervention.objects.visible_to(user).with_related()
    found = []
    mine = list(visible.open().filter(responsible=user).order_by("planned_end", "id")[:LISTED])
    for intervention in mine:
        intervention.overdue = intervention.is_overdue(today)
    if permissions.can_plan(user):
        found += _coordinator(request, visible, today)
    elif roles.role_of(user) == Role.REPORTER:
        found += _reporter(user, visible)
    else:
        found += _reader(user, visible, today)
    if mine:
        found.append(Panel("my-interventions", _("Dina insatser"),
                           "interventions/home_mine.html", order=HIGH - 5,
                           data={"interventions": mine}))
    return found


def _coordinator(request, visible, today):
    user = request.user
    # What is new is counted in the statement that notes the visit (trygghet.statements).
    visit = visits.Visit(request, START_PAGE)
    count, previous = pagination.capped_counts(
        visible_observations(user).filter(logged_at__gt=visit.since), reads=[visit.previous],
        writes=[visit.write])
    since, first_visit = visit.settle(previous)
    new_count = pagination.CappedCount(count, pagination.COUNT_CAP)
    new = visible_observations(user).filter(logged_at__gt=since).with_related().order_by(
        "-logged_at", "-id")
    year, week = week_of()
    meeting = EstMeeting.objects.of_week(year, week).first()
    overdue = list(visible.overdue(today).order_by("planned_end", "id"))
    for intervention in overdue:
        intervention.overdue = True
    return [
        Panel("new-observations", _("Nya observationer sedan ditt senaste besök"),
              "interventions/home_new.html", order=LEAD,
              data={"since": since, "first_visit": first_visit, "new": new_count,
                    "observations": list(new[:LISTED])}),
        Panel("meeting", _("Veckans EST-möte"), "interventions/home_meeting.html", order=HIGH,
              data={"meeting": meeting, "year": year, "week": week,
                    "label": week_label(year, week),
                    "open_count": visible.open().count()}),
        Panel("overdue", _("Försenade insatser"), "interventions/home_overdue.html",
              order=HIGH + 1, data={"interventions": overdue}),
    ]


def _reporter(user, visible):
    answering = list(visible.filter(observations__in=visible_observations(user).filter(
        reporter=user)).distinct().order_by("-updated_at", "-id")[:LISTED])
    return [Panel("answering", _("Insatser som svarar på dina observationer"),
                  "interventions/home_answering.html", order=HIGH + 5,
                  data={"interventions": answering})]


def _reader(user, visible, today):
    subscription = Subscription.objects.filter(user=user).first()
    areas = list(subscription.areas.all()) if subscription else []
    running = visible.open().filter(planned_start__lte=today + timedelta(days=14))
    ids = effect.area_ids(areas)
    if ids is not None:
        running = running.in_areas(ids)
    running = list(running.order_by("planned_end", "id")[:LISTED])
    for intervention in running:
        intervention.overdue = intervention.is_overdue(today)
    return [Panel("in-areas", _("Insatser i dina områden") if areas else _("Pågående insatser"),
                  "interventions/home_areas.html", order=MIDDLE,
                  data={"interventions": running, "areas": areas})]
