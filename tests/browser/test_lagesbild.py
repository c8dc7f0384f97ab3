"""The coordinator's weekly path and the police reader's, in a real Chromium."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from trygghet.weeks import week_bounds
from observations.situation.models import SituationReport

from ..factories import ObservationFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_coordinator_compiles_annotates_publishes_and_police_read_it(
        pages, phone, areas, reporter, coordinator, police, worker):
    start, _ = week_bounds(2026, 45)
    for hours in range(18, 160, 12):
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours),
                           area=areas["Kungsängen station"])
    worker.start()
    page = phone
    log_in(page, "koordinator")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Lägesbild").click()
    page.get_by_role("textbox", name="Vecka").fill("2026-W45")
    page.get_by_role("button", name="Sammanställ").click()

    # The job page follows the worker and opens the report when it is done.
    page.wait_for_url(re.compile(r"/lagesbild/\d+/$"), timeout=30_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägesbild vecka 45 2026")
    expect(page.locator(".figures .figure").first).to_have_text("12")
    expect(page.get_by_text("utkast, syns bara för samordnare")).to_be_visible()
    report = SituationReport.objects.get()

    page.get_by_role("textbox", name="Analys").fill("Ökning vid Kungsängen station på kvällstid.")
    page.get_by_role("textbox", name="Rekommenderade insatser").fill("Extra väktarronder fredag kväll.")
    page.get_by_role("button", name="Spara och publicera").click()
    expect(page.get_by_role("status").first).to_contain_text("Lägesbilden är publicerad.")

    police_page = pages()
    log_in(police_page, "polis")
    police_page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Lägesbild").click()
    police_page.get_by_role("link", name="Vecka 45 2026").click()
    expect(police_page.get_by_text("Ökning vid Kungsängen station på kvällstid.")).to_be_visible()
    trend = police_page.locator("img.trend-chart")
    trend.scroll_into_view_if_needed()  # it loads lazily, below the fold on a phone
    expect(trend).to_be_visible()
    police_page.wait_for_function(
        "() => document.querySelector('img.trend-chart').naturalWidth > 0")

    # A newer, unpublished version (one more observation logged for the week) is not there for
    # the police: 404 in the page and the API.
    from observations.situation import services as report_services

    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=20),
                       area=areas["Kungsängen station"])
    draft = report_services.compile_now(year=2026, week=45).report
    assert draft.version == 2
    assert police_page.goto(f"/lagesbild/{draft.pk}/").status == 404
    assert police_page.goto(f"/api/v1/situation-reports/{draft.pk}/").status == 404
    assert police_page.goto(f"/api/v1/situation-reports/{report.pk}/").status == 200
