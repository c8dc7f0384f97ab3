"""Which insatser, meetings and subscriptions a user may see: decided here and nowhere else.

Every partner sees every insats and meeting: they are the collaboration's shared plan. What an
insats points at is not shared that way: its observations are always read through
`Observation.objects.visible_to(user)`, so a restricted observation reaches no one through an
insats who could not open it directly.
"""

from django.db import models

from observations.models import Observation
from trygghet.querysets import OwnRowsQuerySet, SharedQuerySet


def visible_observations(user):
    """The observations a user may see of an insats (or anything else that points at them)."""
    return Observation.objects.visible_to(user)


class InterventionTypeQuerySet(SharedQuerySet):
    pass


class InterventionQuerySet(SharedQuerySet):
    def with_related(self):
        return self.select_related(
            "type", "responsible", "responsible_organisation", "meeting",
        ).prefetch_related("areas", "organisations")

    def with_observations_for(self, user):
        """Prefetch the insatser's observations this user may see, as `visible_observations`."""
        return self.prefetch_related(models.Prefetch(
            "observations",
            queryset=visible_observations(user).select_related("category", "area")
            .order_by("-occurred_at", "-id"),
            to_attr="visible_observations"))

    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def overdue(self, today):
        """Still planned or going on after the day they were to be done by."""
        return self.open().filter(planned_end__lt=today)

    def overlapping(self, first_day, last_day):
        """Planned to run on any day from first_day to last_day (both included)."""
        return self.filter(planned_start__lte=last_day, planned_end__gte=first_day)

    def open_at(self, moment):
        """Insatser that existed and were neither done nor cancelled at a moment: what an EST
        meeting of that moment carries over, the same however late the page is read."""
        return self.filter(created_at__lt=moment).filter(
            models.Q(closed_at__isnull=True) | models.Q(closed_at__gte=moment))

    def in_areas(self, area_ids):
        return self.filter(areas__in=area_ids).distinct()

    def answering(self, observation):
        return self.filter(observations=observation)


class EstMeetingQuerySet(SharedQuerySet):
    def of_week(self, iso_year, iso_week):
        return self.filter(iso_year=iso_year, iso_week=iso_week)


class DecisionQuerySet(SharedQuerySet):
    pass


class SubscriptionQuerySet(OwnRowsQuerySet):
    pass

