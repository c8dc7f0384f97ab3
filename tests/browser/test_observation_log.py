"""The main reporter path in a real Chromium on a 360 px phone."""

import re

import pytest
from playwright.sync_api import expect

from observations.models import Observation

from .conftest import log_in, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BRO_CENTRUM = (59.515, 17.636)


def map_point(page, element_id, lat, lon):
    """Where on the map element a place is, once the page's script has made the map."""
    page.wait_for_function("id => document.getElementById(id)?.leafletMap", arg=element_id)
    return page.evaluate(
        "([id, lat, lon]) => { const p = document.getElementById(id).leafletMap"
        ".latLngToContainerPoint([lat, lon]); return {x: p.x, y: p.y}; }",
        [element_id, lat, lon],
    )


def test_reporter_logs_by_clicking_the_map_and_finds_it_in_list_and_map(phone, areas, reporter):
    page = phone
    log_in(page, "rapportor")
    page.get_by_role("link", name="Logga observation").click()
    page.get_by_label("Kategori").select_option(label="Klotter")
    page.locator("#pick-map").click(position=map_point(page, "pick-map", *BRO_CENTRUM))
    expect(page.locator("#point-status")).to_contain_text("Vald punkt")
    page.get_by_label("Platsbeskrivning").fill("Gångtunneln vid torget")
    page.get_by_label("Vad såg du?").fill("Nytt klotter, stora tags i gult.")
    page.get_by_label("Medel").check()
    page.get_by_role("button", name="Logga observationen").click()

    page.wait_for_url(re.compile(r"/observationer/\d+/$"))
    expect(page.get_by_role("status").first).to_contain_text("Tack!")
    assert "Tack! Observationen är loggad." in page.content()
    assert page.get_by_text("Bro centrum").first.is_visible()
    observation = Observation.objects.get()
    assert abs(observation.latitude - BRO_CENTRUM[0]) < 0.002
    assert observation.severity == "medium" and observation.area.name == "Bro centrum"

    page.get_by_role("link", name="Observationer", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Klotter")
    assert row.count() == 1 and "Bro centrum" in row.inner_text()
    # No horizontal scrolling on the phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Visa på karta").click()
    expect(page.locator(".result-count")).to_contain_text("1 observation på kartan")
    page.locator("#observation-map").click(
        position=map_point(page, "observation-map", observation.latitude, observation.longitude))
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Klotter")
    link = popup.get_by_role("link", name="Visa observationen")
    expect(link).to_have_attribute("href", f"/observationer/{observation.pk}/")
    # Leaflet pans the map to fit the popup; Enter follows the link wherever it has moved to.
    link.press("Enter")
    page.wait_for_url(f"**/observationer/{observation.pk}/")


def test_reporter_logs_with_the_keyboard_alone_without_the_map(phone, areas, reporter):
    page = phone
    page.goto("/konto/logga-in/")
    tab_to(page, "id_username")
    page.keyboard.type("rapportor")
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "logga-in" not in url)

    page.goto("/observationer/ny/")
    tab_to(page, "id_category")
    page.keyboard.type("Belysning")
    tab_to(page, "id_area")
    page.keyboard.type("Tibble")
    tab_to(page, "id_place_description")
    page.keyboard.type("Gångvägen mot skolan")
    tab_to(page, "id_description")
    page.keyboard.type("Tre lyktstolpar släckta.")
    tab_to(page, "id_severity_0")
    page.keyboard.press("ArrowRight")  # Medel
    page.keyboard.press("ArrowRight")  # Hög
    submit = page.get_by_role("button", name="Logga observationen")
    for _ in range(15):
        if submit.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_load_state()
    assert not page.get_by_role("alert").count(), page.get_by_role("alert").inner_text()
    page.wait_for_url(re.compile(r"/observationer/\d+/$"))
    observation = Observation.objects.get()
    assert observation.category.slug == "belysning" and observation.area.name == "Tibble"
    assert observation.placement == "area" and observation.severity == "high"
    assert "ungefärlig plats" in page.content()
    page.goto("/observationer/")
    assert "Tibble" in page.get_by_role("row").filter(has_text="Belysning").inner_text()


def test_the_form_shows_errors_in_swedish_and_keeps_the_point(phone, areas, reporter):
    page = phone
    log_in(page, "rapportor")
    page.goto("/observationer/ny/")
    page.locator("#pick-map").click(position=map_point(page, "pick-map", *BRO_CENTRUM))
    page.get_by_label("Vad såg du?").fill("Något hände.")
    page.get_by_role("button", name="Logga observationen").click()
    expect(page.get_by_role("alert")).to_contain_text("Välj en kategori.")
    expect(page.get_by_label("Vad såg du?")).to_have_value("Något hände.")
    expect(page.locator("#point-status")).to_contain_text("Vald punkt")
    assert not Observation.objects.exists()


def test_a_double_tap_on_the_submit_button_logs_once(phone, areas, reporter):
    page = phone
    log_in(page, "rapportor")
    page.goto("/observationer/ny/")
    page.get_by_label("Kategori").select_option(label="Klotter")
    page.locator("#pick-map").click(position=map_point(page, "pick-map", *BRO_CENTRUM))
    page.get_by_role("button", name="Logga observationen").dblclick()
    page.wait_for_url(re.compile(r"/observationer/\d+/$"))
    assert Observation.objects.count() == 1
