"""Every main page meets WCAG 2.1 A and AA as far as axe-core can tell, on a 360 px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from observations.situation import services as report_services

from ..factories import ObservationFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def violations(page):
    page.wait_for_load_state("networkidle")
    result = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


def test_the_main_pages_have_no_wcag_violations(phone, areas, reporter, coordinator):
    observation = ObservationFactory(reporter=reporter, area=areas["Bro centrum"],
                                     place_description="Vid torget")
    report = report_services.compile_now(year=2026, week=45).report
    page = phone
    page.goto("/konto/logga-in/")
    found = {"login": violations(page)}
    log_in(page, "koordinator")
    for name, path in [
        ("list", "/observationer/"),
        ("filtered list", "/observationer/?severity=medium&q=grupp"),
        ("map", "/observationer/karta/"),
        ("log form", "/observationer/ny/"),
        ("detail", f"/observationer/{observation.pk}/"),
        ("reports", "/lagesbild/"),
        ("report", f"/lagesbild/{report.pk}/"),
        ("settings", "/konto/installningar/"),
        ("password", "/konto/losenord/"),
    ]:
        page.goto(path)
        found[name] = violations(page)
    page.goto("/observationer/ny/")
    page.get_by_role("button", name="Logga observationen").click()
    found["log form with errors"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
