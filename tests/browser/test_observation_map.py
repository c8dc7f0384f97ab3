"""The observation map in a real Chromium, on a phone and a desktop: counted cells when zoomed
out, single observations when zoomed in, the areas' names readable without a tile server, and
a heat map to switch on; under the page's policy and with no WCAG violations axe-core finds."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ..factories import spread_observations
from .conftest import log_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
BRO_CENTRUM = (59.515, 17.636)


def map_state(page):
    return page.evaluate("() => ({...document.getElementById('observation-map').dataset})")


def wait_for_kind(page, kind):
    page.wait_for_function(
        "kind => { const m = document.getElementById('observation-map');"
        " return m.dataset.kind === kind && !m.hasAttribute('aria-busy'); }", arg=kind)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_map_shows_cells_zoomed_out_points_zoomed_in_area_names_and_a_heat_map(
        pages, areas, coordinator, viewport):
    year = timezone.localdate().year - 1
    spread_observations(1500, reporter=coordinator, year=year)
    page = pages(DESKTOP) if viewport == "desktop" else pages()
    log_in(page, "koordinator")
    page.goto(f"/observationer/karta/?occurred_from={year}-01-01&occurred_to={year}-12-31")

    # Zoomed out: every observation of the filter, counted in cells.
    wait_for_kind(page, "cells")
    assert map_state(page)["count"] == "1500"
    expect(page.locator("#map-status")).to_contain_text(re.compile(r"1\s500 observationer på kartan"))
    cells = page.locator(".leaflet-marker-icon.map-cell")
    assert cells.count() > 1
    counts = [int(text.replace("\u00a0", "").replace(" ", "")) for text in cells.all_inner_texts()]
    assert sum(counts) == 1500
    # The areas' names are on the map as text, with no tile server behind them.
    labels = page.locator(".leaflet-tooltip.area-label:not(.area-label--hidden)")
    assert labels.count() >= 2
    assert any(name in labels.all_inner_texts() for name in ("Bro", "Kungsängen"))
    assert page.locator(".leaflet-tile").count() == 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert violations(page) == []

    # A click on a cell zooms into it; close in, the observations come one by one.
    zoom = page.evaluate("() => document.getElementById('observation-map').leafletMap.getZoom()")
    cells.first.click()
    page.wait_for_function(
        "zoom => document.getElementById('observation-map').leafletMap.getZoom() > zoom", arg=zoom)
    page.evaluate("([lat, lon]) => document.getElementById('observation-map').leafletMap"
                  ".setView([lat, lon], 14)", list(BRO_CENTRUM))
    wait_for_kind(page, "points")
    points = int(map_state(page)["count"])
    assert 0 < points <= 1000
    assert page.locator("path.leaflet-interactive").count() >= 1
    assert page.locator(".leaflet-marker-icon.map-cell").count() == 0
    expect(page.locator("#map-status")).to_contain_text("på kartan")
    assert violations(page) == []

    # The heat map is switched on over the filtered set, and off again.
    page.evaluate("() => document.getElementById('observation-map').leafletMap.setZoom(10)")
    wait_for_kind(page, "cells")
    page.get_by_label("Värmekarta").check()
    page.wait_for_function("() => document.getElementById('observation-map').dataset.heat")
    expect(page.locator("canvas.leaflet-heatmap-layer")).to_be_visible()
    assert violations(page) == []
    page.get_by_label("Värmekarta").uncheck()
    expect(page.locator("canvas.leaflet-heatmap-layer")).to_have_count(0)
    expect(page.locator(".leaflet-marker-icon.map-cell").first).to_be_visible()
