from dataclasses import dataclass
from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The admin modules of Django and DRF that the site uses; the project's apps' admin modules
# are found by the registry. (SimpleAdminConfig: django-leaflet's admin module needs GeoDjango.)
THIRD_PARTY_ADMIN = ["django.contrib.auth.admin", "rest_framework.authtoken.admin"]


@dataclass(frozen=True)
class MenuItem:
    """A link in the main navigation: its label, its URL name, the URL names (namespaced)
    for which it is the current page, and who sees it (a function of the user, or everyone
    logged in)."""

    label: str
    url_name: str
    current_for: tuple[str, ...] = ()
    visible: object = None


class ProjectAppConfig(AppConfig):
    """An app of this project. `url_prefix` mounts its urls.py; `public_url_prefix` mounts its
    public_urls.py (pages for citizens, outside the app's own prefix: every view there must be
    a trygghet.public.public_page); `menu` adds to the main navigation; its api/urls.py,
    admin.py and demo.py are found by convention."""

    url_prefix: str | None = None
    public_url_prefix: str | None = None
    menu: tuple[MenuItem, ...] = ()


class TrygghetConfig(ProjectAppConfig):
    name = "trygghet"
    verbose_name = _("Organisationer och områden")

    def ready(self):
        from . import members, options, signals, sqlite
        from .models import Area, Organisation
        from .registry import app_modules

        signals.connect()
        members.connect()
        sqlite.connect()
        # As observations watches its categories (its AppConfig.ready).
        options.watch(Area)
        options.watch(Organisation)
        for module in THIRD_PARTY_ADMIN:
            import_module(module)
        list(app_modules("admin"))
