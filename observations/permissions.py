"""Who may do what with an observation. Rows a user may see are decided in querysets.py."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from trygghet import permissions as roles
from trygghet.choices import Role

LOGGING_ROLES = {Role.REPORTER, Role.COORDINATOR, Role.ADMINISTRATOR}


def can_log(user):
    return roles.role_of(user) in LOGGING_ROLES or roles.is_administrator(user)


def can_edit(user, observation):
    """Reporters may correct their own observation for a while after logging it."""
    if not user.is_authenticated or observation.reporter_id != user.pk:
        return False
    deadline = observation.logged_at + timedelta(hours=settings.OBSERVATION_EDIT_HOURS)
    return timezone.now() < deadline and not observation.text_erased_at


def can_handle(user):
    """Change status and comment: the coordinator's follow-up."""
    return roles.is_coordinator(user)
