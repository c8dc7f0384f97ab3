"""A large export written by a real worker process over a real Redis broker."""

import io

import openpyxl
import pytest

from observations.models import ExportJob, ObservationAccess

from ..factories import ObservationFactory
from ..worker import wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def test_a_worker_writes_a_large_export_that_its_owner_then_downloads(
        worker, client, coordinator, categories, reporter, settings):
    settings.EXPORT_SYNC_ROWS = 10
    ObservationFactory.create_batch(24, reporter=reporter)
    restricted = ObservationFactory(reporter=reporter, restricted=True)
    worker.start()
    client.force_login(coordinator)
    response = client.post("/observationer/export/?status=new", {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/observationer/export/{job.pk}/"
    wait_for(lambda: ExportJob.objects.filter(pk=job.pk, state="done").exists(), timeout=60,
             message="the export\n" + worker.logs())
    job.refresh_from_db()
    assert job.rows_done == job.rows_total == 25 and job.attempts == 1
    download = client.get(f"/observationer/export/{job.pk}/fil/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)),
                                   read_only=True).active
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(ids) == 25 and restricted.pk in ids
    assert ObservationAccess.objects.filter(via="export", user=coordinator).count() == 1
    page = client.get(f"/observationer/export/{job.pk}/").content.decode()
    assert "Klar: 25 rader." in page
