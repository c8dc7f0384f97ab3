"""The options of select lists that every list page shows (categories, areas, organisations):
kept in the shared cache, and cleared whenever a row of their table is saved or deleted.

Rendering a filter form's select lists from the database was a query and a model instance
per option on every page, about a fifth of a filtered list page. The lists change when an
administrator adds a category or an area, seldom, and then `post_save`/`post_delete` clear
them for every web process sharing the cache (Redis). Without a shared cache each process
keeps its own copy, at most `TIMEOUT` seconds old after a change made in another process.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

TIMEOUT = 300
_watched = set()


def _key(model):
    return f"options:{model._meta.label_lower}"


def choices(name, queryset, label=str):
    """[(pk, label), ...] for `queryset`, which must be the same for every user; `name` tells
    apart the lists kept for one model (all areas, the named ones)."""
    model = queryset.model
    watch(model)
    stored = cache.get(_key(model)) or {}
    if name not in stored:
        stored = {**stored, name: [(row.pk, label(row)) for row in queryset]}
        cache.set(_key(model), stored, TIMEOUT)
    return stored[name]


def clear(model):
    cache.delete(_key(model))


def _changed(sender, **kwargs):
    clear(sender)


def watch(model):
    """Clear the model's lists whenever one of its rows is saved or deleted."""
    if model in _watched:
        return
    _watched.add(model)
    uid = f"trygghet.options.{model._meta.label_lower}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save", weak=False)
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete", weak=False)


def clear_all():
    """Clear every model's lists (tests, whose rows roll back unseen)."""
    from django.apps import apps

    cache.delete_many([_key(model) for model in apps.get_models()])
