"""The hardening as people meet it, in a real Chromium whose pages fail the test on any
Content-Security-Policy violation (conftest.py): the lockout message, the admin and the API
docs all work under the policy."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import log_in
from .test_accessibility import WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def try_password(page, username, password):
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def test_a_locked_out_person_is_told_when_to_try_again(phone, police):
    page = phone
    page.goto("/konto/logga-in/")
    for _ in range(5):
        try_password(page, "polis", "fel-lösenord")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("För många misslyckade inloggningar. Du kan försöka igen om "
                                  "15 minuter, klockan")
    expect(page.get_by_label("Användarnamn")).to_have_value("polis")
    try_password(page, "polis", "demo")  # the right one, too early
    expect(alert).to_contain_text("Du kan försöka igen om 15 minuter")
    assert "logga-in" in page.url
    result = Axe().run(page, options=WCAG_21_AA)
    assert result.response["violations"] == []


def test_the_admin_works_under_the_policy(pages, areas, admin_user, police):
    page = pages({"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("password")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Webbplatsadministration")).to_be_visible()
    for path, heading in [
        ("/admin/auth/user/", "Välj användare att ändra"),
        (f"/admin/auth/user/{police.pk}/change/", "Ändra användare"),
        (f"/admin/auth/user/{police.pk}/password/", "Ändra lösenord"),
        ("/admin/trygghet/area/", "Välj område att ändra"),
        ("/admin/trygghet/area/add/", "Lägg till område"),
        ("/admin/trygghet/membership/add/", "Lägg till"),
        ("/admin/observations/category/", "Välj"),
        ("/admin/observations/category/add/", "Lägg till"),
        ("/admin/trygghet/auditentry/", "Välj"),
        ("/admin/authtoken/tokenproxy/add/", "Lägg till"),
    ]:
        page.goto(path)
        expect(page.locator("#content h1")).to_contain_text(heading)
    # The scripted widgets run: the permission picker is built by the admin's JavaScript.
    page.goto(f"/admin/auth/user/{police.pk}/change/")
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    page.goto("/admin/observations/category/add/")
    page.locator("#id_name").press_sequentially("Klotter på skola")
    expect(page.locator("#id_slug")).to_have_value("klotter-pa-skola")


def test_the_api_docs_work_under_the_policy(pages):
    page = pages({"width": 1280, "height": 900})
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Trygghet API")
    expect(page.locator(".opblock").first).to_be_visible()


def test_the_lagesbild_and_map_pages_run_under_the_policy_on_a_desktop(pages, areas, reporter,
                                                                       coordinator):
    from observations.situation import services as report_services

    from ..factories import ObservationFactory

    ObservationFactory(reporter=reporter, area=areas["Bro centrum"])
    report = report_services.compile_now(year=2026, week=45).report
    page = pages({"width": 1280, "height": 900})
    log_in(page, "koordinator")
    for path in ("/observationer/karta/", f"/lagesbild/{report.pk}/", "/observationer/ny/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    expect(page.locator(".leaflet-container").first).to_be_visible()
