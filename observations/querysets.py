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
