"""Who a request is, kept: the user with the membership and organisation every page and API
call asks about, held in the shared cache so that a request need not ask the database.

What is kept are the columns of the user (never its password hash, which a rebuilt user
leaves deferred: read from the database if asked for, never written back by a save), of its
membership and organisation. The API's token authentication keeps them under a hash of the
key (`trygghet.api.authentication`); a logged-in session under a hash of the session's key, with
the session's hash that Django verified against the password, from the login on
(`session_user`), where the session's own read from the cache finds it (`trygghet.sessions`).

Every kept answer carries the generation it was read under. Saving or deleting any token, user,
membership or organisation starts a new generation, at once and again when the change is
committed, so that no answer read before the commit outlives it: a revoked token, a closed
account, a changed password or role counts from the next request, in every web process sharing
the cache. A change made without a save (an `update()` of memberships or organisations counts
as one, `trygghet.querysets.rows_updated`; a user's `update()`, raw SQL or a program without the
shared cache do not), or while the cache is out of reach, may be outlived by a kept answer for
at most `CACHE_SECONDS`; `new_generation()` makes it count at once. A kept row is never written
back as it was kept: saving it writes what the request changed over what the database holds
(`_saving_kept`). What is kept is read back only by code that knows the same columns: a
deploy that changes them starts afresh (`_schema`).
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.crypto import constant_time_compare

from . import options

CACHE_SECONDS = 60
GENERATION = "members:generation"


def generation():
    """The current generation, started if the cache holds none (a fresh server)."""
    current = cache.get(GENERATION)
    if current is None:
        cache.add(GENERATION, uuid.uuid4().hex, None)
        current = cache.get(GENERATION)
    return current


@functools.cache
def _schema() -> str:
    """The kept models' columns: rows kept by code that knew others (a deploy with a migration)
    are not read back as these."""
    from trygghet.models import Membership, Organisation

    names = [f"{model._meta.label_lower}:{f.attname}"
             for model in (get_user_model(), Membership, Organisation)
             for f in model._meta.concrete_fields]
    return hashlib.sha256(" ".join(names).encode()).hexdigest()[:12]


def _cache_key(slot):
    return f"{slot}:{_schema()}"


def kept(slot, read=None):
    """What is kept under `slot` if it was read under the current generation, else None; and
    the generation (None while the cache is out of reach). `read`: what the request read from
    the cache already (`session_keys`), if it holds both."""
    slot = _cache_key(slot)
    if read is not None and slot in read and GENERATION in read:
        found = read
    else:
        found = options.get_many_with_versions([slot, GENERATION])
    current, value = found.get(GENERATION), found.get(slot)
    if value is not None and current is not None and value[0] == current:
        return value[1:], current
    return None, current


def keep(slot, read_under, *values):
    """Keep `values` under `slot`, as read under the generation `read_under` (read before the
    rows were, so that a change made meanwhile makes them stale at once)."""
    if read_under is not None:
        cache.set(_cache_key(slot), (read_under, *values), CACHE_SECONDS)


def _columns(instance, skip=()):
    names = [f.attname for f in instance._meta.concrete_fields if f.attname not in skip]
    return names, [getattr(instance, name) for name in names]


def _from_kept(model, names, values):
    """A row as kept, noting its kept columns for `_saving_kept`."""
    instance = model.from_db(DEFAULT_DB_ALIAS, names, values)
    instance._kept_columns = dict(zip(names, values))
    return instance


def rows(user) -> dict:
    """The user's, membership's and organisation's columns as plain values: no password hash,
    nothing but what a request asks of them."""
    from trygghet.permissions import membership_of

    membership = membership_of(user)
    return {"user": _columns(user, skip={"password"}),
            "membership": _columns(membership) if membership else None,
            "organisation": _columns(membership.organisation) if membership else None}


def rebuilt(rows):
    """The user with its membership and organisation, as a query with select_related loads
    them; the password hash left deferred (loaded if asked for, and never written back by a
    save)."""
    from trygghet.models import Membership, Organisation

    model = get_user_model()
    user = _from_kept(model, *rows["user"])
    relation = model.membership.related
    if rows["membership"] is None:
        relation.set_cached_value(user, None)
        return user
    membership = _from_kept(Membership, *rows["membership"])
    organisation = _from_kept(Organisation, *rows["organisation"])
    Membership.organisation.field.set_cached_value(membership, organisation)
    relation.set_cached_value(user, membership)
    relation.field.set_cached_value(membership, user)
    return user


@functools.cache
def _key_id() -> str:
    """Which secret key the kept sessions' hashes were made with: a new key starts afresh."""
    return hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest()[:16]


def _session_slot(session_key) -> str:
    """Where a session's member is kept: under a hash of the session's key, so that the
    session's own read from the cache can bring it along (`session_keys`)."""
    digest = hashlib.sha256(f"{_key_id()}:{session_key}".encode()).hexdigest()
    return f"members:session:{digest}"


def session_keys(session_key) -> list[str]:
    """What a session's first read from the cache reads with it (`trygghet.sessions`): its
    kept member and the generation, which `session_user` asks for next."""
    return [_cache_key(_session_slot(session_key)), GENERATION]


def session_user(request):
    """The logged-in user of the request's session, as `django.contrib.auth.get_user` answers
    (which checks the session's hash against one made from the password), kept: a session
    whose user, backend and hash are the ones verified under the current generation gets the
    kept user without a query. Anything else goes through Django's check, and a user it
    accepts is kept with the hash it verified. A logged-in user carries the generation its
    rows were read under as `member_generation` (what is made from them may be kept by it:
    `trygghet.parts`)."""
    session = request.session
    try:
        user_id = session[auth.SESSION_KEY]
        backend = session[auth.BACKEND_SESSION_KEY]
        session_hash = session[auth.HASH_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    slot = _session_slot(session.session_key)
    # What the session's read brought along, used once (trygghet.sessions).
    read, session.read_along = getattr(session, "read_along", None), None
    found, read_under = kept(slot, read=read)
    if found is not None:
        kept_user, kept_backend, kept_hash, user_rows = found
        if (user_id == kept_user and backend == kept_backend
                and constant_time_compare(session_hash, kept_hash)):
            user = rebuilt(user_rows)
            user.member_generation = read_under
            return user
    read_under = read_under or generation()  # before the rows are read, as said above
    user = auth.get_user(request)
    if user.is_authenticated:
        # Django may have renewed the hash (a rotated secret); keep the one the session holds.
        keep(slot, read_under, user_id, backend, session.get(auth.HASH_SESSION_KEY), rows(user))
        user.member_generation = read_under
    return user


def _logged_in(sender, request, user, **kwargs):
    """A member who just logged in is kept with the session's hash, so that the first page
    asks nothing either. The user is read again (one query per login) after the generation,
    so that a change made while the login was under way is not kept."""
    session = getattr(request, "session", None)
    # A login over another member's session has no key until the response saves it.
    if session is None or auth.HASH_SESSION_KEY not in session or not session.session_key:
        return
    read_under = generation()
    model = get_user_model()
    fresh = model._default_manager.select_related("membership__organisation").filter(
        pk=user.pk).first()
    if fresh is None or not fresh.is_active or not constant_time_compare(
            session[auth.HASH_SESSION_KEY], fresh.get_session_auth_hash()):
        return
    keep(_session_slot(session.session_key), read_under, session[auth.SESSION_KEY],
         session[auth.BACKEND_SESSION_KEY], session[auth.HASH_SESSION_KEY], rows(fresh))


def new_generation() -> None:
    """Forget every kept answer: now, and again once the change is committed."""
    cache.set(GENERATION, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(GENERATION, uuid.uuid4().hex, None))


def _changed(sender, update_fields=None, **kwargs):
    # A login's own note of when it happened changes nothing a request is answered by.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    new_generation()


def _saving_kept(sender, instance, update_fields=None, **kwargs):
    """A kept user, membership or organisation about to be saved (the password page saves the
    request's user): the columns the request left as they were kept are saved as the database
    holds them now, not as kept, which may be up to CACHE_SECONDS older (a deactivation made
    by an `update()` would otherwise be undone by the user's next password change)."""
    kept_columns = instance.__dict__.pop("_kept_columns", None)
    if kept_columns is None or instance.pk is None:
        return
    fields = {f.attname: f for f in sender._meta.concrete_fields}
    names = [name for name in kept_columns if name in fields and not fields[name].primary_key
             and (update_fields is None or fields[name].name in update_fields
                  or name in update_fields)]
    left = [name for name in names if getattr(instance, name) == kept_columns[name]]
    if not left:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values(*left).first()
    for name, value in (stored or {}).items():
        setattr(instance, name, value)


def connect():
    from rest_framework.authtoken.models import Token

    from trygghet.models import Membership, Organisation
    from trygghet.querysets import rows_updated

    for model in (Token, get_user_model(), Membership, Organisation):
        uid = f"trygghet.members.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete", weak=False)
        if model is not Token:  # the kept ones (a token is kept as its creation time)
            pre_save.connect(_saving_kept, sender=model, dispatch_uid=uid + ".kept", weak=False)
            # Memberships' and organisations' querysets tell of their update()s; a user's not.
            rows_updated.connect(_changed, sender=model, dispatch_uid=uid + ".update",
                                 weak=False)
    user_logged_in.connect(_logged_in, dispatch_uid="trygghet.members.logged_in", weak=False)
