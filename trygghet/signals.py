"""Reactions to changes Django makes to its own auth models, through its password change page,
its admin or `set_password()` in code. These are the one place where a change of state is not
started by a service of ours (CONTRIBUTING.md), so the reaction calls one."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save

from . import services


def remember_stored_credentials(sender, instance, update_fields=None, **kwargs):
    """Before a user is saved: the password hash and the active flag as they are stored."""
    instance._stored_credentials = None
    if instance.pk is None or (update_fields is not None
                               and not {"password", "is_active"} & set(update_fields)):
        return
    instance._stored_credentials = (
        sender._default_manager.filter(pk=instance.pk).values_list("password", "is_active").first())


def revoke_tokens_with_the_credentials(sender, instance, created, **kwargs):
    """A new password, a password taken away, or a deactivated account revokes the user's API
    tokens. A hash Django upgraded while checking the password is the same password: Django
    marks a new one in `_password` until the save is done (it calls the password validators'
    `password_changed` from there), and clears it before saving an upgraded hash."""
    stored = getattr(instance, "_stored_credentials", None)
    if created or stored is None:
        return
    stored_password, was_active = stored
    if was_active and not instance.is_active:
        reason = services.TokenRevocation.DEACTIVATED
    elif getattr(instance, "_password", None) is not None or (
            stored_password != instance.password and not instance.has_usable_password()):
        reason = services.TokenRevocation.PASSWORD_CHANGED
    else:
        return
    services.revoke_api_tokens(user=instance, reason=reason)


def connect():
    user_model = get_user_model()
    pre_save.connect(remember_stored_credentials, sender=user_model,
                     dispatch_uid="trygghet.remember_stored_credentials")
    post_save.connect(revoke_tokens_with_the_credentials, sender=user_model,
                      dispatch_uid="trygghet.revoke_tokens_with_the_credentials")
