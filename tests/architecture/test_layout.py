"""The layout holds: dependencies run one way, every API viewset starts from visible_to, every
model answers who may see its rows."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from trygghet.api.router import build_router
from trygghet.api.viewsets import BaseViewSet
from trygghet.querysets import VisibleQuerySet
from trygghet.registry import project_apps

ROOT = Path(__file__).resolve().parents[2]

# What each app may import from the project: the layers of the README, one way.
MAY_IMPORT = {
    "trygghet": set(),
    "observations": {"trygghet"},
    "observations.situation": {"trygghet", "observations"},
    "observations.interventions": {"trygghet", "observations", "observations.situation"},
    "agreements": {"trygghet", "observations", "observations.situation",
                   "observations.interventions"},
    "promises": {"trygghet", "observations", "observations.situation",
                 "observations.interventions", "agreements"},
    "meetings": {"trygghet", "observations", "observations.situation",
                 "observations.interventions", "agreements", "promises"},
}


def owner(module: str) -> str | None:
    """The project app a dotted module belongs to (the longest app name that prefixes it)."""
    matches = [app for app in MAY_IMPORT if module == app or module.startswith(app + ".")]
    return max(matches, key=len) if matches else None


def imports_of(path: Path, module: str):
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module
            yield node.lineno, name


def project_modules():
    for app in MAY_IMPORT:
        folder = ROOT / app.replace(".", "/")
        for path in folder.rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            module = ".".join(relative.parts).removesuffix(".__init__")
            if owner(module) == app and "migrations" not in relative.parts:
                yield app, module, path


def test_every_project_app_is_in_the_layer_table():
    assert {config.name for config in project_apps()} == set(MAY_IMPORT)


def test_no_module_imports_upward():
    upward = []
    for app, module, path in project_modules():
        for line, name in imports_of(path, module):
            target = owner(name or "")
            if target and target != app and target not in MAY_IMPORT[app]:
                upward.append(f"{path.relative_to(ROOT)}:{line} ({app}) imports {name}")
    assert upward == []


def test_the_layer_check_catches_an_upward_import(tmp_path):
    bad = tmp_path / "services.py"
    bad.write_text("from observations.situation.models import SituationReport\n")
    found = [owner(name) for _line, name in imports_of(bad, "observations.services")]
    assert found == ["observations.situation"]
    assert "observations.situation" not in MAY_IMPORT["observations"]


def test_every_api_viewset_derives_from_the_base_viewset():
    registry = build_router().registry
    assert registry, "the router gathered no routes"
    not_based = [prefix for prefix, viewset, _name in registry
                 if not issubclass(viewset, BaseViewSet)]
    assert not_based == []


def test_a_viewset_that_overrides_get_queryset_is_refused():
    with pytest.raises(TypeError, match="refine_queryset"):
        class Forgetful(BaseViewSet):  # noqa: F841
            def get_queryset(self):
                return None


def test_every_model_says_who_may_see_its_rows():
    missing = [
        model._meta.label for config in project_apps() for model in config.get_models()
        if not isinstance(model._default_manager.all(), VisibleQuerySet)
    ]
    assert missing == []


@pytest.mark.django_db
def test_nobody_without_an_active_membership_sees_any_row(django_user_model):
    from trygghet.models import Organisation

    lone = django_user_model.objects.create_user("ensam", password="x")
    inactive = django_user_model.objects.create_user("borta", password="x", is_active=False)
    Organisation.objects.create(name="Synlig", kind="kommun")
    for config in project_apps():
        for model in config.get_models():
            for user in (None, lone, inactive):
                assert not model._default_manager.visible_to(user).exists(), model


def test_the_core_gathers_the_apps_without_naming_them():
    core = ROOT / "trygghet"
    named = []
    for path in core.rglob("*.py"):
        # Settings list the installed apps: naming them is their job.
        if "migrations" in path.parts or path.name == "settings.py":
            continue
        text = path.read_text()
        for app in MAY_IMPORT:
            if app != "trygghet" and (f'"{app}.' in text or f"'{app}." in text):
                named.append(f"{path.relative_to(ROOT)} names {app}")
    assert named == []


def test_every_model_serializer_derives_from_the_core_base():
    from rest_framework import serializers

    from trygghet.api.serializers import ModelSerializer

    build_router()  # imports every app's API modules

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    project = tuple(f"{app}." for app in MAY_IMPORT)
    outside = sorted({cls.__qualname__ for cls in subclasses(serializers.ModelSerializer)
                      if cls.__module__.startswith(project) and not issubclass(cls, ModelSerializer)})
    assert outside == []


def test_every_view_an_app_mounts_as_public_is_a_public_page():
    from importlib import import_module

    from django.urls import URLPattern, URLResolver

    def views(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.name, pattern.callback

    apps = [c for c in project_apps() if c.public_url_prefix is not None]
    assert apps, "no app mounts public pages"
    not_public = [f"{config.name}:{name}" for config in apps
                  for name, view in views(import_module(f"{config.name}.public_urls").urlpatterns)
                  if not getattr(view, "public_page", False)]
    assert not_public == []
