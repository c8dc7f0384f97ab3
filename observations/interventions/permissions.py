"""Who may do what with insatser and EST meetings. Rows a user may see are decided in
querysets.py."""

from django.utils.translation import gettext_lazy as _

from trygghet import permissions as roles

NOT_COORDINATOR = _("Bara samordnare kan planera insatser och föra EST-mötets protokoll.")
NOT_OWNER = _("Bara insatsens ansvariga och samordnare kan ändra insatsen.")


def can_plan(user):
    """Create insatser, open the weekly meeting, record attendance, decisions and notes: the
    coordinator's work."""
    return roles.is_coordinator(user)


def can_edit(user, intervention):
    """The owner follows their own insats up; coordinators may change any."""
    return can_plan(user) or (user.is_authenticated and intervention.responsible_id == user.pk)


def can_subscribe(user):
    """Every member may choose what they get by e-mail."""
    return roles.membership_of(user) is not None
