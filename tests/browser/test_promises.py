"""The medborgarlöfte in a real Chromium: a coordinator logs a completed joint insats and the
public page's commitment moves up by one with no other step; axe-core finds nothing on the
public pages and the members' pages of the promises and the agreement, on a 360 px phone."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from agreements import services as agreements
from promises import services

from ..agreements.conftest import agreement, priority_areas  # noqa: F401 (fixtures)
from ..promises.conftest import FOCUS, commitments, make_insats, promise  # noqa: F401
from .conftest import log_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def adopted(promise, commitments, coordinator):  # noqa: F811
    services.change_promise_status(by=coordinator, promise=promise, status="adopted")
    return promise


@pytest.fixture(params=list(VIEWPORTS))
def new_page(request, browser, live_server, settings):
    """Pages at one viewport, against the live server, with JavaScript errors failing the
    test."""
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


def joint_figure(page):
    item = page.locator("li.commitment", has=page.get_by_text(
        re.compile("^Minst åtta i förväg planerade gemensamma insatser")))
    return item.locator(".commitment__figure strong")


def test_a_completed_joint_insats_moves_the_public_promise_up_by_one(
        new_page, adopted, make_insats, areas, coordinator, police):  # noqa: F811
    make_insats([areas["Kungsängen centrum"]])
    citizen = new_page()
    citizen.goto("/medborgarloften/")
    citizen.get_by_role("link", name=adopted.title).click()
    expect(joint_figure(citizen)).to_have_text("1 av 8")

    page = new_page()
    log_in(page, "koordinator")
    page.goto("/insatser/ny/")
    today = timezone.localdate()
    page.get_by_label("Typ av insats").select_option(label="Gemensam insats kommun–polis")
    page.get_by_label("Rubrik").fill("Gemensam insats i Bro centrum fredag kväll")
    page.get_by_label("Ansvarig").select_option(value=str(coordinator.pk))
    page.get_by_label("Start").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("Klart senast").fill(today.isoformat())
    page.get_by_label("Bro centrum").check()
    page.get_by_label(police.membership.organisation.name).check()
    page.get_by_role("button", name="Planera insatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gemensam insats i Bro centrum fredag kväll")
    page.get_by_role("combobox", name="Status").select_option("done")
    page.get_by_role("textbox", name="Resultat").fill("Synlig närvaro av polis och kommun.")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("genomförd")

    citizen.reload()
    expect(joint_figure(citizen)).to_have_text("2 av 8")


def test_the_promise_and_agreement_pages_have_no_wcag_violations(
        phone, adopted, commitments, make_insats, areas, coordinator, priority_areas,  # noqa: F811
        agreement, categories):  # noqa: F811
    make_insats([areas["Bro centrum"]], count=3)
    services.add_follow_up(by=coordinator, commitment=commitments["walks"], public=True,
                           text="Nattvandrarna har fått västar.")
    walk = services.save_dialogue(by=coordinator, kind="trygghetsvandring",
                                  title="Trygghetsvandring i Bro centrum",
                                  held_at=timezone.now() - timedelta(days=3),
                                  area=areas["Bro centrum"], participants=3, promise=adopted)
    services.add_finding(by=coordinator, dialogue=walk, text="Lampan vid gångtunneln är trasig",
                         category=categories["belysning"])
    area = priority_areas["Våld"]
    indicator = agreements.save_indicator(by=coordinator, priority_area=area,
                                          name="Anmälda misshandelsbrott", unit="antal",
                                          source="anmalda_brott", direction="down")
    agreements.import_indicator_values(by=coordinator, indicator=indicator,
                                       data=b"2023;150\n2024;140\n2025;131\n")
    measure = agreements.save_measure(by=coordinator, priority_area=area, cause="Konflikter.",
                                      action="Gemensamma insatser.", status="yellow")
    year = timezone.localdate().year - 1
    job = agreements.compile_yearly_report_now(agreement=agreement, year=year, by=coordinator)
    waiting = agreements.queue_yearly_report(agreement=agreement, year=year, by=coordinator)
    page = phone
    found = {}
    for name, path in [("public index", "/medborgarloften/"),
                       ("public promise", f"/medborgarloften/{adopted.pk}/")]:
        page.goto(path)
        found[name] = violations(page)
    log_in(page, "koordinator")
    for name, path in [
        ("promises", "/medborgarloften/hantera/"),
        ("promise", f"/medborgarloften/hantera/{adopted.pk}/"),
        ("promise form", f"/medborgarloften/hantera/{adopted.pk}/andra/"),
        ("commitment, countable", f"/medborgarloften/hantera/ataganden/{commitments['joint'].pk}/"),
        ("commitment, by hand", f"/medborgarloften/hantera/ataganden/{commitments['walks'].pk}/"),
        ("commitment form", f"/medborgarloften/hantera/{adopted.pk}/ataganden/nytt/"),
        ("dialogues", "/medborgarloften/dialoger/"),
        ("walk", f"/medborgarloften/dialoger/{walk.pk}/"),
        ("dialogue form", "/medborgarloften/dialoger/ny/"),
        ("agreements", "/overenskommelser/"),
        ("agreement", f"/overenskommelser/{agreement.pk}/"),
        ("agreement form", f"/overenskommelser/{agreement.pk}/andra/"),
        ("priority area form", f"/overenskommelser/{agreement.pk}/omraden/nytt/"),
        ("indicator", f"/overenskommelser/indikatorer/{indicator.pk}/"),
        ("indicator form", f"/overenskommelser/indikatorer/ny/?omrade={area.pk}"),
        ("measure", f"/overenskommelser/atgarder/{measure.pk}/"),
        ("measure form", f"/overenskommelser/atgarder/{measure.pk}/andra/"),
        ("yearly report", f"/overenskommelser/lagesbild/{job.report_id}/"),
        ("compile job", f"/overenskommelser/lagesbild/sammanstallning/{waiting.pk}/"),
    ]:
        page.goto(path)
        found[name] = violations(page)
    page.goto("/medborgarloften/hantera/nytt/")
    page.get_by_role("button", name="Spara som utkast").click()
    found["promise form with errors"] = violations(page)
    page.goto(f"/overenskommelser/indikatorer/{indicator.pk}/")
    page.get_by_role("textbox", name="Värde").fill("mycket")
    page.get_by_role("button", name="Spara värdet").click()
    found["indicator with errors"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
