"""Every answer carries a Content-Security-Policy that admits nothing inline: no script, no
style, and the pages and templates are written to need none."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from trygghet.settings import tile_source

from .test_deployment import ROOT

pytestmark = pytest.mark.django_db


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def test_pages_api_and_static_files_carry_a_policy_without_inline_script(client, api, police):
    answers = [client.get("/konto/logga-in/"), client.get("/static/js/maps.js"),
               api.get("/api/v1/categories/")]
    client.force_login(police)
    answers += [client.get("/observationer/"), client.get("/api/docs/")]
    for response in answers:
        rules = policy(response)
        assert rules["default-src"] == ["'self'"]
        assert rules["script-src"] == ["'self'"]
        assert rules["style-src"] == ["'self'"]
        assert rules["object-src"] == ["'none'"] and rules["frame-ancestors"] == ["'none'"]
        assert not any("unsafe" in source for sources in rules.values() for source in sources)


def test_the_api_docs_load_their_start_script_from_a_file(client):
    page = client.get("/api/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "<style" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert script["Content-Type"].startswith("application/javascript")


@pytest.mark.parametrize("template, source", [
    ("", []),
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
    ("https://{s}.tiles.kommun.se:8443/wmts/{z}/{x}/{y}.png", ["https://*.tiles.kommun.se:8443"]),
    ("/tiles/{z}/{x}/{y}.png", []),
])
def test_map_tiles_are_admitted_from_the_tile_servers_origin(template, source):
    assert tile_source(template) == source


def test_a_tile_server_whose_host_varies_otherwise_is_refused():
    with pytest.raises(ImproperlyConfigured, match="MAP_TILES_URL"):
        tile_source("https://tiles-{s}.kommun.se/{z}/{x}/{y}.png")


def test_the_configured_tile_server_reaches_the_policy():
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup();"
         "from django.conf import settings;"
         "print(' '.join(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "TRYGGHET_TESTING": "true",
             "DJANGO_SETTINGS_MODULE": "trygghet.settings",
             "MAP_TILES_URL": "https://karta.kommun.se/tiles/{z}/{x}/{y}.png"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["'self'", "data:", "https://karta.kommun.se"]


def templates():
    folders = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]
    return sorted(path for folder in folders for path in Path(folder).rglob("*.html"))


def test_no_template_has_inline_script_style_attributes_or_event_handlers():
    found = []
    for path in templates():
        text = path.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\sstyle\s*=", r"\son[a-z]+\s*=",
                        r"<style\b", r"javascript:"):
            found += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(pattern, text)]
    assert templates() and found == []
