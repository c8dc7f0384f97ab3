from django.utils.translation import gettext_lazy as _

from trygghet.apps import MenuItem, ProjectAppConfig


class ObservationsConfig(ProjectAppConfig):
    """The EST log: categories, observations, their history and read log."""

    name = "observations"
    verbose_name = _("EST-loggen")
    url_prefix = "observationer/"
    menu = (
        MenuItem(_("Observationer"), "observations:observation-list",
                 ("observations:observation-detail", "observations:observation-edit")),
        MenuItem(_("Karta"), "observations:observation-map"),
    )

    def ready(self):
        from trygghet import options

        from .models import Category

        # Kept lists and lookups of categories are dropped by any process that changes one,
        # whether or not it has shown a list yet (an administrator's worker, a shell).
        options.watch(Category)
