"""The lägesbild as people read it: readable dates, figures that lead to the observations, the
week's hours, a trend per category, corrections after publishing, a PDF for the briefing."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from pypdf import PdfReader

from observations.situation import services
from observations.situation.models import SituationReport
from trygghet.errors import DomainError
from trygghet.models import AuditEntry
from trygghet.weeks import week_bounds

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(areas, reporter, guard):
    start, _ = week_bounds(2026, 45)
    for hours in (20, 44, 70, 93):
        ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=hours),
                           area=areas["Bro station"], severity="high" if hours == 44 else "low")
    # Forty observations still open from long before the week.
    for days in range(40):
        ObservationFactory(reporter=guard, occurred_at=start - timedelta(days=20 + days),
                           area=areas["Tibble"])
    return start


@pytest.fixture
def published(week, coordinator):
    report = services.compile_now(year=2026, week=45).report
    return services.publish_report(report=report, by=coordinator, analysis="Oro vid stationen.",
                                   recommendations="Extra ronder.")


def page(client, user, report):
    client.force_login(user)
    response = client.get(f"/lagesbild/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_serious_events_show_date_and_time_apart_and_link_to_their_observation(
        client, police, published):
    html = page(client, police, published)
    serious = published.data["serious"][0]
    assert re.search(r"tis 3 november 2[01]:00", html)  # 44 hours into the week
    assert f'href="/observationer/{serious["id"]}/"' in html


def test_the_open_list_shows_thirty_links_and_says_how_many_more(client, police, published):
    html = page(client, police, published)
    section = html.split('id="open-heading"')[1].split("</section>")[0]
    assert len(re.findall(r'href="/observationer/\d+/"', section)) == 30
    assert "och 10 till." in section
    assert "status=new&amp;status=in_progress" in section


def test_the_headline_counts_lead_to_the_same_observations_in_the_list(client, police, published):
    html = page(client, police, published)
    total_link = re.search(r'<dd class="figure"><a href="([^"]+)">4</a>', html).group(1)
    listed = client.get(total_link.replace("&amp;", "&"))
    assert listed.context["page"].paginator.count == 4
    serious_link = re.search(r'<dd class="figure"><a href="([^"]+)">1</a>', html).group(1)
    assert client.get(serious_link.replace("&amp;", "&")).context["page"].paginator.count == 1


def test_the_week_is_shown_as_weekday_by_hour(client, police, published):
    html = page(client, police, published)
    grid = html.split('class="table compact heat-grid"')[1].split("</table>")[0]
    assert grid.count("<tr>") == 8  # the header and seven days
    assert 'class="num heat-5"' in grid


def test_the_trend_is_a_small_chart_per_category_with_the_table_kept(client, police, published):
    html = page(client, police, published)
    assert f'src="/lagesbild/{published.pk}/trend.svg"' in html
    assert "Observationer per kategori och vecka" in html  # the table for screen readers
    client.force_login(police)
    svg = client.get(f"/lagesbild/{published.pk}/trend.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    for row in published.data["trend"]["series"]:
        assert row["name"].encode() in svg.content or row["name"][:8].encode() in svg.content


def test_a_correction_is_a_new_published_version_the_old_stays_readable(
        client, coordinator, police, published):
    correction = services.correct_report(
        report=published, by=coordinator, analysis="Oro vid stationen och i Råby.",
        recommendations="Extra ronder.", reason="Råby saknades i analysen.")
    assert (correction.version, correction.corrects) == (published.version + 1, published)
    assert correction.is_published and correction.data == published.data
    html = page(client, police, correction)
    assert "Oro vid stationen och i Råby." in html and "Råby saknades i analysen." in html
    assert coordinator.get_full_name() in html
    old = page(client, police, published)
    assert "Oro vid stationen." in old and "Det finns en nyare version" in old
    client.force_login(police)
    assert client.get("/lagesbild/vecka/2026-W45/")["Location"] == f"/lagesbild/{correction.pk}/"
    listing = client.get("/lagesbild/").content.decode()
    assert f"/lagesbild/{correction.pk}/" in listing and "Rättad" in listing
    assert AuditEntry.objects.filter(verb="report.corrected").count() == 1


def test_a_correction_needs_a_reason_and_the_newest_published_version(coordinator, published):
    with pytest.raises(DomainError) as error:
        services.correct_report(report=published, by=coordinator, analysis="Ny.",
                                recommendations="", reason=" ")
    assert error.value.field == "reason"
    services.correct_report(report=published, by=coordinator, analysis="Ny.",
                            recommendations="", reason="Stavfel.")
    with pytest.raises(DomainError):
        services.correct_report(report=published, by=coordinator, analysis="Nyare.",
                                recommendations="", reason="Igen.")


def test_a_correction_is_mailed_to_those_who_asked_with_its_reason(
        coordinator, police, published, django_capture_on_commit_callbacks):
    from trygghet.celery import app

    police.email = "polis@example.se"
    police.save()
    police.membership.lagesbild_email = True
    police.membership.save()
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.correct_report(report=published, by=coordinator, analysis="Ny analys.",
                                    recommendations="", reason="Fel område angivet.")
    finally:
        app.conf.task_always_eager = False
    assert [m.subject for m in mail.outbox] == ["Lägesbild vecka 45 2026 är rättad"]
    assert "Fel område angivet." in mail.outbox[0].body
    assert "/lagesbild/vecka/2026-W45/" in mail.outbox[0].body


def test_the_coordinator_corrects_from_the_page(client, coordinator, published):
    client.force_login(coordinator)
    response = client.post(f"/lagesbild/{published.pk}/rattelse/", {
        "analysis": "Rättad analys.", "recommendations": "", "reason": ""})
    assert response.status_code == 400
    assert "Skriv varför lägesbilden rättas." in response.content.decode()
    assert "Rättad analys." in response.content.decode()  # what was typed is kept
    response = client.post(f"/lagesbild/{published.pk}/rattelse/", {
        "analysis": "Rättad analys.", "recommendations": "", "reason": "Uppdaterad bild."})
    correction = SituationReport.objects.get(corrects=published)
    assert response["Location"] == f"/lagesbild/{correction.pk}/"


def test_the_pdf_carries_the_municipality_the_map_and_the_charts(client, police, published):
    client.force_login(police)
    response = client.get(f"/lagesbild/{published.pk}/lagesbild.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Upplands-Bro kommun" in text and "Karta över veckan" in text
    images = [image for p in reader.pages for image in p.images]
    assert len(images) >= 2  # the map of the week and the trend
    assert all(image.image.size[0] > 400 for image in images)
    assert re.search(r"tis 3 november 2[01]:00", text)


def test_a_reader_posting_a_correction_is_refused_whatever_the_form_holds(client, police,
                                                                         published):
    client.force_login(police)
    for data in ({}, {"analysis": "Ny.", "recommendations": "", "reason": "Fel."}):
        response = client.post(f"/lagesbild/{published.pk}/rattelse/", data)
        assert response.status_code == 403
        assert 'name="reason"' not in response.content.decode()
    assert not SituationReport.objects.filter(corrects=published).exists()
