"""The agreement's pages: members read, coordinators write; documents go only to members; a
bad CSV names its lines and keeps nothing; queries do not grow with the plan."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, Indicator, Measure, YearlyReportJob

from ..factories import InterventionFactory
from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(priority_areas, coordinator):
    return services.save_indicator(
        by=coordinator, priority_area=priority_areas["Trygga offentliga miljöer"],
        name="Andel som upplever dålig belysning som ett problem", unit="procent",
        source=Indicator.Source.SURVEY, direction=Indicator.Direction.DOWN)


def test_every_member_reads_the_agreement_and_its_plan(client, guard, agreement, priority_areas,
                                                       indicator, coordinator):
    measure = services.save_measure(by=coordinator, priority_area=priority_areas["Våld"],
                                    cause="Konflikter.", action="Gemensamma insatser.")
    client.force_login(guard)
    for path in ("/overenskommelser/", f"/overenskommelser/{agreement.pk}/",
                 f"/overenskommelser/indikatorer/{indicator.pk}/",
                 f"/overenskommelser/indikatorer/{indicator.pk}/trend.svg",
                 f"/overenskommelser/atgarder/{measure.pk}/"):
        assert client.get(path).status_code == 200, path
    page = client.get(f"/overenskommelser/{agreement.pk}/").content.decode()
    assert all(name in page for name in priority_areas) and "Gemensamma insatser." in page
    assert "Nytt prioriterat område" not in page
    assert client.get(f"/overenskommelser/{agreement.pk}/andra/").status_code == 403
    assert client.post(f"/overenskommelser/{agreement.pk}/lagesbild/",
                       {"year": 2024}).status_code == 403


def test_a_coordinator_records_an_agreement_once_however_often_the_form_is_sent(
        client, coordinator, police):
    client.force_login(coordinator)
    form = {"title": "Samverkansöverenskommelse", "starts_on": "2022-01-01",
            "parties": [coordinator.membership.organisation.pk, police.membership.organisation.pk],
            "submission": str(uuid.uuid4())}
    client.post("/overenskommelser/ny/", form)
    client.post("/overenskommelser/ny/", form)
    assert Agreement.objects.count() == 1


def test_an_agreement_form_with_one_party_keeps_what_was_typed(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/overenskommelser/ny/", {
        "title": "Bara vi", "starts_on": "2022-01-01",
        "parties": [coordinator.membership.organisation.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Välj minst två parter" in html and 'value="Bara vi"' in html


def test_a_measure_is_written_with_its_insatser_and_its_page_follows_them_up(
        client, coordinator, priority_areas, intervention_types):
    done = InterventionFactory(status="done", outcome="Klart.", title="Gemensam insats i maj")
    client.force_login(coordinator)
    area = priority_areas["Våld"]
    response = client.post(f"/overenskommelser/atgarder/ny/?omrade={area.pk}", {
        "cause": "Konflikter helgkvällar.", "action": "Gemensamma insatser.", "status": "yellow",
        "interventions": [done.pk], "submission": str(uuid.uuid4())})
    assert response.status_code == 302
    measure = Measure.objects.get()
    page = client.get(f"/overenskommelser/atgarder/{measure.pk}/").content.decode()
    assert "Gemensam insats i maj" in page and "Gul: risk för avvikelse" in page


def test_a_csv_with_bad_lines_is_refused_line_by_line_on_the_page(client, coordinator, indicator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("värden.csv", "År;Värde\n2023;31,5\n2024;x\n".encode())
    response = client.post(f"/overenskommelser/indikatorer/{indicator.pk}/import/",
                           {"file": upload})
    assert response.status_code == 400
    assert "Rad 3: ”x” är inget tal." in response.content.decode()
    assert not indicator.values.exists()
    upload = SimpleUploadedFile("värden.csv", "2023;31,5\n2024;29\n".encode())
    client.post(f"/overenskommelser/indikatorer/{indicator.pk}/import/", {"file": upload})
    assert indicator.values.count() == 2


def test_a_typed_value_with_a_decimal_comma_is_saved(client, coordinator, indicator):
    client.force_login(coordinator)
    client.post(f"/overenskommelser/indikatorer/{indicator.pk}/varde/",
                {"year": "2025", "value": "27,4"})
    assert str(indicator.values.get(year=2025).value) == "27.40"
    response = client.post(f"/overenskommelser/indikatorer/{indicator.pk}/varde/",
                           {"year": "2025", "value": "mycket"})
    assert response.status_code == 400
    assert "Ange ett tal, till exempel 72,5." in response.content.decode()


def test_documents_are_served_only_to_members_as_downloads(client, agreement, coordinator, guard,
                                                           settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    response = client.post(f"/overenskommelser/{agreement.pk}/dokument/", {
        "title": "Överenskommelsen", "file": SimpleUploadedFile("avtal.pdf", pdf_bytes())})
    assert response.status_code == 302
    document = agreement.documents.get()
    client.logout()
    anonymous = client.get(f"/overenskommelser/dokument/{document.pk}/")
    assert anonymous.status_code == 302 and "/konto/logga-in/" in anonymous["Location"]
    client.force_login(guard)
    response = client.get(f"/overenskommelser/dokument/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_an_upload_that_is_not_a_document_is_refused_on_the_page(client, agreement, coordinator,
                                                                 settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    response = client.post(f"/overenskommelser/{agreement.pk}/dokument/", {
        "title": "Bild", "file": SimpleUploadedFile("avtal.pdf", b"\x89PNG\r\n\x1a\nrest")})
    assert response.status_code == 400
    assert "vad den än heter" in response.content.decode()


def test_the_coordinator_compiles_a_year_and_follows_the_job_to_the_report(
        client, coordinator, agreement, priority_areas, django_capture_on_commit_callbacks):
    from trygghet.celery import app

    client.force_login(coordinator)
    year = timezone.localdate().year - 1
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/overenskommelser/{agreement.pk}/lagesbild/",
                                   {"year": year})
    finally:
        app.conf.task_always_eager = False
    job = YearlyReportJob.objects.get()
    assert response["Location"] == f"/overenskommelser/lagesbild/sammanstallning/{job.pk}/"
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    report = client.get(followed["Location"])
    assert f"Årlig lägesbild och åtgärdsplan {year}" in report.content.decode()


def test_a_job_still_running_shows_its_progress_page(client, coordinator, agreement):
    job = services.queue_yearly_report(agreement=agreement, year=2024, by=coordinator)
    client.force_login(coordinator)
    page = client.get(f"/overenskommelser/lagesbild/sammanstallning/{job.pk}/").content.decode()
    assert "I kö" in page and f'data-url="/api/v1/yearly-report-jobs/{job.pk}/"' in page


def test_a_year_that_cannot_be_compiled_is_a_field_error(client, coordinator, agreement):
    client.force_login(coordinator)
    response = client.post(f"/overenskommelser/{agreement.pk}/lagesbild/", {"year": 1999})
    assert response.status_code == 400
    assert "Välj ett år i listan." in response.content.decode()


def test_a_published_report_is_read_by_members_and_a_draft_is_not(
        client, coordinator, guard, agreement, priority_areas):
    year = timezone.localdate().year - 1
    report = services.compile_yearly_report_now(agreement=agreement, year=year,
                                                by=coordinator).report
    client.force_login(guard)
    assert client.get(f"/overenskommelser/lagesbild/{report.pk}/").status_code == 404
    services.publish_yearly_report(report=report, by=coordinator,
                                   causes={a.pk: "Orsaker." for a in priority_areas.values()})
    assert client.get(f"/overenskommelser/lagesbild/{report.pk}/").status_code == 200
    assert client.get(f"/overenskommelser/lagesbild/{report.pk}/kategorier.svg").status_code == 200


def test_the_analysis_form_refuses_a_stale_save_with_409_and_keeps_the_text(
        client, coordinator, agreement, priority_areas):
    report = services.compile_yearly_report_now(
        agreement=agreement, year=timezone.localdate().year - 1, by=coordinator).report
    seen = report.revision
    area = priority_areas["Våld"]
    services.save_causes(report=report, by=coordinator, causes={area.pk: "Kollegans analys."})
    client.force_login(coordinator)
    response = client.post(f"/overenskommelser/lagesbild/{report.pk}/orsaker/", {
        "revision": seen, f"cause_{area.pk}": "Min analys av våldet."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Min analys av våldet." in html and "Kollegans analys." in html


def test_the_agreement_page_takes_the_same_queries_however_large_the_plan(
        client, coordinator, agreement, priority_areas, intervention_types):
    client.force_login(coordinator)

    def grow(n):
        for i in range(n):
            for area in priority_areas.values():
                measure = services.save_measure(by=coordinator, priority_area=area,
                                                cause=f"Orsak {i}", action=f"Åtgärd {i}")
                measure.interventions.set([InterventionFactory() for _ in range(2)])
                indicator = services.save_indicator(
                    by=coordinator, priority_area=area, name=f"Indikator {i}", unit="procent",
                    source="enkat", direction="up")
                services.set_indicator_value(by=coordinator, indicator=indicator, year=2024,
                                             value=i)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/overenskommelser/{agreement.pk}/").status_code == 200
        return len(context.captured_queries)

    grow(1)
    few = queries()
    grow(3)
    assert queries() == few


def test_a_promise_of_the_agreement_shows_on_its_page(client, coordinator, agreement):
    from promises import services as promises

    promises.save_promise(by=coordinator, agreement=agreement, title="Medborgarlöfte 2026",
                          period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    client.force_login(coordinator)
    page = client.get(f"/overenskommelser/{agreement.pk}/").content.decode()
    assert "Medborgarlöfte 2026" in page


def test_a_measure_offers_the_insatser_of_the_last_year(client, coordinator, priority_areas,
                                                        intervention_types):
    recent = InterventionFactory(title="Ny insats")
    old = InterventionFactory(title="Gammal insats",
                              planned_start=timezone.localdate() - timedelta(days=800),
                              planned_end=timezone.localdate() - timedelta(days=790))
    client.force_login(coordinator)
    page = client.get(f"/overenskommelser/atgarder/ny/?omrade={priority_areas['Våld'].pk}")
    html = page.content.decode()
    assert recent.title in html and old.title not in html


def test_the_admin_lists_agreements_reports_promises_and_dialogues(client, admin_user, agreement):
    client.force_login(admin_user)
    for path in ("/admin/agreements/agreement/", "/admin/agreements/yearlyreport/",
                 "/admin/agreements/yearlyreportjob/", "/admin/promises/promise/",
                 "/admin/promises/dialogue/"):
        assert client.get(path).status_code == 200, path


def test_a_year_with_a_footnote_mark_is_refused_on_its_line(client, coordinator, indicator):
    """Statistics tables mark footnotes with superscripts ("2023¹"): a line's error, as any
    other year that is no year, never an error of the server."""
    client.force_login(coordinator)
    for text in ("2024²;5", "²;5", "9" * 5000 + ";5"):
        upload = SimpleUploadedFile("värden.csv", f"2023;31,5\n{text}\n".encode())
        response = client.post(f"/overenskommelser/indikatorer/{indicator.pk}/import/",
                               {"file": upload})
        assert response.status_code == 400
        assert "Rad 2: ”" in response.content.decode() and "är inget år" in response.content.decode()
    assert not indicator.values.exists()
    assert client.get("/overenskommelser/indikatorer/ny/", {"omrade": "²"}).status_code == 404
