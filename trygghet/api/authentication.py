"""Token authentication that brings the member's organisation along, and remembers it.

A partner's system sends many requests with one token, and each asked the database for the
token, its user, the membership and the organisation (who may see what) before anything else.
They are kept in the shared cache for `CACHE_SECONDS`, under a hash of the key (the key itself
is never stored), and forgotten as soon as the token, the user, the membership or the
organisation is saved or deleted (`connect()`), for every web process sharing the cache: a
revoked token or a closed account is refused at once. Without a shared cache (the demo's one
process) the same holds within the process. Should the cache be out of reach while a token is
revoked, its answer may outlive the revocation by at most `CACHE_SECONDS`.
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import post_save, pre_delete
from rest_framework import authentication
from rest_framework.authtoken.models import Token

CACHE_SECONDS = 60


def _slot(key: str) -> str:
    return "api-token:" + hashlib.sha256(key.encode()).hexdigest()


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's membership and organisation in the same
    query as the token, and keeping the answer in the cache (above)."""

    def authenticate_credentials(self, key):
        slot = _slot(key)
        known = cache.get(slot)
        if known is not None:
            return known
        model = self.get_model()
        queryset = model.objects.select_related("user__membership__organisation")
        try:
            token = queryset.get(key=key)
        except model.DoesNotExist:
            return super().authenticate_credentials(key)  # its 401, in its words
        if not token.user.is_active:
            return super().authenticate_credentials(key)
        cache.set(slot, (token.user, token), CACHE_SECONDS)
        return (token.user, token)


def forget(keys) -> None:
    """Drop these tokens' cached answers."""
    slots = [_slot(key) for key in keys]
    if slots:
        cache.delete_many(slots)


def _token_changed(sender, instance, **kwargs):
    forget([instance.key])


def _user_changed(sender, instance, **kwargs):
    forget(Token.objects.filter(user_id=instance.pk).values_list("key", flat=True))


def _membership_changed(sender, instance, **kwargs):
    forget(Token.objects.filter(user_id=instance.user_id).values_list("key", flat=True))


def _organisation_changed(sender, instance, **kwargs):
    forget(Token.objects.filter(user__membership__organisation_id=instance.pk)
           .values_list("key", flat=True))


def connect():
    from trygghet.models import Membership, Organisation

    for model, receiver in ((Token, _token_changed), (get_user_model(), _user_changed),
                            (Membership, _membership_changed),
                            (Organisation, _organisation_changed)):
        uid = f"trygghet.api.authentication.{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid + ".save", weak=False)
        # Before the delete: the rows that lead to the tokens are still there to be read.
        pre_delete.connect(receiver, sender=model, dispatch_uid=uid + ".delete", weak=False)
