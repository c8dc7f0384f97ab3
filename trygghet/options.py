"""The options of select lists that every list page shows (categories, areas, organisations):
kept in the shared cache, and cleared whenever a row of their table is saved, deleted or
updated.

Rendering a filter form's select lists from the database was a query and a model instance
per option on every page, about a fifth of a filtered list page. The lists change when an
administrator adds a category or an area, seldom, and then `post_save`/`post_delete` (and
`trygghet.querysets.rows_updated`) clear
them for every web process sharing the cache (Redis). Without a shared cache each process
keeps its own copy, at most `TIMEOUT` seconds old after a change made in another process.

The same tables are looked up by every observation logged (its category, the area its point
lies in): `local()` keeps such a lookup in the process, checked against a version of the
table kept in the shared cache, which the same signals change.
"""

import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from trygghet.querysets import rows_updated

TIMEOUT = 300
FRAGMENTS = 256  # rendered pieces kept per process (filter panels: one per filter in use)
_watched = set()
_local = {}
# The versions read during the request this thread is serving (None outside a request).
_request = threading.local()


def _key(model):
    return f"options:{model._meta.label_lower}"


def choices(name, queryset, label=str):
    """[(pk, label), ...] for `queryset`, which must be the same for every user; `name` tells
    apart the lists kept for one model (all areas, the named ones)."""
    model = queryset.model
    watch(model)
    stored = cache.get(_key(model)) or {}
    if name not in stored:
        stored = {**stored, name: [(row.pk, label(row)) for row in queryset.all()]}
        cache.set(_key(model), stored, TIMEOUT)
    return stored[name]


def local(model, name, build):
    """`build()`, a value made from `model`'s rows (every category by id, the areas' locator),
    made again only when a row of the table has been saved, deleted or updated since, by any
    process sharing the cache (or after TIMEOUT seconds, where none is shared or it is out of
    reach): one cache read instead of the queries `build` runs. The value is shared by the
    process's requests: read it, do not change it."""
    version, value = _kept(model, name)
    if value is None:
        value = build()
        if not connection.in_atomic_block:
            # Rows read inside a transaction may be its own, not yet committed (or never).
            _local[(model, name)] = (version, time.monotonic(), value)
    return value


def held(model, name):
    """What `local` keeps for `model` and `name` if it is still current, else None (for a
    caller that would rather ask the database than build the value inside a transaction)."""
    return _kept(model, name)[1]


def _kept(model, name):
    (version,) = versions([model])
    kept = _local.get((model, name))
    if kept is not None and kept[0] == version and time.monotonic() - kept[1] < TIMEOUT:
        return version, kept[2]
    return version, None


def versions(models):
    """The version of each model's rows: it changes whenever a row is saved, deleted or
    updated (by any process sharing the cache). Within a request every watched table's
    version is read at the first ask, in one cache read, and kept until the request ends or
    this process changes a table (logging an observation asks for its category and for the
    areas)."""
    for model in models:
        watch(model)
    keys = [_version_key(model) for model in models]
    during_request = getattr(_request, "versions", None)
    if during_request is not None and all(key in during_request for key in keys):
        return tuple(during_request[key] for key in keys)
    asked = sorted({*keys, *(_version_key(model) for model in _watched)})
    found = cache.get_many(asked)
    for key in asked:
        if found.get(key) is None:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    if during_request is not None:
        during_request.update(found)
    return tuple(found[key] for key in keys)


def get_many_with_versions(keys) -> dict:
    """`cache.get_many(keys)`, reading this request's table versions in the same cache read
    when none are read yet: every request first asks who it is (`trygghet.members`) and soon
    after for a version (a filter form, a logged observation), and one round trip to the
    cache is then enough for both."""
    during_request = getattr(_request, "versions", None)
    if during_request is None or during_request:
        return cache.get_many(keys)
    asked = {_version_key(model) for model in _watched} - set(keys)
    found = cache.get_many([*keys, *asked])
    # A version the cache does not hold is started by versions() at its first ask.
    during_request.update({key: found.pop(key) for key in asked if found.get(key) is not None})
    return found


def _request_began(**kwargs):
    _request.versions = {}


def _request_ended(**kwargs):
    _request.versions = None


request_started.connect(_request_began, dispatch_uid="trygghet.options.request_started")
request_finished.connect(_request_ended, dispatch_uid="trygghet.options.request_finished")


class Fragments:
    """Rendered pieces of pages kept in the process: the last `size` keys, each for at most
    `timeout` seconds. Nothing built inside a transaction is kept (it may show rows that are
    rolled back). Threaded servers share a store."""

    stores = []  # every store, for clear_all

    def __init__(self, size, timeout):
        self.size, self.timeout = size, timeout
        self._kept = OrderedDict()
        self._lock = threading.Lock()
        Fragments.stores.append(self)

    def get(self, key, build):
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and time.monotonic() - kept[0] < self.timeout:
                self._kept.move_to_end(key)
                return kept[1]
        value = build()
        if not connection.in_atomic_block:
            with self._lock:
                self._kept[key] = (time.monotonic(), value)
                self._kept.move_to_end(key)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._kept.clear()


_fragments = Fragments(FRAGMENTS, TIMEOUT)


def fragment(models, key, build):
    """`build()`, a rendered piece of a page that depends only on `key` and on the rows of
    `models` (a filter panel: its filter, the language and the select lists' options), kept
    in the process as `local` keeps a value: built again once a row of one of the tables
    changes, or after TIMEOUT seconds. The last FRAGMENTS keys are kept."""
    return _fragments.get((key, versions(models)), build)


def by_pk(model):
    """Every row of a small table by id (categories, areas), kept as `local` keeps it."""
    return local(model, "by-pk", lambda: {row.pk: row for row in model._default_manager.all()})


def names(model, ids, field="name") -> dict:
    """{pk: name} of a small table's rows (categories, areas, organisations), kept as `local`
    keeps a value, so that a list shows the names of its rows' category and area without a
    join per row. Holds at least `ids`: a row made so recently that the kept names lack it
    (another process made it, and this one has not yet seen the new version) is read."""
    kept = local(model, f"names:{field}",
                 lambda: dict(model._default_manager.values_list("pk", field)))
    missing = {pk for pk in ids if pk is not None and pk not in kept}
    if not missing:
        return kept
    return {**kept, **dict(model._default_manager.filter(pk__in=missing).values_list("pk", field))}


def _version_key(model):
    return f"options:version:{model._meta.label_lower}"


def clear(model):
    cache.delete_many([_key(model), _version_key(model)])
    if getattr(_request, "versions", None) is not None:
        _request.versions = {}


def _changed(sender, **kwargs):
    clear(sender)
    # Again once committed: another process may have read the rows as they were meanwhile.
    transaction.on_commit(lambda: clear(sender))


def watch(model):
    """Clear the model's lists whenever one of its rows is saved, deleted or updated by a
    queryset (`trygghet.querysets.rows_updated`)."""
    if model in _watched:
        return
    _watched.add(model)
    uid = f"trygghet.options.{model._meta.label_lower}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save", weak=False)
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete", weak=False)
    rows_updated.connect(_changed, sender=model, dispatch_uid=uid + ".update", weak=False)


def clear_all():
    """Clear every model's lists (tests, whose rows roll back unseen)."""
    from django.apps import apps

    cache.delete_many([key for model in apps.get_models()
                       for key in (_key(model), _version_key(model))])
    _local.clear()
    for store in Fragments.stores:
        store.clear()
