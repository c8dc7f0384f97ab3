"""The log's panels on the start page: "Logga observation" and, for reporters, their own
recent observations with what was done about them."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from trygghet import permissions as roles
from trygghet.choices import Role
from trygghet.home import HIGH, LEAD, LOW, Panel

from . import permissions
from .models import Observation, ObservationEvent

RECENT = 8


def panels(request) -> list[Panel]:
    user = request.user
    if not permissions.can_log(user):
        return []
    reporter = roles.role_of(user) == Role.REPORTER
    found = [Panel("log", _("Logga observation"), "observations/home_log.html",
                   order=LEAD if reporter else LOW)]
    if reporter:
        follow_ups = (ObservationEvent.objects.filter(kind__in=(ObservationEvent.Kind.STATUS,
                                                               ObservationEvent.Kind.COMMENT))
                      .order_by("-created_at", "-id"))
        recent = (Observation.objects.visible_to(user).filter(reporter=user).with_related()
                  .prefetch_related(Prefetch("events", queryset=follow_ups, to_attr="follow_ups"))
                  .order_by("-logged_at", "-id")[:RECENT])
        found.append(Panel("my-observations", _("Dina senaste observationer"),
                           "observations/home_recent.html", order=HIGH,
                           data={"observations": list(recent)}))
    return found
