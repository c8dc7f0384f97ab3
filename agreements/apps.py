from django.utils.translation import gettext_lazy as _

from trygghet.apps import MenuItem, ProjectAppConfig


class AgreementsConfig(ProjectAppConfig):
    """The samverkansöverenskommelse, its priority areas, indicators and åtgärdsplan, and the
    yearly lägesbild of lag 2023:196. Higher apps (the medborgarlöften) add to its pages and
    its yearly report through the places it offers (see extensions.py)."""

    name = "agreements"
    verbose_name = _("Samverkansöverenskommelser")
    url_prefix = "overenskommelser/"
    menu = (MenuItem(_("Överenskommelse"), "agreements:agreement-list", (
        "agreements:agreement-detail", "agreements:agreement-create",
        "agreements:agreement-edit", "agreements:priority-area-create",
        "agreements:priority-area-edit", "agreements:indicator-detail",
        "agreements:indicator-create", "agreements:indicator-edit",
        "agreements:measure-detail", "agreements:measure-create", "agreements:measure-edit",
        "agreements:report-detail", "agreements:reportjob-detail")),)

    def ready(self):
        from . import compile  # noqa: F401  (declares the yearly report's parts)
