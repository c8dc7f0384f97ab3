from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

ADMIN_MODULES = [
    "django.contrib.auth.admin",
    "rest_framework.authtoken.admin",
    "trygghet.admin",
    "observations.admin",
    "promises.admin",
    "agreements.admin",
    "meetings.admin",
]


class TrygghetConfig(AppConfig):
    name = "trygghet"
    verbose_name = _("Organisationer och områden")

    def ready(self):
        for module in ADMIN_MODULES:
            try:
                import_module(module)
            except ModuleNotFoundError as error:
                if error.name != module:
                    raise
