"""An administrator draws an area on a map in the admin instead of typing GeoJSON."""

import pytest

from trygghet.models import Area

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def point_of(page, lat, lon):
    page.wait_for_function("() => document.querySelector('.area-draw__map')?.dataset.ready")
    return page.evaluate(
        "([lat, lon]) => { const p = document.querySelector('.area-draw__map').leafletMap"
        ".latLngToContainerPoint([lat, lon]); return {x: p.x, y: p.y}; }", [lat, lon])


def test_an_administrator_draws_a_new_area_and_it_is_saved_as_geojson(pages, areas, admin_user):
    page = pages({"width": 1280, "height": 900})
    log_in(page, admin_user.username, "password")
    page.goto("/admin/trygghet/area/add/")
    assert page.locator("textarea[name=geometry]").input_value() == ""  # not "null"
    page.fill("input[name=name]", "Stationsparken")
    page.select_option("select[name=kind]", "annat")
    page.locator(".leaflet-pm-icon-rectangle").click()
    mapped = page.locator(".area-draw__map")
    mapped.click(position=point_of(page, 59.516, 17.640))
    mapped.click(position=point_of(page, 59.510, 17.650))
    geometry = page.locator("textarea[name=geometry]").input_value()
    assert '"Polygon"' in geometry
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(lambda url: url.endswith("/admin/trygghet/area/"))
    area = Area.objects.get(name="Stationsparken")
    assert area.geometry["type"] == "Polygon"
    assert abs(area.min_lat - 59.510) < 0.001 and abs(area.max_lon - 17.650) < 0.001
    assert Area.objects.most_specific(59.5125, 17.645) == area
