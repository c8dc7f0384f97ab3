from django.utils.translation import gettext_lazy as _

from trygghet.apps import MenuItem, ProjectAppConfig


class PromisesConfig(ProjectAppConfig):
    """Medborgarlöften, their commitments counted from the insatser, follow-ups, dialogues,
    and the public pages at /medborgarloften/. What the agreement's pages and yearly report
    show of them is registered with the agreements app here (see extensions.py)."""

    name = "promises"
    verbose_name = _("Medborgarlöften")
    url_prefix = "medborgarloften/"
    menu = (MenuItem(_("Medborgarlöften"), "promises:promise-list", (
        "promises:promise-detail", "promises:promise-create", "promises:promise-edit",
        "promises:commitment-detail", "promises:commitment-create", "promises:commitment-edit",
        "promises:dialogue-list", "promises:dialogue-detail", "promises:dialogue-create",
        "promises:dialogue-edit")),)

    def ready(self):
        from . import extensions

        extensions.register()
