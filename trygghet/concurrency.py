"""Refusing changes made from a stale view.

A model that can be changed by two people at once carries a `revision` that every change
raises. A form (or an API client) sends back the revision it showed; a service calls
`ensure_current` while it holds the row's lock, and a mismatch is refused with what changed
meanwhile, taken from the audit trail, instead of silently overwriting a colleague's work.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .errors import DomainError, StaleEdit
from .models import AuditEntry


def ensure_current(instance, seen_revision, shown=None) -> None:
    """Raise StaleEdit when the locked `instance` has moved on from `seen_revision` (None
    means the caller did not say, and is let through). `shown` takes what changed meanwhile
    and gives what the one refused may be told of it (a row of another app's they may not
    see is left out: `observations.services.changes_shown_to`)."""
    if seen_revision is None or seen_revision == "":
        return
    try:
        seen = int(seen_revision)
    except (TypeError, ValueError):
        seen = -1
    if seen == instance.revision:
        return
    if seen > instance.revision:
        # No one has saved that revision: not a stale view, a wrong one.
        raise DomainError(_("Den versionen finns inte. Läs på nytt och försök igen."),
                          field="revision")
    from django.contrib.contenttypes.models import ContentType

    # With the user joined (a user removed meanwhile, which an entry does not hold back,
    # reads as none, and its kept name is shown).
    latest = (AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk))
        .select_related("actor").order_by("-at", "-id").first())
    if latest is None:
        raise StaleEdit(_("Någon annan har ändrat detta sedan du öppnade sidan. Det du skrev "
                          "finns kvar; se hur det ser ut nu och spara igen."))
    when = formats.date_format(timezone.localtime(latest.at), "Y-m-d H:i")
    who = (latest.actor.get_full_name() if latest.actor else "") or latest.actor_name
    raise StaleEdit(
        _("%(who)s ändrade detta %(when)s, efter att du öppnade sidan. Det du skrev finns kvar; "
          "se hur det ser ut nu och spara igen om du fortfarande vill.")
        % {"who": who, "when": when},
        who=who, when=latest.at,
        changes=latest.changes if shown is None else shown(latest.changes),
    )


def bump(instance) -> None:
    """Raise the revision of a locked row that is about to be saved."""
    instance.revision += 1
