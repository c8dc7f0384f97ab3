"""The lägesbild of a week lists the insatser done and planned in it."""

from datetime import date, timedelta

import pytest

from observations.situation import services as report_services, snapshot

from ..factories import InterventionFactory

pytestmark = pytest.mark.django_db

MONDAY = date.fromisocalendar(2026, 45, 1)


@pytest.fixture
def week_insatser(areas, intervention_types):
    return {
        "done": InterventionFactory(title="Trygghetsvandring i Brunna", planned_start=MONDAY,
                                    planned_end=MONDAY, status="done", outcome="Tolv deltog.",
                                    areas=[areas["Brunna"]]),
        "planned": InterventionFactory(title="Extra ronder vid Bro station",
                                       planned_start=MONDAY + timedelta(days=4),
                                       planned_end=MONDAY + timedelta(days=12)),
        "across": InterventionFactory(title="Narkotikainsats i Tibble", status="ongoing",
                                      planned_start=MONDAY - timedelta(days=10),
                                      planned_end=MONDAY + timedelta(days=1)),
        "cancelled": InterventionFactory(title="Inställd", planned_start=MONDAY,
                                         status="cancelled"),
        "later": InterventionFactory(title="Veckan efter", planned_start=MONDAY + timedelta(days=7)),
    }


def test_the_week_lists_its_insatser_done_and_planned(week_insatser):
    report = report_services.compile_now(year=2026, week=45).report
    rows = {row["title"]: row for row in report.data["interventions"]}
    assert set(rows) == {"Trygghetsvandring i Brunna", "Extra ronder vid Bro station",
                         "Narkotikainsats i Tibble"}
    assert rows["Trygghetsvandring i Brunna"]["status"] == "done"
    assert rows["Trygghetsvandring i Brunna"]["areas"] == ["Brunna"]
    assert not any(row["restricted"] for row in rows.values())


def test_the_part_is_declared_as_rows_that_name_no_observation(week_insatser):
    part = next(p for p in snapshot.parts() if p.key == "interventions")
    assert part.sensitivity is snapshot.Sensitivity.ROWS and part.template
    report = report_services.compile_now(year=2026, week=45).report
    assert all("observation" not in key for row in report.data["interventions"] for key in row)


def test_the_page_and_pdf_show_the_weeks_insatser(client, coordinator, guard, week_insatser):
    report = report_services.compile_now(year=2026, week=45).report
    report_services.publish_report(report=report, by=coordinator, analysis="Lugnt.",
                                   recommendations="")
    client.force_login(guard)
    page = client.get(f"/lagesbild/{report.pk}/").content.decode()
    assert "Insatser under veckan" in page and "Trygghetsvandring i Brunna" in page
    assert f"/insatser/{week_insatser['planned'].pk}/" in page and "Inställd" not in page
    assert client.get(f"/lagesbild/{report.pk}/lagesbild.pdf").status_code == 200


def test_a_lagesbild_compiled_before_insatser_existed_still_reads(client, coordinator,
                                                                   week_insatser):
    report = report_services.compile_now(year=2026, week=45).report
    data = dict(report.data)
    del data["interventions"]
    type(report).objects.filter(pk=report.pk).update(data=data)
    client.force_login(coordinator)
    response = client.get(f"/lagesbild/{report.pk}/")
    assert response.status_code == 200 and "Insatser under veckan" not in response.content.decode()
