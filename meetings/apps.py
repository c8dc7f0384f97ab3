from django.utils.translation import gettext_lazy as _

from trygghet.apps import ProjectAppConfig


class MeetingsConfig(ProjectAppConfig):
    name = "meetings"
    verbose_name = _("Trygghetsutskottet")
