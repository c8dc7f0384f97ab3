"""Which lägesbilder and compile jobs a user may see: decided here and nowhere else."""

from trygghet.querysets import VisibleQuerySet

from . import permissions


class SituationReportQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """Coordinators see every version; other members only published reports."""
        if permissions.can_manage_reports(user):
            return self
        return self.published()

    def published(self):
        return self.filter(published_at__isnull=False)

    def of_week(self, iso_year, iso_week):
        return self.filter(iso_year=iso_year, iso_week=iso_week)


class CompileJobQuerySet(VisibleQuerySet):
    def for_member(self, user):
        """Compile jobs are the coordinators' tool."""
        return self if permissions.can_manage_reports(user) else self.none()
