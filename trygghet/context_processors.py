from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from . import municipality, permissions
from .registry import project_apps


def _menu(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    items = []
    for config in project_apps():
        for item in config.menu:
            if item.visible is not None and not item.visible(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url,
                          "current": current == item.url_name or current in item.current_for})
    return items


def trygghet(request):
    user = getattr(request, "user", None)
    return {
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "current_membership": SimpleLazyObject(lambda: permissions.membership_of(user)),
        "is_coordinator": SimpleLazyObject(lambda: permissions.is_coordinator(user)),
        "main_menu": SimpleLazyObject(lambda: _menu(request)),
        "municipality": SimpleLazyObject(municipality.current),
    }
