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
