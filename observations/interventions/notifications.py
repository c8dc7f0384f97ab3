"""The e-mail this app sends: overdue insatser to their owners, alerts about serious
observations to those who follow their areas and categories, and the weekly digest of what
happened to what a member's organisation logged.

Each mail is claimed (trygghet.effects) in the transaction that sends it, so a task that runs
twice, or a message delivered again after a worker died, sends nothing twice; a mail that
fails rolls its claim back and a retry sends it. Every list of observations is read through
`visible_to(recipient)`: no one learns by mail of an observation they could not open, and no
mail carries an observation's free text (a link does).
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from observations.models import Observation, ObservationEvent
from trygghet import effects
from trygghet import permissions as roles
from trygghet.filters import local_midnight
from trygghet.weeks import week_bounds, week_just_ended, week_label

from .effect import area_ids
from .models import Intervention, Subscription
from .querysets import visible_observations

# An immediate alert looks this far back, so that a sweep that could not run for a while
# (a deploy, the broker down) still sends what is due, once.
ALERT_WINDOW = timedelta(hours=24)
LISTED = 50


def _link(name, *args):
    return settings.SITE_URL + reverse(name, args=args)


def _send(subject, lines, user):
    send_mail(subject, "\n".join(lines) + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])


def _recipients(queryset):
    return queryset.filter(user__is_active=True).exclude(user__email="").select_related("user")


def _when(moment):
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


# Overdue insatser

def overdue_key(intervention, day) -> str:
    return f"interventions.overdue:{intervention.pk}:{day.isoformat()}"


def send_overdue_reminders(*, day=None) -> int:
    """Mail the owner of each insats still open after its day, once per insats and day."""
    day = day or timezone.localdate()
    sent = 0
    overdue = (Intervention.objects.overdue(day).select_related("responsible", "type")
               .filter(responsible__is_active=True).exclude(responsible__email="")
               .order_by("pk"))
    for intervention in overdue:
        with transaction.atomic():
            if not effects.claim(overdue_key(intervention, day)):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                _send(_("Försenad insats: %(title)s") % {"title": intervention.title}, [
                    _("Insatsen ”%(title)s” skulle vara klar %(day)s men är fortfarande %(status)s.")
                    % {"title": intervention.title, "day": intervention.planned_end.isoformat(),
                       "status": intervention.get_status_display().lower()},
                    "",
                    _("Markera den som genomförd och beskriv resultatet, flytta slutdatumet eller "
                      "ställ in den:"),
                    _link("interventions:intervention-detail", intervention.pk),
                ], intervention.responsible)
            sent += 1
    return sent


# Alerts about serious observations

def matching(subscription, observations):
    """The observations among `observations` that the subscriber follows and may see; not
    their own."""
    user = subscription.user
    found = observations.filter(pk__in=visible_observations(user).values("pk")).exclude(
        reporter=user)
    areas = area_ids(subscription.areas.all())
    if areas is not None:
        found = found.filter(area_id__in=areas)
    categories = [c.pk for c in subscription.categories.all()]
    if categories:
        found = found.filter(category_id__in=categories)
    return found.select_related("category", "area").order_by("logged_at", "pk")


def _serious():
    return Observation.objects.filter(severity=Observation.Severity.HIGH)


def _alert_lines(observations):
    lines = []
    for observation in observations:
        area = observation.area.name if observation.area else _("utanför namngivna områden")
        lines += [f"{_when(observation.occurred_at)} {observation.category.name}, {area}",
                  _link("observations:observation-detail", observation.pk), ""]
    return lines


def alert_key(observation, user) -> str:
    return f"interventions.alert:{observation.pk}:{user.pk}"


def send_alerts(*, now=None) -> int:
    """Every minute: to each member who asked for alerts at once, one mail about the serious
    observations logged since the last one that match what they follow. Returns mails sent."""
    now = now or timezone.now()
    recent = _serious().filter(logged_at__gt=now - ALERT_WINDOW, logged_at__lte=now)
    if not recent.exists():
        return 0
    sent = 0
    subscriptions = _recipients(Subscription.objects.filter(
        alerts=Subscription.Alerts.IMMEDIATE)).prefetch_related("areas", "categories")
    for subscription in subscriptions:
        user = subscription.user
        found = list(matching(subscription, recent))
        done = effects.done_among(alert_key(o, user) for o in found)
        fresh = [o for o in found if alert_key(o, user) not in done]
        if not fresh:
            continue
        with transaction.atomic():
            claimed = [o for o in fresh if effects.claim(alert_key(o, user))]
            if not claimed:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                _send(_("Allvarlig observation: %(what)s") % {"what": claimed[0].category.name}
                      if len(claimed) == 1 else
                      _("%(n)s allvarliga observationer") % {"n": len(claimed)},
                      [_("Loggat med allvarlighet hög i det du följer:"), ""]
                      + _alert_lines(claimed) + [_("Ändra vad du följer:"),
                                                 _link("interventions:subscriptions")], user)
        sent += 1
    return sent


def send_daily_alerts(*, day=None) -> int:
    """Each morning: to each member who asked for a daily summary, one mail about the serious
    observations logged the day before that match what they follow."""
    day = day or timezone.localdate() - timedelta(days=1)
    logged = _serious().filter(logged_at__gte=local_midnight(day),
                               logged_at__lt=local_midnight(day + timedelta(days=1)))
    sent = 0
    subscriptions = _recipients(Subscription.objects.filter(
        alerts=Subscription.Alerts.DAILY)).prefetch_related("areas", "categories")
    for subscription in subscriptions:
        user = subscription.user
        found = list(matching(subscription, logged)[:LISTED])
        if not found:
            continue
        with transaction.atomic():
            if not effects.claim(f"interventions.alert-daily:{user.pk}:{day.isoformat()}"):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                _send(_("Allvarliga observationer %(day)s") % {"day": day.isoformat()},
                      [_("Loggat med allvarlighet hög i det du följer:"), ""]
                      + _alert_lines(found) + [_("Ändra vad du följer:"),
                                               _link("interventions:subscriptions")], user)
        sent += 1
    return sent


# The weekly digest

def digest_for(user, year, week) -> dict | None:
    """What happened in a week to what the user's organisation logged, as they may see it:
    what it logged, status changes, and insatser planned or closed that answer it. None when
    nothing happened."""
    organisation = roles.organisation_of(user)
    if organisation is None:
        return None
    start, end = week_bounds(year, week)
    logged = visible_observations(user).filter(organisation=organisation)
    changes = list(ObservationEvent.objects.filter(
        observation__in=logged, kind=ObservationEvent.Kind.STATUS,
        created_at__gte=start, created_at__lt=end,
    ).select_related("observation__category", "observation__area").order_by("created_at")[:LISTED])
    answering = list(Intervention.objects.filter(observations__in=logged).filter(
        Q(created_at__gte=start, created_at__lt=end) | Q(closed_at__gte=start, closed_at__lt=end)
    ).distinct().select_related("type").order_by("planned_start", "pk")[:LISTED])
    count = logged.filter(logged_at__gte=start, logged_at__lt=end).count()
    if not (count or changes or answering):
        return None
    return {"organisation": organisation, "count": count, "changes": changes,
            "interventions": answering}


def send_weekly_digests(*, year=None, week=None) -> int:
    """Monday morning: to each member who opted in, what happened the week before to what
    their organisation logged, once per member and week."""
    if year is None:
        year, week = week_just_ended()
    sent = 0
    for subscription in _recipients(Subscription.objects.filter(weekly_digest=True)):
        user = subscription.user
        digest = digest_for(user, year, week)
        if digest is None:
            continue
        with transaction.atomic():
            if not effects.claim(f"interventions.digest:{user.pk}:{week_label(year, week)}"):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                _send(_("Veckobrev vecka %(week)s: vad som hänt med det ni loggat")
                      % {"week": week}, _digest_lines(digest, week), user)
        sent += 1
    return sent


def _digest_lines(digest, week):
    lines = [_("%(org)s loggade %(n)s observationer vecka %(week)s.")
             % {"org": digest["organisation"].name, "n": digest["count"], "week": week}, ""]
    if digest["changes"]:
        lines.append(_("Status ändrad:"))
        for event in digest["changes"]:
            observation = event.observation
            lines.append(f"- {_when(observation.occurred_at)} {observation.category.name}: "
                         f"{event.get_from_status_display()} → {event.get_to_status_display()}")
            lines.append("  " + _link("observations:observation-detail", observation.pk))
        lines.append("")
    if digest["interventions"]:
        lines.append(_("Insatser som svarar på det ni loggat:"))
        for intervention in digest["interventions"]:
            lines.append(f"- {intervention.title} ({intervention.type.name.lower()}), "
                         f"{intervention.get_status_display().lower()}")
            lines.append("  " + _link("interventions:intervention-detail", intervention.pk))
        lines.append("")
    lines += [_("Sluta få veckobrevet:"), _link("interventions:subscriptions")]
    return lines
