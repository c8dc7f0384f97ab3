from django.utils.translation import gettext_lazy as _

from trygghet.apps import ProjectAppConfig


class InterventionsConfig(ProjectAppConfig):
    """Insatser and the weekly EST meeting: what the partners decide to do, and its follow-up.
    A room ready for them; it reads the log and the lägesbild, never the other way round."""

    name = "observations.interventions"
    label = "interventions"
    verbose_name = _("Insatser")
