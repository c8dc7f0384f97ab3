"""Which agreements, plans and yearly reports a user may see: decided here and nowhere else.

An agreement, its priority areas, indicators, åtgärdsplan and documents are the
collaboration's shared plan: every member reads them. A yearly report is the coordinators'
work until it is published; then every member reads it.
"""

from trygghet.querysets import SharedQuerySet, VisibleQuerySet

from . import permissions


class AgreementQuerySet(SharedQuerySet):
    def current(self, today):
        """In force on a day: begun, and not ended."""
        from django.db.models import Q

        return self.filter(starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class PriorityAreaQuerySet(SharedQuerySet):
    pass


class IndicatorQuerySet(SharedQuerySet):
    pass


class IndicatorValueQuerySet(SharedQuerySet):
    pass


class MeasureQuerySet(SharedQuerySet):
    def with_related(self):
        return self.select_related("priority_area").prefetch_related("organisations")


class DocumentQuerySet(SharedQuerySet):
    pass


class YearlyReportQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """Coordinators see every version; other members only published reports."""
        if permissions.can_manage(user):
            return self
        return self.published()

    def published(self):
        return self.filter(published_at__isnull=False)


class YearlyReportJobQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """Compile jobs are the coordinators' tool."""
        return self if permissions.can_manage(user) else self.none()
