"""The agreements API: partners read agreements and published yearly reports, coordinators
write through the same services as the pages."""

from datetime import date

import pytest
from django.utils import timezone

from agreements import services
from agreements.models import Indicator, YearlyReportJob

from ..conftest import as_user

pytestmark = pytest.mark.django_db


def test_a_partner_reads_the_agreement_with_its_priority_areas(api, guard, agreement,
                                                               priority_areas):
    response = as_user(api, guard).get("/api/v1/agreements/")
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert [p["name"] for p in row["priority_areas"]] == list(priority_areas)
    assert row["party_names"] == ["Polisen", "Trygghet och prevention"]


def test_a_partner_may_not_write(api, guard, agreement):
    api = as_user(api, guard)
    assert api.post("/api/v1/agreements/", {}, format="json").status_code == 403
    assert api.post(f"/api/v1/agreements/{agreement.pk}/priority-areas/", {"name": "X"},
                    format="json").status_code == 403


def test_a_coordinator_adds_a_priority_area_an_indicator_and_a_value(api, coordinator,
                                                                     agreement):
    api = as_user(api, coordinator)
    area = api.post(f"/api/v1/agreements/{agreement.pk}/priority-areas/", {"name": "Våld"},
                    format="json")
    assert area.status_code == 201
    indicator = api.post(f"/api/v1/agreements/{agreement.pk}/indicators/", {
        "priority_area": area.json()["id"], "name": "Anmälda misshandelsbrott", "unit": "antal",
        "source": "anmalda_brott", "direction": "down"}, format="json")
    assert indicator.status_code == 201
    value = api.post(f"/api/v1/agreements/{agreement.pk}/indicator-values/", {
        "indicator": indicator.json()["id"], "year": 2025, "value": "134"}, format="json")
    assert value.status_code == 200 and value.json() == {"year": 2025, "value": "134.00"}


def test_an_indicator_of_another_agreement_is_refused(api, coordinator, agreement, police):
    other = services.save_agreement(
        by=coordinator, title="Annan", starts_on=date(2022, 1, 1),
        parties=[coordinator.membership.organisation, police.membership.organisation])
    area = services.save_priority_area(by=coordinator, agreement=other, name="Våld")
    indicator = services.save_indicator(by=coordinator, priority_area=area, name="X", unit="st",
                                        source=Indicator.Source.OTHER,
                                        direction=Indicator.Direction.UP)
    response = as_user(api, coordinator).post(
        f"/api/v1/agreements/{agreement.pk}/indicator-values/",
        {"indicator": indicator.pk, "year": 2025, "value": "1"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"indicator": ["Den hör till en annan överenskommelse."]}


def test_an_agreement_with_one_party_is_a_field_error(api, coordinator):
    response = as_user(api, coordinator).post("/api/v1/agreements/", {
        "title": "Ensam", "starts_on": "2022-01-01",
        "parties": [coordinator.membership.organisation.pk]}, format="json")
    assert response.status_code == 400 and "parties" in response.json()


def test_compiling_a_year_answers_202_with_the_job_to_follow(api, coordinator, agreement):
    year = timezone.localdate().year - 1
    response = as_user(api, coordinator).post(
        f"/api/v1/agreements/{agreement.pk}/yearly-reports/", {"year": year}, format="json")
    assert response.status_code == 202
    job = YearlyReportJob.objects.get()
    assert response["Location"].endswith(f"/api/v1/yearly-report-jobs/{job.pk}/")
    assert api.get(f"/api/v1/yearly-report-jobs/{job.pk}/").json()["state"] == "queued"
    bad = api.post(f"/api/v1/agreements/{agreement.pk}/yearly-reports/", {"year": 2019},
                   format="json")
    assert bad.status_code == 400 and "year" in bad.json()


def test_partners_read_published_reports_and_coordinators_write_the_analysis(
        api, coordinator, guard, agreement, priority_areas):
    report = services.compile_yearly_report_now(
        agreement=agreement, year=timezone.localdate().year - 1, by=coordinator).report
    as_user(api, guard)
    assert api.get(f"/api/v1/yearly-reports/{report.pk}/").status_code == 404
    assert api.get("/api/v1/yearly-report-jobs/").json()["results"] == []
    as_user(api, coordinator)
    causes = {str(a.pk): f"Orsaker inom {a.name}." for a in priority_areas.values()}
    response = api.post(f"/api/v1/yearly-reports/{report.pk}/causes/",
                        {"causes": causes, "publish": True, "revision": report.revision},
                        format="json")
    assert response.status_code == 200 and response.json()["published"] is True
    as_user(api, guard)
    data = api.get(f"/api/v1/yearly-reports/{report.pk}/").json()
    assert data["causes"] == causes and set(data["data"]) >= {"observations", "promises"}


def test_a_party_named_twice_is_one_party(api, coordinator, police):
    api.force_login(coordinator)
    party = coordinator.membership.organisation.pk
    response = api.post("/api/v1/agreements/", {
        "title": "Dubbel", "parties": [party, party], "starts_on": "2027-01-01"}, format="json")
    assert response.status_code == 400 and "parties" in response.json()
