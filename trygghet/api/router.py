"""The one API router. Each app lists its routes in `<app>/api/urls.py` as `routes`, tuples of
(prefix, viewset, basename); the core gathers them without importing any app by name."""

from rest_framework.routers import DefaultRouter

from ..registry import app_modules


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    for _config, module in app_modules("api.urls"):
        for prefix, viewset, basename in module.routes:
            router.register(prefix, viewset, basename=basename)
    return router
