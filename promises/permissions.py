"""Who may do what with medborgarlöften and dialogues. Rows a user may see are decided in
querysets.py; the public sees only what querysets.py calls public."""

from django.utils.translation import gettext_lazy as _

from trygghet import permissions as roles

NOT_COORDINATOR = _("Bara samordnare kan ändra medborgarlöften, åtaganden, uppföljningar och "
                    "dialoger.")


def can_manage(user):
    """Draft, adopt and follow up promises, record dialogues and log a walk's findings: the
    coordinator's work. Every member reads."""
    return roles.is_coordinator(user)
