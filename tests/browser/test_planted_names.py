"""Names that admins and partners type reach the maps as text: planted markup runs no script on
any map, in its tooltips or its popups."""

from datetime import timedelta

import pytest
from django.utils import timezone

from observations.models import Category
from observations.situation import services as situation
from trygghet.models import Area, Organisation
from trygghet.services import save_area
from trygghet.weeks import week_of

from ..factories import ObservationFactory, member
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLANT = '<img src=x onerror="window.__planted = (window.__planted || 0) + 1">'
SQUARE = {"type": "Polygon", "coordinates": [[[17.631, 59.513], [17.641, 59.513], [17.641, 59.517],
                                              [17.631, 59.517], [17.631, 59.513]]]}

OPEN_HERE = """id => {
  const map = document.getElementById(id).leafletMap;
  let opened = 0;
  map.eachLayer(layer => {
    if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
    if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
  });
  return opened;
}"""

OPEN_EVERYTHING = """id => {
  const map = document.getElementById(id).leafletMap;
  map.setZoom(map.getMaxZoom());
  let opened = 0;
  map.eachLayer(layer => {
    if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
    if (layer.getPopup && layer.getPopup()) { layer.openPopup(); opened++; }
  });
  return opened;
}"""


@pytest.fixture
def planted(areas, coordinator):
    save_area(name="Område " + PLANT, kind="annat", geometry=SQUARE)
    category = Category.objects.create(name="Kategori " + PLANT, slug="planterad", order=0)
    reporter = member(org_name="Organisation " + PLANT, username="planterare")
    Organisation.objects.filter(name__startswith="Organisation").update(kind="kommun")
    observation = ObservationFactory(
        reporter=reporter, category=category, area=Area.objects.get(name__startswith="Område"),
        latitude=59.515, longitude=17.636, place_description="Plats " + PLANT,
        description="Text " + PLANT, severity="high",
        occurred_at=timezone.now() - timedelta(days=7))
    year, week = week_of(observation.occurred_at)
    report = situation.compile_now(year=year, week=week).report
    return observation, report


def test_planted_names_run_no_script_on_any_map(phone, planted):
    observation, report = planted
    page = phone
    log_in(page, "koordinator")
    maps = [
        ("/observationer/karta/", "observation-map"),
        ("/observationer/ny/", "pick-map"),
        (f"/observationer/{observation.pk}/", "detail-map"),
        (f"/lagesbild/{report.pk}/", "report-map"),
    ]
    for path, element_id in maps:
        page.goto(path)
        page.wait_for_function("id => document.getElementById(id)?.leafletMap", arg=element_id)
        opened = page.evaluate(OPEN_EVERYTHING, element_id)
        if element_id in ("observation-map", "pick-map"):
            assert opened > 0, f"nothing to open on {path}"
        page.wait_for_timeout(200)  # an injected image's error event would have fired
        assert page.evaluate("() => window.__planted") is None, path
        assert page.locator(".leaflet-pane img[src='x']").count() == 0, path
    # The names are shown, as text: close in on the observation, whose point the map fetches
    # for that view, and open its popup and the areas' labels there.
    page.goto("/observationer/karta/")
    page.wait_for_function("() => document.getElementById('observation-map')?.dataset.kind")
    page.evaluate("([lat, lon]) => document.getElementById('observation-map').leafletMap"
                  ".setView([lat, lon], 18, {animate: false})",
                  [observation.latitude, observation.longitude])
    page.wait_for_function("() => { const m = document.getElementById('observation-map');"
                           " return m.dataset.zoom === '18' && m.dataset.count === '1'"
                           " && !m.hasAttribute('aria-busy'); }")
    assert page.evaluate(OPEN_HERE, "observation-map") > 0
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__planted") is None
    assert PLANT in page.locator(".leaflet-popup-content, .leaflet-tooltip").all_inner_texts()[0] \
        or any(PLANT in text for text in page.locator(".leaflet-tooltip").all_inner_texts())
    for path in ("/observationer/", f"/observationer/{observation.pk}/", f"/lagesbild/{report.pk}/"):
        page.goto(path)
        assert page.evaluate("() => window.__planted") is None, path
