"""How the core gathers what each app contributes (URLs, API routes, admin, menu, demo data)
without importing any app by name: by convention, from the modules each app has."""

from importlib import import_module

from django.apps import apps


def project_apps():
    """The project's own apps, in INSTALLED_APPS order (the core first)."""
    from .apps import ProjectAppConfig

    return [c for c in apps.get_app_configs() if isinstance(c, ProjectAppConfig)]


def app_modules(suffix: str):
    """(config, module) for each project app that has a module `<app>.<suffix>`."""
    for config in project_apps():
        name = f"{config.name}.{suffix}"
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            # Only the module itself missing means "this app has none"; a missing import
            # inside it is a real error.
            if error.name == name or name.startswith(f"{error.name}."):
                continue
            raise
        yield config, module
