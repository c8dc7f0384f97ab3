"""The weekly EST meeting in a real Chromium, on a phone and on a desktop: from the lägesbild
to a decision with an owner and a deadline, onto the owner's start page, and onto the next
week's agenda while it is open."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from observations.interventions.models import Intervention
from observations.situation import services as report_services
from trygghet.weeks import shift_week, week_bounds, week_of

from ..factories import ObservationFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(params=list(VIEWPORTS))
def new_page(request, browser, live_server, settings):
    """Pages at one viewport, against the live server, with JavaScript errors failing the test."""
    settings.MAP_TILES_URL = ""
    contexts, errors = [], []

    def make():
        context = browser.new_context(viewport=VIEWPORTS[request.param], locale="sv-SE",
                                      base_url=live_server.url, timezone_id="Europe/Stockholm")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


def test_coordinator_decides_an_insats_at_the_meeting_and_it_follows_the_owner_and_the_agenda(
        new_page, areas, intervention_types, reporter, coordinator, police):
    year, week = week_of()
    last = shift_week(year, week, -1)
    start, _end = week_bounds(*last)
    for hours in range(20, 150, 12):
        ObservationFactory(reporter=reporter, area=areas["Kungsängen station"],
                           occurred_at=start + timedelta(hours=hours))
    report = report_services.compile_now(year=last[0], week=last[1]).report
    report_services.publish_report(report=report, by=coordinator,
                                   analysis="Ökning vid Kungsängen station.", recommendations="")

    page = new_page()
    log_in(page, "koordinator")
    page.goto(f"/lagesbild/{report.pk}/")
    page.get_by_role("link", name=f"EST-möte vecka {week}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"EST-möte vecka {week} {year}")
    page.get_by_role("button", name="Öppna mötet").click()
    expect(page.get_by_role("status").first).to_contain_text("är öppnat")
    changes = page.locator("section", has=page.get_by_role("heading", name="1. Lägesbilden"))
    expect(changes.get_by_text(re.compile(r"Kungsängen station: 11 \(markant upp"))).to_be_visible()

    deadline = timezone.localdate() + timedelta(days=4)
    form = page.locator("form", has=page.get_by_role("button", name="Protokollför beslutet"))
    form.get_by_role("textbox", name=re.compile("^Beslut")).fill(
        "Gemensam insats vid Kungsängen station fredag.")
    form.get_by_label("Typ av insats").select_option(label="Gemensam insats kommun–polis")
    form.get_by_label("Rubrik").fill("Gemensam insats vid Kungsängen station")
    form.get_by_label("Ansvarig").select_option(value=str(police.pk))
    form.get_by_label("Klart senast").fill(deadline.isoformat())
    form.get_by_label("Kungsängen station").check()
    form.get_by_role("button", name="Protokollför beslutet").click()
    expect(page.get_by_role("status").first).to_contain_text("Beslut § 1 är protokollfört")
    decisions = page.locator("#decisions")
    expect(decisions.get_by_role("link", name="Gemensam insats vid Kungsängen station")).to_be_visible()
    insats = Intervention.objects.get()
    assert insats.responsible == police and insats.planned_end == deadline

    owner = new_page()
    log_in(owner, "polis")
    owner.goto("/")
    mine = owner.locator("section", has=owner.get_by_role("heading", name="Dina insatser"))
    expect(mine.get_by_role("link", name="Gemensam insats vid Kungsängen station")).to_be_visible()
    expect(mine).to_contain_text(f"klart senast {deadline.isoformat()}")

    next_year, next_week = shift_week(year, week, 1)
    page.goto(f"/insatser/moten/{next_year}-W{next_week}/")
    carried = page.locator("section", has=page.get_by_role("heading", name="2. Pågående insatser"))
    expect(carried.get_by_role("link", name="Gemensam insats vid Kungsängen station")).to_be_visible()
