"""Exports of the filtered observation list: XLSX, CSV and GeoJSON, at once or by a job."""

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations import services
from observations.models import ExportJob, Observation, ObservationAccess
from trygghet.models import AuditEntry

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db
EXPORT = "/observationer/export/"


@pytest.fixture
def log(categories, areas, reporter, coordinator):
    """Ordinary observations in two categories, one restricted one logged by someone else than
    the guard, and one with text a spreadsheet would take for a formula."""
    vandalism, other = categories["skadegorelse"], categories["ovrigt"]
    rows = [ObservationFactory(reporter=reporter, category=vandalism, area=areas["Bro centrum"],
                               occurred_at=timezone.now() - timedelta(hours=i))
            for i in range(1, 5)]
    rows.append(ObservationFactory(reporter=reporter, category=vandalism, restricted=True,
                                   description="Namngiven person, uppgifter för polisen."))
    rows.append(ObservationFactory(reporter=reporter, category=other,
                                   description="=HYPERLINK(\"http://example.com\")"))
    return {"vandalism": vandalism, "other": other, "rows": rows}


def export(client, fmt, query="", source="list"):
    response = client.post(f"{EXPORT}?{query}" if query else EXPORT,
                           {"format": fmt, "from": source})
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def list_ids(client, query):
    response = client.get(f"/observationer/?{query}&per_page=500")
    return [o["id"] for o in response.context["page"].object_list]


def xlsx_ids(body):
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], [row[0] for row in rows[1:]], rows


def test_the_xlsx_export_of_a_filtered_list_has_exactly_the_rows_the_list_shows(
        client, guard, log):
    client.force_login(guard)
    query = f"category={log['vandalism'].pk}"
    shown = list_ids(client, query)
    header, exported, _rows = xlsx_ids(export(client, "xlsx", query))
    restricted = next(o for o in log["rows"] if o.restricted)
    assert header[:4] == ("Id", "När det hände", "Loggad", "Kategori")
    assert exported == shown and len(exported) == 4
    assert restricted.pk not in exported
    assert all(Observation.objects.get(pk=pk).category == log["vandalism"] for pk in exported)


def test_a_coordinator_exports_the_restricted_row_and_the_read_is_logged(
        client, coordinator, log):
    client.force_login(coordinator)
    query = f"category={log['vandalism'].pk}"
    _header, exported, rows = xlsx_ids(export(client, "xlsx", query))
    restricted = next(o for o in log["rows"] if o.restricted)
    assert exported == list_ids(client, query) and restricted.pk in exported
    row = next(r for r in rows if r[0] == restricted.pk)
    assert "Namngiven person, uppgifter för polisen." in row and "ja" in row
    reads = ObservationAccess.objects.filter(via="export")
    assert [(a.observation_id, a.user_id) for a in reads] == [(restricted.pk, coordinator.pk)]
    entry = AuditEntry.objects.get(verb="observations.exported")
    assert entry.changes["rows"] == 5 and entry.changes["format"] == "xlsx"


def test_the_xlsx_keeps_text_as_text_and_times_and_places_as_values(client, coordinator, log):
    client.force_login(coordinator)
    _header, _ids, rows = xlsx_ids(export(client, "xlsx", f"category={log['other'].pk}"))
    (row,) = rows[1:]
    assert row[6] == "=HYPERLINK(\"http://example.com\")"  # a string, never a formula
    assert hasattr(row[1], "hour") and isinstance(row[12], float) and isinstance(row[13], float)


def test_the_csv_has_a_byte_order_mark_semicolons_and_decimal_commas(client, coordinator, log):
    client.force_login(coordinator)
    body = export(client, "csv")
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Id;När det hände;Loggad;Kategori;Område;")
    assert len(lines) == 1 + len(log["rows"])
    first = log["rows"][0]
    line = next(x for x in lines[1:] if x.startswith(f"{first.pk};"))
    latitude = str(first.latitude).replace(".", ",")
    assert f";{latitude};" in line and "." not in line.split(";")[12]
    # Text a spreadsheet would run as a formula is made harmless.
    assert "'=HYPERLINK(" in body.decode("utf-8-sig")


def test_the_csv_speaks_english_in_the_english_interface(client, coordinator, log):
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    lines = export(client, "csv").decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Id;When it happened;Logged;Category;Area;")
    assert ";Medium;" in lines[1] and ";New;" in lines[1]


def test_the_geojson_is_a_valid_feature_collection_of_the_filtered_rows(client, guard, log):
    client.force_login(guard)
    query = f"category={log['vandalism'].pk}"
    collection = json.loads(export(client, "geojson", query, source="map"))
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == list_ids(client, query)
    feature = collection["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
    assert 17 < lon < 18.5 and 59 < lat < 60
    assert feature["properties"]["severity_code"] == "medium"
    assert feature["properties"]["restricted"] is False


def test_the_export_buttons_are_on_the_list_and_the_map_with_the_filter(client, coordinator, log):
    client.force_login(coordinator)
    for page in ("/observationer/", "/observationer/karta/"):
        html = client.get(f"{page}?category={log['other'].pk}").content.decode()
        assert f'action="{EXPORT}?category={log["other"].pk}"' in html
        assert 'name="format" value="xlsx"' in html


@pytest.mark.parametrize("query", [
    "category=abc", "category=99999999999999999999999", "occurred_from=2026-13-45",
    "status=bogus", "area=-1", "severity=%00", "q=" + "x" * 500, "organisation=1e9",
    "occurred_to=0001-01-01", "status=new&status=", "page=x&per_page=y",
])
def test_bad_filter_input_never_gives_a_server_error(client, coordinator, log, query):
    client.force_login(coordinator)
    for fmt in ("xlsx", "csv", "geojson"):
        response = client.post(f"{EXPORT}?{query}", {"format": fmt})
        assert response.status_code in (200, 302), (query, response.status_code)


def test_a_bad_filter_is_refused_with_a_message_and_nothing_is_exported(client, coordinator, log):
    client.force_login(coordinator)
    response = client.post(f"{EXPORT}?occurred_from=2026-13-45", {"format": "csv", "from": "map"},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/observationer/karta/?occurred_from=2026-13-45"
    assert "Filtret har fel" in response.content.decode()
    assert not AuditEntry.objects.filter(verb="observations.exported").exists()


def test_an_unknown_format_or_a_get_is_answered_without_an_export(client, coordinator, log):
    client.force_login(coordinator)
    assert client.post(EXPORT, {"format": "exe"}).status_code == 302
    assert client.get(EXPORT).status_code == 405


def test_the_query_count_does_not_grow_with_the_rows(client, coordinator, categories, reporter):
    client.force_login(coordinator)

    def count(fmt):
        with CaptureQueriesContext(connection) as queries:
            export(client, fmt)
        return len(queries)

    ObservationFactory.create_batch(2, reporter=reporter, restricted=True)
    few = {fmt: count(fmt) for fmt in ("xlsx", "csv", "geojson")}
    ObservationFactory.create_batch(40, reporter=reporter, restricted=True)
    ObservationFactory.create_batch(40, reporter=reporter)
    assert {fmt: count(fmt) for fmt in ("xlsx", "csv", "geojson")} == few


def test_a_large_export_becomes_a_job_whose_file_only_its_owner_gets(
        client, coordinator, police, log, settings):
    settings.EXPORT_SYNC_ROWS = 3
    client.force_login(coordinator)
    query = f"category={log['vandalism'].pk}"
    response = client.post(f"{EXPORT}?{query}", {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{EXPORT}{job.pk}/"
    assert job.filters == {"category": [str(log["vandalism"].pk)]}
    # A double click while it waits is the same job.
    client.post(f"{EXPORT}?{query}", {"format": "xlsx"})
    assert ExportJob.objects.count() == 1
    assert AuditEntry.objects.filter(verb="observations.export_queued").count() == 1
    assert not AuditEntry.objects.filter(verb="observations.exported").exists()
    page = client.get(f"{EXPORT}{job.pk}/").content.decode()
    assert "I kö" in page and "export-job.js" in page

    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.rows_done == job.rows_total == 5
    assert str(settings.EXPORT_ROOT) in job.file.path
    assert str(settings.MEDIA_ROOT) not in job.file.path
    download = client.get(f"{EXPORT}{job.pk}/fil/")
    assert download["Cache-Control"] == "private, no-store"
    assert "attachment" in download["Content-Disposition"]
    _header, ids, _rows = xlsx_ids(b"".join(download.streaming_content))
    assert ids == list_ids(client, query)
    assert ObservationAccess.objects.filter(via="export", user=coordinator).count() == 1
    assert client.get(f"/api/v1/export-jobs/{job.pk}/").json()["download"] == \
        f"{EXPORT}{job.pk}/fil/"

    client.force_login(police)
    assert client.get(f"{EXPORT}{job.pk}/").status_code == 404
    assert client.get(f"{EXPORT}{job.pk}/fil/").status_code == 404
    assert client.get(f"/api/v1/export-jobs/{job.pk}/").status_code == 404


def test_a_job_runs_once_however_often_its_task_is_delivered(coordinator, log):
    job = services.queue_export(by=coordinator, fmt="csv", filters={}, language="sv")
    services.run_export(job_id=job.pk)
    name = ExportJob.objects.get().file.name
    services.run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.file.name == name and job.attempts == 1
    assert ObservationAccess.objects.filter(via="export").count() == 1
    assert AuditEntry.objects.filter(verb="observations.export_written").count() == 1


def test_a_job_whose_filter_no_longer_holds_fails_with_a_message(coordinator, log):
    from observations.tasks import export_observations_task

    job = services.queue_export(by=coordinator, fmt="csv", filters={"category": ["999999"]},
                                language="sv")
    export_observations_task.apply(args=[str(job.pk)])
    job.refresh_from_db()
    assert job.state == "failed" and "Filtret gäller inte längre" in job.error and not job.file
    assert AuditEntry.objects.filter(verb="observations.export_failed").count() == 1


def test_an_export_is_erased_after_its_retention_period(client, coordinator, log, settings):
    settings.EXPORT_RETENTION_HOURS = 2
    job = services.queue_export(by=coordinator, fmt="geojson", filters={}, language="sv")
    job = services.run_export(job_id=job.pk)
    path = job.file.path
    assert services.erase_expired_exports(now=timezone.now() + timedelta(hours=1)) == 0
    assert services.erase_expired_exports(now=timezone.now() + timedelta(hours=3)) == 1
    job.refresh_from_db()
    assert not job.file and job.erased_at is not None
    assert AuditEntry.objects.get(verb="observations.exports_erased").changes["count"] == 1
    import os

    assert not os.path.exists(path)
    client.force_login(coordinator)
    response = client.get(f"{EXPORT}{job.pk}/fil/", follow=True)
    assert "Exporten är raderad" in response.content.decode()
    assert "erase-expired-exports" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.parametrize("count", [0, 1, 499, 500, 501, 1000])
def test_the_geojson_stays_valid_at_every_boundary_between_its_pieces(count):
    from observations import exports

    when = timezone.now().replace(tzinfo=None)
    row = {c.key: "x" for c in exports.COLUMNS} | {
        "occurred_at": when, "logged_at": when, "latitude": 59.5, "longitude": 17.6,
        "_restricted": False, "_severity": "low", "_status": "new"}
    text = "".join(exports.geojson_pieces({**row, "id": i} for i in range(count)))
    assert [f["id"] for f in json.loads(text)["features"]] == list(range(count))


def test_a_partner_system_asks_for_an_export_follows_it_and_fetches_the_file(
        api, coordinator, police, log):
    from rest_framework.authtoken.models import Token

    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")
    asked = {"format": "csv", "filters": {"category": [str(log["vandalism"].pk)]}}
    response = api.post("/api/v1/export-jobs/", asked, format="json")
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["state"] == "queued" and job["file"] is None
    assert response["Location"] == job["url"]
    # A plain text, as a WSGI server takes a header (the dev server refuses anything else).
    assert type(response.headers["Location"]) is str
    # Asked again while it waits: the same job.
    assert api.post("/api/v1/export-jobs/", asked, format="json").json()["id"] == job["id"]
    waiting = api.get(f"/api/v1/export-jobs/{job['id']}/file/")
    assert waiting.status_code == 404 and waiting.json()["detail"] == "Exporten är inte färdig."

    services.run_export(job_id=job["id"])
    done = api.get(job["url"]).json()
    assert done["state"] == "done" and done["file"].endswith(f"/export-jobs/{job['id']}/file/")
    answer = api.get(done["file"])
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    assert "attachment" in answer["Content-Disposition"]
    rows = b"".join(answer.streaming_content).decode("utf-8-sig").splitlines()[1:]
    listed = api.get("/api/v1/observations/", {"category": log["vandalism"].pk}).json()
    assert sorted(int(row.split(";")[0]) for row in rows) == \
        sorted(o["id"] for o in listed["results"])

    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=police).key}")
    assert api.get(done["file"]).status_code == 404


@pytest.mark.parametrize("asked, field", [
    ({"format": "pdf"}, "format"),
    ({"format": "csv", "filters": {"kategori": ["1"]}}, "filters"),
    ({"format": "csv", "filters": {"category": ["999999"]}}, "filters"),
    ({"format": "csv", "filters": {"occurred_from": ["2022-02-30"]}}, "filters"),
    ({"format": "csv", "filters": ["category"]}, "filters"),
])
def test_a_bad_export_request_is_a_field_error_and_queues_nothing(api, coordinator, log, asked,
                                                                   field):
    api.force_authenticate(coordinator)
    response = api.post("/api/v1/export-jobs/", asked, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("filters, field", [
    ({"logged_after": ["9999-12-31T23:59:59-12:00"]}, "logged_after"),
    ({"logged_after": ["0001-01-01T00:00:00+14:00"]}, "logged_after"),
    ({"\ud800": ["x"]}, "filters"),
])
def test_an_export_asked_with_filters_no_answer_could_hold_is_a_400(api, coordinator, filters,
                                                                    field):
    api.force_login(coordinator)
    response = api.generic("POST", "/api/v1/export-jobs/",
                           json.dumps({"format": "csv", "filters": filters}),
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in json.dumps(response.json()), response.json()
    listed = api.get("/api/v1/observations/", {"logged_after": "9999-12-31T23:59:59-12:00"})
    assert listed.status_code == 400 and "logged_after" in listed.json()
    assert not ExportJob.objects.exists()
