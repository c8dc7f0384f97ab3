"""The yearly lägesbild and åtgärdsplan (lag 2023:196): its figures equal independent counts,
an unchanged year keeps its version, the analysis of causes is saved with the revision check
and needed before publishing, and the PDF holds every priority area and the plan's rows."""

import io
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from agreements import services, snapshot
from agreements.compile import compile_year
from agreements.models import Measure, YearlyReport, YearlyReportJob
from observations.models import Observation
from trygghet.errors import DomainError, StaleEdit

from ..factories import InterventionFactory, ObservationFactory
from ..trygghet.test_audit import one_entry

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # a whole year, before this one


def moment(day, hour=12):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def year_of_work(agreement, priority_areas, coordinator, reporter, areas, categories,
                 intervention_types, police):
    """Observations in the report's year and the year before (some restricted, some outside
    any area, some on the year's edges), insatser done and not, a plan linking some of them."""
    Observation.objects.bulk_create([
        ObservationFactory.build(reporter=reporter, category=category, area=area,
                                 occurred_at=moment(day, hour), restricted=restricted)
        for day, hour, category, area, restricted in [
            (date(YEAR, 1, 1), 0, categories["klotter"], areas["Råby"], False),
            (date(YEAR, 3, 5), 22, categories["klotter"], areas["Råby"], True),
            (date(YEAR, 6, 1), 12, categories["narkotika"], areas["Bro station"], True),
            (date(YEAR, 6, 2), 12, categories["narkotika"], None, False),
            (date(YEAR, 12, 31), 23, categories["brand"], areas["Bro centrum"], False),
            (date(YEAR - 1, 5, 1), 12, categories["klotter"], areas["Råby"], False),
            (date(YEAR - 1, 12, 31), 23, categories["klotter"], areas["Tibble"], False),
            (date(YEAR + 1, 1, 1), 0, categories["brand"], areas["Bro centrum"], False),
        ]])
    joint = InterventionFactory(type=intervention_types["gemensam-insats"], status="done",
                                planned_start=date(YEAR, 4, 1), planned_end=date(YEAR, 4, 2),
                                outcome="Genomförd.", title="Gemensam insats i april")
    drugs = InterventionFactory(type=intervention_types["narkotikainsats"], status="done",
                                planned_start=date(YEAR, 9, 1), planned_end=date(YEAR, 9, 14),
                                outcome="Genomförd.", title="Narkotikainsats i september")
    InterventionFactory(type=intervention_types["narkotikainsats"], status="planned",
                        planned_start=date(YEAR, 11, 1), planned_end=date(YEAR, 11, 2),
                        title="Planerad narkotikainsats")
    InterventionFactory(type=intervention_types["extra-vaktarrond"], status="done",
                        planned_start=date(YEAR, 2, 1), planned_end=date(YEAR, 2, 1),
                        outcome="Klart.", title="Väktarrond utan åtgärd")
    InterventionFactory(type=intervention_types["gemensam-insats"], status="done",
                        planned_start=date(YEAR - 1, 4, 1), planned_end=date(YEAR - 1, 4, 1),
                        outcome="Klart.", title="Förra årets insats")
    violence = services.save_measure(
        by=coordinator, priority_area=priority_areas["Våld"],
        cause="Konflikter mellan grupper helgkvällar.",
        action="Gemensamma insatser kommun och polis.", when="Helgkvällar",
        organisations=[police.membership.organisation], status=Measure.Status.YELLOW,
        interventions=[joint])
    services.save_measure(
        by=coordinator, priority_area=priority_areas["Inget utsatt område i Upplands-Bro"],
        cause="Öppen narkotikahandel vid stationen.", action="Planerade narkotikainsatser.",
        status=Measure.Status.RED, interventions=[drugs])
    return violence


def compiled(agreement, coordinator):
    return services.compile_yearly_report_now(agreement=agreement, year=YEAR,
                                              by=coordinator).report


def test_the_reports_figures_equal_independent_counts(agreement, coordinator, year_of_work):
    data = compiled(agreement, coordinator).data

    def counted(first, last, **filters):
        start = timezone.make_aware(datetime.combine(first, time.min))
        end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
        return Observation.objects.filter(occurred_at__gte=start, occurred_at__lt=end,
                                          **filters).count()

    this_year = (date(YEAR, 1, 1), date(YEAR, 12, 31))
    last_year = (date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31))
    assert data["observations"]["total"] == {"count": counted(*this_year),
                                             "previous": counted(*last_year), "change": 150}
    for row in data["observations"]["by_category"]:
        assert row["count"] == counted(*this_year, category_id=row["id"])
        assert row["previous"] == counted(*last_year, category_id=row["id"])
    for row in data["observations"]["by_area"]:
        where = {"area_id": row["id"]} if row["id"] else {"area__isnull": True}
        assert row["count"] == counted(*this_year, **where)
        assert row["previous"] == counted(*last_year, **where)
    outside = next(r for r in data["observations"]["by_area"] if r["id"] is None)
    assert outside["count"] == counted(*this_year, area__isnull=True) == 1
    assert data["interventions"]["done"] == 3
    assert {r["name"]: r["count"] for r in data["interventions"]["by_type"]} == {
        "Gemensam insats kommun–polis": 1, "Narkotikainsats": 1, "Extra väktarrond": 1}
    assert data["interventions"]["outside_plan"] == 1
    per_area = {r["priority_area"]: r["done"] for r in data["interventions"]["by_priority_area"]}
    assert per_area[year_of_work.priority_area_id] == 1


def test_the_action_plan_is_stored_with_its_statuses_and_the_years_insatser(
        agreement, coordinator, year_of_work, priority_areas):
    data = compiled(agreement, coordinator).data
    plan = {row["priority_area"]: row["measures"] for row in data["action_plan"]}
    (violence,) = plan[priority_areas["Våld"].pk]
    assert (violence["status"], violence["done"], violence["who"]) == (
        "yellow", 1, ["Polisen"])
    assert [i["title"] for i in violence["interventions"]] == ["Gemensam insats i april"]
    assert plan[priority_areas["Ungdomar i riskzonen"].pk] == []


def test_indicators_are_compared_with_the_year_before_in_their_desired_direction(
        agreement, coordinator, priority_areas):
    from decimal import Decimal

    from agreements.models import Indicator

    indicator = services.save_indicator(
        by=coordinator, priority_area=priority_areas["Våld"], name="Anmälda misshandelsbrott",
        unit="antal", source=Indicator.Source.REPORTED_CRIME, direction=Indicator.Direction.DOWN)
    for year, value in ((YEAR - 2, 150), (YEAR - 1, 140), (YEAR, 146), (YEAR + 1, 120)):
        services.set_indicator_value(by=coordinator, indicator=indicator, year=year,
                                     value=Decimal(value))
    data = compiled(agreement, coordinator).data
    row = next(r for r in data["indicators"]
               if r["priority_area"] == priority_areas["Våld"].pk)["indicators"][0]
    assert (row["value"], row["previous"], row["verdict"]) == (146.0, 140.0, "worse")
    assert [year for year, _v in row["values"]] == [YEAR - 2, YEAR - 1, YEAR]


def test_an_unchanged_year_keeps_its_version_and_a_change_makes_one_with_the_analysis(
        agreement, coordinator, year_of_work, reporter, priority_areas):
    first = compiled(agreement, coordinator)
    services.save_causes(report=first, by=coordinator,
                         causes={priority_areas["Våld"].pk: "Konflikter mellan grupper."})
    again = services.compile_yearly_report_now(agreement=agreement, year=YEAR, by=coordinator)
    assert again.report == first and not again.made_new_version
    ObservationFactory(reporter=reporter, occurred_at=moment(date(YEAR, 7, 7)))
    second = compiled(agreement, coordinator)
    assert second.version == 2
    assert second.cause_for(priority_areas["Våld"].pk) == "Konflikter mellan grupper."


def test_a_job_run_twice_makes_one_report(agreement, coordinator, year_of_work):
    job = services.queue_yearly_report(agreement=agreement, year=YEAR, by=coordinator)
    services.run_yearly_compile(job_id=job.pk)
    services.run_yearly_compile(job_id=job.pk)
    job.refresh_from_db()
    assert YearlyReport.objects.count() == 1 and job.state == "done" and job.attempts == 1


def test_a_year_outside_the_agreement_or_ahead_is_refused_in_swedish(agreement, coordinator):
    for year in (2021, timezone.localdate().year + 1):
        with pytest.raises(DomainError) as error:
            services.queue_yearly_report(agreement=agreement, year=year, by=coordinator)
        assert error.value.field == "year" and "Välj ett år mellan 2022 och" in error.value.message


def test_publishing_needs_every_priority_areas_analysis(agreement, coordinator, priority_areas,
                                                       year_of_work):
    report = compiled(agreement, coordinator)
    with pytest.raises(DomainError) as error:
        services.publish_yearly_report(report=report, by=coordinator, causes={
            priority_areas["Våld"].pk: "Konflikter."})
    assert "Inget utsatt område i Upplands-Bro, Trygga offentliga miljöer, Ungdomar i riskzonen" \
        in error.value.message
    causes = {area.pk: f"Orsaker inom {area.name}." for area in priority_areas.values()}
    services.publish_yearly_report(report=report, by=coordinator, causes=causes)
    report.refresh_from_db()
    assert report.is_published
    with pytest.raises(DomainError):
        services.save_causes(report=report, by=coordinator, causes=causes)


def test_an_analysis_saved_from_a_stale_page_is_refused(agreement, coordinator, priority_areas,
                                                        year_of_work):
    report = compiled(agreement, coordinator)
    seen = report.revision
    services.save_causes(report=report, by=coordinator, revision=seen,
                         causes={priority_areas["Våld"].pk: "Kollegans text."})
    with pytest.raises(StaleEdit):
        services.save_causes(report=report, by=coordinator, revision=seen,
                             causes={priority_areas["Våld"].pk: "Min text."})
    report.refresh_from_db()
    assert report.cause_for(priority_areas["Våld"].pk) == "Kollegans text."


def test_members_see_only_published_reports(agreement, coordinator, police, year_of_work):
    report = compiled(agreement, coordinator)
    assert list(YearlyReport.objects.visible_to(police)) == []
    assert list(YearlyReport.objects.visible_to(coordinator)) == [report]
    assert list(YearlyReportJob.objects.visible_to(police)) == []


def test_the_promises_results_are_a_declared_shared_part(agreement, coordinator):
    parts = {part.key: part for part in snapshot.parts()}
    assert parts["promises"].sensitivity is snapshot.Sensitivity.SHARED
    assert parts["observations"].sensitivity is snapshot.Sensitivity.COUNTS
    assert set(compile_year(agreement, YEAR)) == set(parts)


def test_a_part_compiled_without_a_declaration_fails_the_compile(agreement):
    with pytest.raises(snapshot.UndeclaredPart):
        snapshot.check({**compile_year(agreement, YEAR), "leak": []})


def test_the_pdf_holds_every_priority_areas_name_and_the_action_plans_rows(
        client, agreement, coordinator, priority_areas, year_of_work):
    report = compiled(agreement, coordinator)
    client.force_login(coordinator)
    response = client.get(f"/overenskommelser/lagesbild/{report.pk}/lagesbild.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for name in priority_areas:
        assert name in text, name
    for row in ("Konflikter mellan grupper helgkvällar.", "Gemensamma insatser kommun och polis.",
                "Helgkvällar", "Gul: risk för avvikelse", "Öppen narkotikahandel vid stationen.",
                "Planerade narkotikainsatser.", "Röd: avviker från planen"):
        assert row in text, row
    assert f"Årlig lägesbild och åtgärdsplan {YEAR}" in text


def test_each_yearly_report_service_writes_one_audit_entry(agreement, coordinator,
                                                           priority_areas, year_of_work):
    job, _e = one_entry(lambda: services.queue_yearly_report(
        agreement=agreement, year=YEAR, by=coordinator), "yearly_report.compile_queued")
    report, entry = one_entry(lambda: services.run_yearly_compile(job_id=job.pk),
                              "yearly_report.compiled")
    assert entry.changes == {"job": str(job.pk), "version": 1}
    again = services.queue_yearly_report(agreement=agreement, year=YEAR, by=coordinator)
    one_entry(lambda: services.run_yearly_compile(job_id=again.pk), "yearly_report.unchanged")
    _r, entry = one_entry(lambda: services.save_causes(
        report=report, by=coordinator, causes={priority_areas["Våld"].pk: "Text."}),
        "yearly_report.causes_saved")
    assert entry.changes == {str(priority_areas["Våld"].pk): "ändrad"}
    one_entry(lambda: services.publish_yearly_report(
        report=report, by=coordinator,
        causes={a.pk: "Text." for a in priority_areas.values()}), "yearly_report.published")
    failed = services.queue_yearly_report(agreement=agreement, year=YEAR, by=coordinator)
    one_entry(lambda: services.mark_yearly_failed(job_id=failed.pk, error="Trasigt"),
              "yearly_report.compile_failed")
