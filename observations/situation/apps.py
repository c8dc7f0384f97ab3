from django.utils.translation import gettext_lazy as _

from trygghet.apps import MenuItem, ProjectAppConfig


class SituationConfig(ProjectAppConfig):
    """The weekly lägesbild: compile jobs, snapshots, analysis, publishing."""

    name = "observations.situation"
    label = "situation"
    verbose_name = _("Lägesbilder")
    url_prefix = "lagesbild/"
    menu = (MenuItem(_("Lägesbild"), "situation:report-list",
                     ("situation:report-detail", "situation:compilejob-detail")),)

    def ready(self):
        from . import compile  # noqa: F401  (declares the snapshot's parts)
