"""Roles, interpreted in one place. Each app's permissions.py builds on these."""

from .models import Membership, Organisation

# Organisations whose members may see restricted rows (observations marked begränsad).
TRUSTED_KINDS = {Organisation.Kind.KOMMUN, Organisation.Kind.POLIS}


def membership_of(user):
    if not user or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user):
    membership = membership_of(user)
    return membership.role if membership else None


def organisation_of(user):
    membership = membership_of(user)
    return membership.organisation if membership else None


def is_administrator(user):
    return bool(user and user.is_authenticated and (
        user.is_superuser or role_of(user) == Membership.Role.ADMINISTRATOR))


def is_coordinator(user):
    """Coordinators run the EST cycle; administrators may do what they do."""
    return is_administrator(user) or role_of(user) == Membership.Role.COORDINATOR


def is_trusted(user):
    """Members of municipal and police organisations: they may see restricted rows."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    organisation = organisation_of(user)
    return organisation is not None and organisation.kind in TRUSTED_KINDS
