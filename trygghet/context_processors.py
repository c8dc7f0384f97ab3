from django.conf import settings

from . import permissions


def trygghet(request):
    user = getattr(request, "user", None)
    return {
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "current_membership": permissions.membership_of(user),
        "is_coordinator": permissions.is_coordinator(user),
    }
