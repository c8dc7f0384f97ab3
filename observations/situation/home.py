"""The lägesbild's panel on the start page: the latest published one (and for coordinators,
a newer draft waiting to be published)."""

from django.utils.translation import gettext as _

from trygghet import permissions as roles
from trygghet.choices import Role
from trygghet.home import LEAD, LOW, MIDDLE, Panel

from . import permissions
from .models import SituationReport

ORDER = {Role.READER: LEAD, Role.COMMITTEE_STAFF: LEAD, Role.REPORTER: LOW}


def panels(request) -> list[Panel]:
    user = request.user
    reports = SituationReport.objects.visible_to(user)
    published = reports.published().order_by("-iso_year", "-iso_week", "-version").first()
    draft = None
    if permissions.can_manage_reports(user):
        draft = (reports.filter(published_at__isnull=True).defer("data")
                 .order_by("-iso_year", "-iso_week", "-version").first())
        if draft and published and (draft.iso_year, draft.iso_week) < (
                published.iso_year, published.iso_week):
            draft = None
    if published is None and draft is None:
        return []
    return [Panel("lagesbild", _("Senaste lägesbilden"), "situation/home_report.html",
                  order=ORDER.get(roles.role_of(user), MIDDLE),
                  data={"report": published,
                        "figures": published.data_for(user) if published else None,
                        "draft": draft})]
