"""Roles, interpreted in one place. Each app's permissions.py builds on these."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist

from .choices import OrganisationKind, Role

# Organisations whose members may see restricted rows (observations marked begränsad).
TRUSTED_KINDS = {OrganisationKind.KOMMUN, OrganisationKind.POLIS}


def membership_of(user):
    """The user's membership, or None for anonymous users and users without one. Cached on
    the user object, so a request loads it (with its organisation) at most once."""
    if not user or not user.is_authenticated:
        return None
    relation = get_user_model().membership.related
    if not relation.is_cached(user):
        from .models import Membership

        # One query for the membership and its organisation, which nearly every caller reads.
        membership = Membership.objects.select_related("organisation").filter(user=user).first()
        relation.set_cached_value(user, membership)
        if membership is not None:
            relation.field.set_cached_value(membership, user)
    try:
        return user.membership
    except ObjectDoesNotExist:
        return None


def role_of(user):
    membership = membership_of(user)
    return membership.role if membership else None


def organisation_of(user):
    membership = membership_of(user)
    return membership.organisation if membership else None


def is_administrator(user):
    return bool(user and user.is_authenticated and user.is_active and (
        user.is_superuser or role_of(user) == Role.ADMINISTRATOR))


def is_coordinator(user):
    """Coordinators run the EST cycle; administrators may do what they do."""
    return is_administrator(user) or role_of(user) == Role.COORDINATOR


def is_committee_staff(user):
    return is_administrator(user) or role_of(user) == Role.COMMITTEE_STAFF


def is_trusted(user):
    """Members of municipal and police organisations: they may see restricted rows."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.kind in TRUSTED_KINDS
