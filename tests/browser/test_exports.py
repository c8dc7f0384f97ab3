"""The filtered list exported from the list and the map, at once and through a worker's job."""

import io
import json

import openpyxl
import pytest
from playwright.sync_api import expect

from ..factories import ObservationFactory
from .conftest import log_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def downloaded(page, button):
    with page.expect_download() as download:
        button.click()
    return open(download.value.path(), "rb").read()


@pytest.mark.celery
def test_a_coordinator_exports_the_filtered_list_at_once_and_a_large_one_through_its_job_page(
        phone, areas, categories, reporter, coordinator, worker, settings):
    vandalism = categories["skadegorelse"]
    shown = [ObservationFactory(reporter=reporter, category=vandalism, area=areas["Bro centrum"])
             for _ in range(3)]
    ObservationFactory(reporter=reporter, category=categories["ovrigt"])
    worker.start()
    page = phone
    log_in(page, "koordinator")
    page.goto(f"/observationer/?category={vandalism.pk}")
    controls = page.get_by_role("form", name="Exportera urvalet")
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(
        page, controls.get_by_role("button", name="Excel"))), read_only=True).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(o.pk for o in shown)

    # From the map, beyond the limit: a job, its progress, then the file.
    settings.EXPORT_SYNC_ROWS = 2
    page.goto(f"/observationer/karta/?category={vandalism.pk}")
    page.get_by_role("form", name="Exportera urvalet").get_by_role(
        "button", name="GeoJSON").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export till GeoJSON")
    found = {"job page": violations(page)}
    link = page.get_by_role("link", name="Ladda ned filen")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text("Klar: 3 rader.")
    found["job page, done"] = violations(page)
    collection = json.loads(downloaded(page, link))
    assert sorted(f["id"] for f in collection["features"]) == sorted(o.pk for o in shown)
    assert {name: v for name, v in found.items() if v} == {}
