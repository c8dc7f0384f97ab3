from django.utils.translation import gettext_lazy as _

from trygghet.apps import ProjectAppConfig


class PromisesConfig(ProjectAppConfig):
    name = "promises"
    verbose_name = _("Medborgarlöften")
