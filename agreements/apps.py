from django.utils.translation import gettext_lazy as _

from trygghet.apps import ProjectAppConfig


class AgreementsConfig(ProjectAppConfig):
    name = "agreements"
    verbose_name = _("Samverkansöverenskommelser")
