import io
from datetime import timedelta

import pytest
from django.core import mail
from pypdf import PdfReader

from observations import report_services
from observations.lagesbild import week_bounds
from observations.models import CompileRequest, SituationReport

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(areas, reporter):
    start, _ = week_bounds(2026, 45)
    for hours in (20, 44, 70):
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours),
                           area=areas["Bro station"])
    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=21), severity="high",
                       restricted=True, area=areas["Råby"])
    job = CompileRequest.objects.create(iso_year=2026, iso_week=45)
    return report_services.run_compile(request_id=job.pk)


def publish(report, coordinator, analysis="Oro kring Bro station på kvällarna."):
    report_services.annotate_report(report=report, by=coordinator, analysis=analysis,
                                    recommendations="Extra väktarronder fredag och lördag.")
    return report_services.publish_report(report=report, by=coordinator)


def test_readers_get_404_for_an_unpublished_report_in_page_and_api(client, api, police, report):
    client.force_login(police)
    api.force_login(police)
    assert client.get(f"/observationer/lagesbild/{report.pk}/").status_code == 404
    assert api.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert api.get("/api/v1/reports/").json()["results"] == []


def test_readers_see_a_published_report(client, api, police, coordinator, report):
    publish(report, coordinator)
    client.force_login(police)
    page = client.get(f"/observationer/lagesbild/{report.pk}/").content.decode()
    assert "Oro kring Bro station på kvällarna." in page and "Bro station" in page
    api.force_login(police)
    data = api.get(f"/api/v1/reports/{report.pk}/").json()
    assert data["data"]["total"]["count"] == 4


def test_guards_do_not_see_restricted_rows_in_a_report_but_police_do(client, guard, police,
                                                                     coordinator, report):
    publish(report, coordinator)
    client.force_login(guard)
    data = client.get(f"/observationer/lagesbild/{report.pk}/").context["data"]
    assert data["total"]["count"] == 4  # counts include everything
    assert data["serious"] == [] and len(data["points"]) == 3
    client.force_login(police)
    data = client.get(f"/observationer/lagesbild/{report.pk}/").context["data"]
    assert len(data["serious"]) == 1 and len(data["points"]) == 4


def test_publishing_needs_an_analysis_and_then_freezes_it(coordinator, report):
    from trygghet.errors import DomainError

    with pytest.raises(DomainError):
        report_services.publish_report(report=report, by=coordinator)
    publish(report, coordinator)
    with pytest.raises(DomainError):
        report_services.annotate_report(report=report, by=coordinator, analysis="Ändrad",
                                        recommendations="")


def test_later_edits_of_observations_never_change_a_report(coordinator, report):
    from observations.models import Observation

    publish(report, coordinator)
    Observation.objects.all().delete()
    report.refresh_from_db()
    assert report.data["total"]["count"] == 4


def test_members_who_opted_in_get_an_email_on_publishing(report, coordinator, police, guard,
                                                         django_capture_on_commit_callbacks):
    from trygghet.celery import app

    app.conf.task_always_eager = True  # the mail task runs here, after the commit
    try:
        police.email = "polis@example.se"
        police.save()
        police.membership.lagesbild_email = True
        police.membership.save()
        guard.email = "vakt@example.se"
        guard.save()
        with django_capture_on_commit_callbacks(execute=True):
            publish(report, coordinator)
    finally:
        app.conf.task_always_eager = False
    assert [m.to for m in mail.outbox] == [["polis@example.se"]]
    assert "vecka 45" in mail.outbox[0].subject
    assert "Observationer: 4" in mail.outbox[0].body
    assert f"/observationer/lagesbild/{report.pk}/" in mail.outbox[0].body


def test_the_pdf_holds_the_week_the_figures_and_the_analysis(client, coordinator, report):
    publish(report, coordinator)
    client.force_login(coordinator)
    response = client.get(f"/observationer/lagesbild/{report.pk}/lagesbild.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lägesbild vecka 45 2026" in text
    assert "Observationer" in text and "4" in text and "Allvarliga händelser" in text
    assert "Oro kring Bro station på kvällarna." in text


def test_the_csv_holds_the_counts(client, coordinator, report):
    client.force_login(coordinator)
    body = client.get(f"/observationer/lagesbild/{report.pk}/lagesbild.csv").content.decode(
        "utf-8-sig")
    lines = body.splitlines()
    assert lines[0].startswith("dimension;namn;antal")
    assert "totalt;;4;" in body and "område;Bro station;3;" in body
    assert ";up" not in body and ";down" not in body


def test_coordinator_compiles_through_the_api_and_follows_the_job(api, coordinator, police,
                                                                  django_capture_on_commit_callbacks):
    api.force_login(police)
    assert api.post("/api/v1/reports/compile/", {"year": 2026, "week": 46},
                    format="json").status_code == 403
    api.force_login(coordinator)
    bad = api.post("/api/v1/reports/compile/", {"year": 2026, "week": 60}, format="json")
    assert bad.status_code == 400 and "week" in bad.json()
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post("/api/v1/reports/compile/", {"year": 2026, "week": 46}, format="json")
    assert response.status_code == 202 and len(callbacks) == 1  # queued after commit
    job = api.get(response["Location"]).json()
    assert job["state"] == "queued" and job["week"] == 46 and job["report"] is None


def test_coordinator_compiles_from_the_page_and_reaches_the_job(client, coordinator,
                                                               django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks():
        response = client.post("/observationer/lagesbild/", {"week": "2026-W44"})
    job = CompileRequest.objects.get()
    assert response["Location"] == f"/observationer/lagesbild/jobb/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "I kö" in page
    bad = client.post("/observationer/lagesbild/", {"week": "nästa vecka"})
    assert "till exempel 2026-W46" in bad.content.decode()


def test_the_shell_command_compiles_a_week(areas, capsys):
    from django.core.management import call_command

    call_command("compile_lagesbild", "2026-W45")
    assert "Lägesbild 2026-W45 version 1" in capsys.readouterr().out
    assert SituationReport.objects.get().iso_week == 45
