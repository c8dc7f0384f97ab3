"""Every main page meets WCAG 2.1 A and AA as far as axe-core can tell, on a 360 px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from observations.situation import services as report_services

from ..factories import ObservationFactory
from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def violations(page):
    page.wait_for_load_state("networkidle")
    result = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


def test_the_main_pages_have_no_wcag_violations(phone, areas, reporter, coordinator):
    observation = ObservationFactory(reporter=reporter, area=areas["Bro centrum"],
                                     place_description="Vid torget")
    report = report_services.compile_now(year=2026, week=45).report
    page = phone
    page.goto("/konto/logga-in/")
    found = {"login": violations(page)}
    log_in(page, "koordinator")
    for name, path in [
        ("list", "/observationer/"),
        ("filtered list", "/observationer/?severity=medium&q=grupp"),
        ("map", "/observationer/karta/"),
        ("log form", "/observationer/ny/"),
        ("detail", f"/observationer/{observation.pk}/"),
        ("reports", "/lagesbild/"),
        ("report", f"/lagesbild/{report.pk}/"),
        ("settings", "/konto/installningar/"),
        ("password", "/konto/losenord/"),
    ]:
        page.goto(path)
        found[name] = violations(page)
    page.goto("/observationer/ny/")
    page.get_by_role("button", name="Logga observationen").click()
    found["log form with errors"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}


def test_the_insats_and_meeting_pages_have_no_wcag_violations(
        phone, areas, intervention_types, reporter, coordinator, police):
    from datetime import timedelta

    from django.utils import timezone

    from observations.interventions import services as planning
    from trygghet.weeks import shift_week, week_bounds, week_of

    year, week = week_of()
    last = shift_week(year, week, -1)
    start, _end = week_bounds(*last)
    observations = [ObservationFactory(reporter=reporter, area=areas["Råby"],
                                       occurred_at=start + timedelta(hours=h))
                    for h in range(10, 160, 20)]
    report = report_services.compile_now(year=last[0], week=last[1]).report
    report_services.publish_report(report=report, by=coordinator, analysis="Lugnt.",
                                   recommendations="")
    insats = planning.create_intervention(
        by=coordinator, type=intervention_types["extra-vaktarrond"], title="Extra ronder i Råby",
        planned_start=timezone.localdate() - timedelta(days=2),
        planned_end=timezone.localdate() - timedelta(days=1), responsible=police,
        areas=[areas["Råby"]], observations=observations[:2])
    meeting = planning.open_meeting(year=year, week=week, by=coordinator)
    planning.record_decision(meeting=meeting, by=coordinator, text="Vandring i Råby.",
                             intervention=dict(type=intervention_types["trygghetsvandring"],
                                               title="Trygghetsvandring i Råby",
                                               planned_start=timezone.localdate(),
                                               planned_end=timezone.localdate(),
                                               responsible=police))
    page = phone
    found = {}
    for username, paths in [
        ("koordinator", [
            ("start, coordinator", "/"),
            ("insatser", "/insatser/"),
            ("insatser filtered", "/insatser/?overdue=on&q=ronder"),
            ("week", "/insatser/vecka/"),
            ("plan form", "/insatser/ny/"),
            ("insats", f"/insatser/{insats.pk}/"),
            ("edit form", f"/insatser/{insats.pk}/andra/"),
            ("meetings", "/insatser/moten/"),
            ("meeting", f"/insatser/moten/{year}-W{week}/"),
            ("next meeting, not opened", "/insatser/moten/{}-W{}/".format(*shift_week(year, week, 1))),
            ("quarter", "/insatser/kvartal/"),
            ("quarter with an error", "/insatser/kvartal/?kvartal=fel"),
            ("subscriptions", "/insatser/bevakningar/"),
            ("observation with insatser", f"/observationer/{observations[0].pk}/"),
            ("lägesbild with insatser", f"/lagesbild/{report.pk}/"),
        ]),
        ("rapportor", [("start, reporter", "/")]),
        ("polis", [("start, reader", "/"), ("insats, owner", f"/insatser/{insats.pk}/")]),
    ]:
        page.context.clear_cookies()
        log_in(page, username)
        for name, path in paths:
            page.goto(path)
            found[name] = violations(page)
    page.context.clear_cookies()
    log_in(page, "koordinator")
    page.goto("/insatser/ny/")
    page.get_by_role("button", name="Planera insatsen").click()
    found["plan form with errors"] = violations(page)
    page.goto(f"/insatser/moten/{year}-W{week}/")
    page.get_by_role("button", name="Protokollför beslutet").click()
    found["decision form with errors"] = violations(page)
    page.goto(f"/insatser/{insats.pk}/")
    page.get_by_role("combobox", name="Status").select_option("done")
    page.get_by_role("button", name="Spara", exact=True).click()
    found["status without outcome"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
