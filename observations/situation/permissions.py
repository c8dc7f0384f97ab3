"""Who may do what with lägesbilder. Rows a user may see are decided in querysets.py."""

from django.utils.translation import gettext_lazy as _

from trygghet import permissions as roles

NOT_COORDINATOR = _("Bara samordnare kan sammanställa, analysera och publicera lägesbilder.")


def can_manage_reports(user):
    """Compile, annotate, publish and correct lägesbilder: the coordinator's work."""
    return roles.is_coordinator(user)
