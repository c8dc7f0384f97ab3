"""Who may do what with an observation. Rows a user may see are decided in querysets.py."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from trygghet import permissions as roles
from trygghet.models import Membership

LOGGING_ROLES = {
    Membership.Role.REPORTER, Membership.Role.COORDINATOR, Membership.Role.ADMINISTRATOR,
}


def can_log(user):
    return roles.role_of(user) in LOGGING_ROLES


def can_edit(user, observation):
    """Reporters may correct their own observation for a while after logging it."""
    if not user.is_authenticated or observation.reporter_id != user.pk:
        return False
    deadline = observation.logged_at + timedelta(hours=settings.OBSERVATION_EDIT_HOURS)
    return timezone.now() < deadline and not observation.text_erased_at


def can_change_status(user):
    return roles.is_coordinator(user)


def can_comment(user):
    return roles.is_coordinator(user)


def can_mark_restricted(user):
    return can_log(user)


def can_manage_reports(user):
    """Compile, annotate and publish lägesbilder: the coordinator's work."""
    return roles.is_coordinator(user)
