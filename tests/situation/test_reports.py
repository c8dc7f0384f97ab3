import io
from datetime import timedelta

import pytest
from django.core import mail
from pypdf import PdfReader

from observations.situation import services as report_services, snapshot
from observations.situation.models import CompileJob, SituationReport
from trygghet.errors import DomainError, StaleEdit
from trygghet.models import AuditEntry, OutboxMessage
from trygghet.weeks import week_bounds

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(areas, reporter):
    start, _ = week_bounds(2026, 45)
    for hours in (20, 44, 70):
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours),
                           area=areas["Bro station"])
    # A restricted observation alone in its corner of Råby: its own 250 m grid cell.
    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=21), severity="high",
                       restricted=True, area=areas["Råby"], latitude=59.5205, longitude=17.6125)
    return report_services.compile_now(year=2026, week=45).report


def publish(report, coordinator, analysis="Oro kring Bro station på kvällarna."):
    return report_services.publish_report(
        report=report, by=coordinator, analysis=analysis,
        recommendations="Extra väktarronder fredag och lördag.")


def test_readers_get_404_for_an_unpublished_report_in_page_and_api(client, api, police, report):
    client.force_login(police)
    api.force_login(police)
    assert client.get(f"/lagesbild/{report.pk}/").status_code == 404
    assert api.get(f"/api/v1/situation-reports/{report.pk}/").status_code == 404
    assert api.get("/api/v1/situation-reports/").json()["results"] == []


def test_readers_see_a_published_report(client, api, police, coordinator, report):
    publish(report, coordinator)
    client.force_login(police)
    page = client.get(f"/lagesbild/{report.pk}/").content.decode()
    assert "Oro kring Bro station på kvällarna." in page and "Bro station" in page
    api.force_login(police)
    data = api.get(f"/api/v1/situation-reports/{report.pk}/").json()
    assert data["data"]["total"]["count"] == 4


def test_guards_see_no_trace_of_a_restricted_observation_in_a_report_but_police_do(
        client, api, guard, police, coordinator, report):
    publish(report, coordinator)
    def draws_the_restricted_place(cells):
        return any(c["south"] <= 59.5205 < c["north"] and c["west"] <= 17.6125 < c["east"]
                   for c in cells)

    for reader, trusted in ((guard, False), (police, True)):
        client.force_login(reader)
        data = client.get(f"/lagesbild/{report.pk}/").context["data"]
        assert data["total"]["count"] == 4  # counts include everything, for everyone
        assert len(data["serious"]) == (1 if trusted else 0)
        assert len(data["points"]) == (4 if trusted else 3)
        assert draws_the_restricted_place(data["hotspot_cells"] + data["rising_cells"]) is trusted
        api.force_login(reader)
        api_data = api.get(f"/api/v1/situation-reports/{report.pk}/").json()["data"]
        assert len(api_data["points"]) == len(data["points"])
        assert len(api_data["hotspot_cells"]) == len(data["hotspot_cells"])


def test_every_part_of_a_snapshot_is_declared_with_its_sensitivity(report):
    assert set(report.data) == {part.key for part in snapshot.parts()}


def test_a_part_added_without_a_declaration_stops_the_compile(areas, monkeypatch):
    from observations.situation import compile as compiler

    undeclared = snapshot.Part("insatser", snapshot.Sensitivity.ROWS, lambda ctx: [])
    monkeypatch.setattr(snapshot, "parts", lambda: list(snapshot._PARTS.values()) + [undeclared])
    with pytest.raises(snapshot.UndeclaredPart):
        compiler.compile_week(2026, 45)


def test_publishing_needs_an_analysis_and_then_freezes_it(coordinator, report):
    with pytest.raises(DomainError):
        report_services.publish_report(report=report, by=coordinator)
    publish(report, coordinator)
    with pytest.raises(DomainError):
        report_services.annotate_report(report=report, by=coordinator, analysis="Ändrad",
                                        recommendations="")


def test_a_save_from_a_stale_form_is_refused_and_the_saved_text_kept(coordinator, report):
    seen = report.revision
    report_services.annotate_report(report=report, by=coordinator, analysis="Kollegans text",
                                    recommendations="", revision=seen)
    with pytest.raises(StaleEdit) as error:
        report_services.annotate_report(report=report, by=coordinator, analysis="Min text",
                                        recommendations="", revision=seen)
    assert "koordinator" in error.value.message or "Test" in error.value.message
    report.refresh_from_db()
    assert report.analysis == "Kollegans text"


def test_the_page_shows_a_stale_save_with_what_was_typed_and_what_is_saved(
        client, coordinator, report):
    client.force_login(coordinator)
    seen = report.revision
    client.post(f"/lagesbild/{report.pk}/analys/", {"analysis": "Kollegans text",
                                                   "recommendations": "", "revision": seen})
    response = client.post(f"/lagesbild/{report.pk}/analys/", {
        "analysis": "Min egen analys", "recommendations": "", "revision": seen})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Min egen analys" in page and "Kollegans text" in page
    assert "efter att du öppnade sidan" in page


def test_later_edits_of_observations_never_change_a_report(coordinator, report):
    from observations.models import Observation

    publish(report, coordinator)
    Observation.objects.all().delete()
    report.refresh_from_db()
    assert report.data["total"]["count"] == 4


def opt_in(user, email):
    user.email = email
    user.save()
    user.membership.lagesbild_email = True
    user.membership.save()


def test_members_who_opted_in_get_one_email_however_often_the_task_runs(
        report, coordinator, police, guard, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from trygghet.celery import app

    app.conf.task_always_eager = True  # the mail task runs here, after the commit
    try:
        opt_in(police, "polis@example.se")
        guard.email = "vakt@example.se"
        guard.save()
        with django_capture_on_commit_callbacks(execute=True):
            publish(report, coordinator)
        # A redelivered message, a retry after a crash: nobody is mailed twice.
        assert report_services.send_published_mail(report_id=report.pk) == 0
    finally:
        app.conf.task_always_eager = False
    assert [m.to for m in mail.outbox] == [["polis@example.se"]]
    assert "vecka 45" in mail.outbox[0].subject
    assert "Observationer: 4" in mail.outbox[0].body
    assert "/lagesbild/vecka/2026-W45/" in mail.outbox[0].body
    assert OutboxMessage.objects.get().done_at is not None


def test_a_mail_that_fails_is_sent_by_the_retry_and_only_to_those_left(
        report, coordinator, police, monkeypatch):
    from observations.situation import services

    opt_in(police, "polis@example.se")
    publish(report, coordinator)
    real_send = services.send_mail

    def failing(*args, **kwargs):
        raise OSError("SMTP-servern svarar inte")

    monkeypatch.setattr(services, "send_mail", failing)
    with pytest.raises(OSError):
        services.send_published_mail(report_id=report.pk)
    monkeypatch.setattr(services, "send_mail", real_send)
    assert services.send_published_mail(report_id=report.pk) == 1
    assert services.send_published_mail(report_id=report.pk) == 0
    assert len(mail.outbox) == 1


def test_the_pdf_holds_the_week_the_figures_and_the_analysis(client, coordinator, report):
    publish(report, coordinator)
    client.force_login(coordinator)
    response = client.get(f"/lagesbild/{report.pk}/lagesbild.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lägesbild vecka 45 2026" in text
    assert "Observationer" in text and "Allvarliga händelser" in text
    assert "Oro kring Bro station på kvällarna." in text


def test_the_csv_holds_the_counts_with_swedish_decimals(client, coordinator, report):
    client.force_login(coordinator)
    body = client.get(f"/lagesbild/{report.pk}/lagesbild.csv").content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].startswith("dimension;namn;antal")
    assert "totalt;;4;0;0,0;0;" in body and "område;Bro station;3;0;0,0;0;" in body
    assert "veckodag;måndag;" in body


def test_the_csv_flags_a_marked_rise_in_words(client, coordinator, areas, reporter):
    start, _ = week_bounds(2026, 45)
    for hours in range(0, 12 * 12, 12):  # twelve in one week against none before
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours),
                           area=areas["Tibble"])
    report = report_services.compile_now(year=2026, week=45).report
    assert report.data["total"]["flag"] == "up"
    client.force_login(coordinator)
    body = client.get(f"/lagesbild/{report.pk}/lagesbild.csv").content.decode("utf-8-sig")
    total_line = next(line for line in body.splitlines() if line.startswith("totalt;"))
    assert total_line.split(";") == ["totalt", "", "12", "0", "0,0", "0", "markant upp"]


def test_the_csv_speaks_english_in_the_english_interface(client, coordinator, report):
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    body = client.get(f"/lagesbild/{report.pk}/lagesbild.csv").content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("dimension;name;count")
    assert "weekday;Monday;" in body


def test_coordinator_compiles_through_the_api_and_follows_the_job(
        api, coordinator, police, django_capture_on_commit_callbacks):
    api.force_login(police)
    assert api.post("/api/v1/situation-reports/compile/", {"year": 2026, "week": 46},
                    format="json").status_code == 403
    api.force_login(coordinator)
    bad = api.post("/api/v1/situation-reports/compile/", {"year": 2026, "week": 60}, format="json")
    assert bad.status_code == 400 and "week" in bad.json()
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post("/api/v1/situation-reports/compile/", {"year": 2026, "week": 46},
                            format="json")
    assert response.status_code == 202 and len(callbacks) == 1  # queued after commit
    job = api.get(response["Location"]).json()
    assert job["state"] == "queued" and job["week"] == 46 and job["report"] is None


def test_a_burst_of_compile_requests_for_one_week_makes_one_job(api, coordinator):
    api.force_login(coordinator)
    ids = {api.post("/api/v1/situation-reports/compile/", {"year": 2026, "week": 46},
                    format="json").json()["id"] for _ in range(20)}
    assert len(ids) == 1 and CompileJob.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_coordinator_compiles_from_the_page_and_reaches_the_job(client, coordinator,
                                                               django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks():
        response = client.post("/lagesbild/", {"week": "2026-W44"})
    job = CompileJob.objects.get()
    assert response["Location"] == f"/lagesbild/sammanstallning/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "I kö" in page
    bad = client.post("/lagesbild/", {"week": "nästa vecka"})
    assert "till exempel 2026-W46" in bad.content.decode()


def test_compiling_an_unchanged_week_from_the_page_says_so(client, coordinator, report):
    client.force_login(coordinator)
    job = report_services.compile_now(year=2026, week=45, by=coordinator)
    response = client.get(f"/lagesbild/sammanstallning/{job.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/lagesbild/{report.pk}/"
    assert "Inget har ändrats i veckan" in response.content.decode()


def test_the_shell_command_compiles_a_week(areas, capsys):
    from django.core.management import call_command

    call_command("compile_lagesbild", "2026-W45")
    assert "Lägesbild 2026-W45 version 1" in capsys.readouterr().out
    assert SituationReport.objects.get().iso_week == 45
    assert AuditEntry.objects.filter(verb="report.compiled").count() == 1
