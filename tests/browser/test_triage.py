"""The coordinator's Monday triage in a real Chromium on a 360 px phone: filter, open an item,
change its status, step to the next one and back to the list with the filter intact; mark
three rows and close them in one step."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from observations.models import Category, Observation

from ..factories import ObservationFactory
from .conftest import log_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def week_of_observations(reporter, areas):
    """Forty observations over the weekend: graffiti and lighting, some already handled."""
    graffiti = Category.objects.get(slug="klotter")
    lighting = Category.objects.get(slug="belysning")
    now = timezone.now()
    made = []
    for i in range(40):
        made.append(ObservationFactory(
            reporter=reporter, area=areas["Bro centrum"] if i % 2 else areas["Råby"],
            category=graffiti if i % 3 else lighting, occurred_at=now - timedelta(hours=2 + i),
            status="resolved" if i % 5 == 4 else "new", place_description=f"Plats {i}"))
    return made


def results_top(page):
    return page.evaluate("() => document.querySelector('.result-count')"
                         ".getBoundingClientRect().top")


def test_the_coordinator_triages_an_item_steps_to_the_next_and_returns_to_the_filtered_list(
        phone, areas, reporter, coordinator):
    week_of_observations(reporter, areas)
    graffiti = Category.objects.get(slug="klotter")
    page = phone
    log_in(page, "koordinator")
    page.goto("/observationer/")
    page.get_by_text("Filtrera", exact=True).click()
    page.get_by_label("Kategori").select_option(label="Klotter")
    page.get_by_label("Ny", exact=True).check()
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url(re.compile(r"category="))
    listed = list(Observation.objects.filter(category=graffiti, status="new")
                  .order_by("-occurred_at", "-id"))
    expect(page.locator(".result-count")).to_have_text(f"{len(listed)} observationer")
    # On the phone the results come first: the filter panel is closed and says what it holds.
    expect(page.locator("details.filters")).not_to_have_attribute("open", "")
    expect(page.locator("details.filters summary")).to_contain_text("Kategori: Klotter")
    assert results_top(page) < 740
    filtered_url = page.url

    page.get_by_role("link", name=listed[1].occurred_at.astimezone(
        timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M")).click()
    page.wait_for_url(f"**/observationer/{listed[1].pk}/?*")
    page.locator("#id_status").select_option(label="Hanteras")
    page.get_by_label("Kommentar till historiken").fill("Anmält till fastighetsägaren.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    expect(page.get_by_role("status").first).to_contain_text("Status ändrad.")
    changed = Observation.objects.get(pk=listed[1].pk)
    assert changed.status == "in_progress"
    assert changed.events.get(kind="status").comment == "Anmält till fastighetsägaren."

    page.get_by_role("link", name=re.compile("^Nästa")).first.click()
    page.wait_for_url(f"**/observationer/{listed[2].pk}/?*")
    # The one just handled has left the filter (status Ny): previous skips it.
    page.get_by_role("link", name=re.compile("^Föregående")).first.click()
    page.wait_for_url(f"**/observationer/{listed[0].pk}/?*")
    page.get_by_role("link", name=re.compile("^Nästa")).first.click()
    page.wait_for_url(f"**/observationer/{listed[2].pk}/?*")

    page.get_by_role("link", name="Tillbaka till listan").first.click()
    page.wait_for_url(re.compile(r"/observationer/\?"))
    assert dict_of(page.url) == dict_of(filtered_url)
    expect(page.locator(".result-count")).to_have_text(f"{len(listed) - 1} observationer")
    expect(page.get_by_label("Kategori")).to_have_value(str(graffiti.pk))


def dict_of(url):
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)


def test_the_coordinator_marks_three_rows_and_closes_them_in_one_step(phone, areas, reporter,
                                                                      coordinator):
    made = week_of_observations(reporter, areas)
    page = phone
    log_in(page, "koordinator")
    page.goto("/observationer/?status=new&per_page=25")
    first_three = list(Observation.objects.filter(status="new")
                       .order_by("-occurred_at", "-id")[:3])
    for observation in first_three:
        page.locator(f"#select-{observation.pk}").check()
    expect(page.locator("#bulk-count")).to_have_text("Markerade: 3")
    page.locator("#id_status").select_option(label="Åtgärdad")
    page.get_by_role("button", name="Ändra status för markerade").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "3 observationer har nu status Åtgärdad.")
    assert dict_of(page.url) == {"status": ["new"], "per_page": ["25"]}
    for observation in first_three:
        observation.refresh_from_db()
        assert observation.status == "resolved" and observation.events.filter(
            kind="status").count() == 1
    still_new = sum(1 for o in made if o.status == "new") - 3
    expect(page.locator(".result-count")).to_have_text(f"{still_new} observationer")
    # No horizontal scrolling on the phone with the selection column.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360


def test_the_triage_pages_have_no_wcag_violations(phone, areas, reporter, coordinator):
    made = week_of_observations(reporter, areas)
    page = phone
    log_in(page, "koordinator")
    found = {}
    for name, path in [
        ("list", "/observationer/"),
        ("filtered list", "/observationer/?status=new&logged_from=2026-01-01"),
        ("broken filter", "/observationer/?logged_from=igår"),
        ("detail in a list", f"/observationer/{made[5].pk}/?status=new"),
    ]:
        page.goto(path)
        found[name] = violations(page)
    page.goto(f"/observationer/{made[5].pk}/?status=new")
    page.get_by_role("button", name="Spara uppföljningen").click()  # nothing changed: refused
    expect(page.locator("#form-errors")).to_contain_text("redan den statusen")
    found["detail with a refusal"] = violations(page)
    page.goto("/observationer/?status=new")
    page.locator("#select-all").check()
    found["list with all marked"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
