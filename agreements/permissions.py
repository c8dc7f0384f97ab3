"""Who may do what with agreements, their åtgärdsplan and yearly reports. Rows a user may see
are decided in querysets.py."""

from django.utils.translation import gettext_lazy as _

from trygghet import permissions as roles

NOT_COORDINATOR = _("Bara samordnare kan ändra överenskommelser, åtgärdsplaner och årliga "
                    "lägesbilder.")


def can_manage(user):
    """Write the agreement, its priority areas, indicators and åtgärdsplan; compile, analyse
    and publish the yearly report: the coordinator's work. Every member reads."""
    return roles.is_coordinator(user)
