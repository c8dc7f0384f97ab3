"""Token authentication that brings the member's organisation along, and remembers it.

A partner's system sends many requests with one token, and each asked the database for the
token, its user, the membership and the organisation (who may see what) before anything else.
The answer is kept in the shared cache for `CACHE_SECONDS` under a hash of the key: the columns
of the user (but its password hash, which a rebuilt user leaves deferred: read from the
database if asked for, never written back by a save), of its membership and organisation, and
the token's creation time; the key itself is not stored.

Every kept answer carries the generation it was read under. Saving or deleting any token, user,
membership or organisation starts a new generation, at once and again when the change is
committed, so that no answer read before the commit outlives it: a revoked token, a closed
account or a changed role counts from the next request, in every web process sharing the cache.
Should the cache be out of reach while such a change is made, a kept answer may outlive it by
at most `CACHE_SECONDS`.
"""

import hashlib
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from rest_framework import authentication
from rest_framework.authtoken.models import Token

CACHE_SECONDS = 60
GENERATION = "api-token:generation"


def _slot(key: str) -> str:
    return "api-token:" + hashlib.sha256(key.encode()).hexdigest()


def _generation():
    current = cache.get(GENERATION)
    if current is None:
        cache.add(GENERATION, uuid.uuid4().hex, None)
        current = cache.get(GENERATION)
    return current


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's membership and organisation in the same
    query as the token, and keeping the answer in the cache (above)."""

    def authenticate_credentials(self, key):
        slot = _slot(key)
        found = cache.get_many([slot, GENERATION])
        generation, kept = found.get(GENERATION), found.get(slot)
        if kept is not None and generation is not None and kept[0] == generation:
            _read_under, rows, created = kept
            user = _rebuilt(rows)
            token = Token(key=key, user=user, created=created)
            token._state.adding = False
            return (user, token)
        generation = generation or _generation()  # read before the rows, as said above
        model = self.get_model()
        queryset = model.objects.select_related("user__membership__organisation")
        try:
            token = queryset.get(key=key)
        except model.DoesNotExist:
            return super().authenticate_credentials(key)  # its 401, in its words
        if not token.user.is_active:
            return super().authenticate_credentials(key)
        if generation is not None:
            cache.set(slot, (generation, _rows(token.user), token.created), CACHE_SECONDS)
        return (token.user, token)


def _columns(instance, skip=()):
    names = [f.attname for f in instance._meta.concrete_fields if f.attname not in skip]
    return names, [getattr(instance, name) for name in names]


def _rows(user) -> dict:
    """The user's, membership's and organisation's columns as plain values: no password hash,
    no token, nothing but what a request asks of them."""
    from trygghet.permissions import membership_of

    membership = membership_of(user)
    return {"user": _columns(user, skip={"password"}),
            "membership": _columns(membership) if membership else None,
            "organisation": _columns(membership.organisation) if membership else None}


def _rebuilt(rows):
    """The user with its membership and organisation, as the token's query loads them; the
    password hash left deferred (loaded if asked for, and never written back by a save)."""
    from trygghet.models import Membership, Organisation

    model = get_user_model()
    user = model.from_db(DEFAULT_DB_ALIAS, *rows["user"])
    relation = model.membership.related
    if rows["membership"] is None:
        relation.set_cached_value(user, None)
        return user
    membership = Membership.from_db(DEFAULT_DB_ALIAS, *rows["membership"])
    organisation = Organisation.from_db(DEFAULT_DB_ALIAS, *rows["organisation"])
    Membership.organisation.field.set_cached_value(membership, organisation)
    relation.set_cached_value(user, membership)
    relation.field.set_cached_value(membership, user)
    return user


def new_generation() -> None:
    """Forget every kept answer: now, and again once the change is committed."""
    cache.set(GENERATION, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(GENERATION, uuid.uuid4().hex, None))


def _changed(sender, **kwargs):
    new_generation()


def connect():
    from trygghet.models import Membership, Organisation

    for model in (Token, get_user_model(), Membership, Organisation):
        uid = f"trygghet.api.authentication.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete", weak=False)
