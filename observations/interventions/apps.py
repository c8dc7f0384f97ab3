from django.utils.translation import gettext_lazy as _

from trygghet.apps import MenuItem, ProjectAppConfig


class InterventionsConfig(ProjectAppConfig):
    """Insatser and the weekly EST meeting: what the partners decide to do, and its follow-up.
    It reads the log and the lägesbild, never the other way round: what the lägesbild and an
    observation's page show of it is registered with them here."""

    name = "observations.interventions"
    label = "interventions"
    verbose_name = _("Insatser")
    url_prefix = "insatser/"
    menu = (
        MenuItem(_("Insatser"), "interventions:intervention-list", (
            "interventions:intervention-detail", "interventions:intervention-edit",
            "interventions:intervention-create", "interventions:intervention-week",
            "interventions:quarter")),
        MenuItem(_("EST-möte"), "interventions:meeting-list", (
            "interventions:meeting-detail",)),
    )

    def ready(self):
        from . import extensions

        extensions.register()
