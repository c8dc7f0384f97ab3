"""Which observations a user may see: decided here and nowhere else."""

from django.db import models

from trygghet import permissions
from trygghet.querysets import VisibleQuerySet


def sees_restricted(user):
    """Restricted (begränsade) observations are for members of municipal and police
    organisations: the rule for rows here, and for the rows other parts of the EST cycle
    (a lägesbild's lists, an insats's observations) show of them."""
    return permissions.is_trusted(user)


class ObservationQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """Every partner sees ordinary observations; restricted ones only members of municipal
        and police organisations, and the reporter who logged them."""
        if sees_restricted(user):
            return self
        return self.filter(models.Q(restricted=False) | models.Q(reporter=user))

    def with_related(self):
        return self.select_related("category", "area", "organisation", "reporter")

    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    # The list's order (the model's ordering): newest first, ties by id.
    def following(self, observation):
        """The rows after the observation in the list's order, nearest first: a keyset
        look-up that the occurred_at index answers without counting what lies before."""
        when = observation.occurred_at
        return self.filter(models.Q(occurred_at__lt=when)
                           | models.Q(occurred_at=when, pk__lt=observation.pk)
                           ).order_by("-occurred_at", "-pk")

    def preceding(self, observation):
        """The rows before the observation in the list's order, nearest first."""
        when = observation.occurred_at
        return self.filter(models.Q(occurred_at__gt=when)
                           | models.Q(occurred_at=when, pk__gt=observation.pk)
                           ).order_by("occurred_at", "pk")


class ObservationEventQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """An observation's history is visible with the observation."""
        from .models import Observation

        return self.filter(observation__in=Observation.objects.visible_to(user))


class ExportJobQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """An export is its owner's alone, administrators' too: it holds what that owner may
        see, which may be more than anyone else may."""
        return self.filter(requested_by=user)

    def expired(self, now):
        return self.filter(expires_at__lte=now, erased_at__isnull=True)
