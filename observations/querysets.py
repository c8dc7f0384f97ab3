"""Which observations a user may see: decided here and nowhere else."""

from django.db import models

from trygghet import permissions


def sees_restricted(user):
    """Restricted (begränsade) observations are for members of municipal and police
    organisations: the rule for rows here, and for the rows a lägesbild snapshot lists."""
    return permissions.is_trusted(user)


class ObservationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every partner sees ordinary observations; restricted ones only members of municipal
        and police organisations, and the reporter who logged them."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_restricted(user):
            return self
        if permissions.membership_of(user) is None:
            return self.none()
        return self.filter(models.Q(restricted=False) | models.Q(reporter=user))

    def with_related(self):
        return self.select_related("category", "area", "organisation", "reporter")

    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def between(self, start, end):
        return self.filter(occurred_at__gte=start, occurred_at__lt=end)


class SituationReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators see every version; other members only published reports."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.is_coordinator(user):
            return self
        if permissions.membership_of(user) is None:
            return self.none()
        return self.filter(published_at__isnull=False)


class CompileRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Compile jobs are the coordinators' tool."""
        if user and user.is_authenticated and user.is_active and permissions.is_coordinator(user):
            return self
        return self.none()
