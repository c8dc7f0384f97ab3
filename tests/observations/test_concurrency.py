"""Two people (or two taps) at the same moment: one change wins, the other is told clearly,
and nothing typed is lost. Each request runs in its own thread with its own connection to
PostgreSQL, released together."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from observations.models import Category, Observation
from observations.situation import services as situation
from trygghet.weeks import week_bounds

from ..factories import BRO_CENTRUM, ObservationFactory, member

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*requests):
    """Run the callables in threads released by one barrier; their results in order."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, request):
        try:
            barrier.wait(timeout=10)
            results[index] = request()
        except Exception as error:  # noqa: BLE001 - surfaced by the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def logged_in(user, client_class=Client):
    client = client_class()
    client.force_login(user)
    return client


def test_two_status_changes_from_the_same_page_one_wins_the_other_keeps_its_comment(
        areas, reporter, coordinator):
    colleague = member("coordinator", "kommun", "Trygghet och prevention", username="kollega")
    observation = ObservationFactory(reporter=reporter)
    seen = observation.revision
    url = f"/observationer/{observation.pk}/uppfoljning/"
    mine, theirs = logged_in(coordinator), logged_in(colleague)
    responses = at_once(
        lambda: mine.post(url, {"status": "resolved", "comment": "Lampan lagad.", "revision": seen}),
        lambda: theirs.post(url, {"status": "no_action", "comment": "Ingen åtgärd behövs.",
                                  "revision": seen}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [302, 409], codes
    loser = next(r for r in responses if r.status_code == 409)
    page = loser.content.decode()
    lost_comment = "Lampan lagad." if "Lampan lagad." in page else "Ingen åtgärd behövs."
    assert lost_comment in page and "efter att du öppnade sidan" in page
    observation.refresh_from_db()
    assert observation.status in ("resolved", "no_action")
    assert observation.events.filter(kind="status").count() == 1


def test_two_analysis_saves_from_the_same_page_one_wins_the_other_keeps_its_text(
        areas, reporter, coordinator):
    colleague = member("coordinator", "kommun", "Trygghet och prevention", username="kollega")
    start, _ = week_bounds(2026, 45)
    ObservationFactory(reporter=reporter, occurred_at=start + timedelta(hours=3))
    report = situation.compile_now(year=2026, week=45).report
    url = f"/lagesbild/{report.pk}/analys/"
    mine, theirs = logged_in(coordinator), logged_in(colleague)
    responses = at_once(
        lambda: mine.post(url, {"analysis": "Min analys.", "recommendations": "",
                                "revision": report.revision}),
        lambda: theirs.post(url, {"analysis": "Kollegans analys.", "recommendations": "",
                                  "revision": report.revision}),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = next(r for r in responses if r.status_code == 409).content.decode()
    report.refresh_from_db()
    winner_text = report.analysis
    assert winner_text in ("Min analys.", "Kollegans analys.")
    other = "Kollegans analys." if winner_text == "Min analys." else "Min analys."
    assert other in loser and winner_text in loser  # the typed text and what is saved now


def test_two_api_posts_with_one_idempotency_key_make_one_observation(areas, reporter):
    key = str(uuid.uuid4())
    body = {"category": Category.objects.get(slug="klotter").pk,
            "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "latitude": BRO_CENTRUM[0], "longitude": BRO_CENTRUM[1], "description": "Tags."}
    clients = [logged_in(reporter, APIClient) for _ in range(2)]
    responses = at_once(*[
        (lambda c=c: c.post("/api/v1/observations/", body, format="json",
                            HTTP_IDEMPOTENCY_KEY=key)) for c in clients])
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert sorted(r["Idempotent-Replayed"] for r in responses) == ["false", "true"]
    assert Observation.objects.count() == 1
    # Within 24 hours the key still answers the same, and another body with it is refused.
    again = clients[0].post("/api/v1/observations/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201 and again.json()["id"] == responses[0].json()["id"]
    other = clients[0].post("/api/v1/observations/", {**body, "description": "Annat"},
                            format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert other.status_code == 400 and "Idempotency-Key" in other.json()
    assert Observation.objects.count() == 1


def test_a_form_sent_twice_at_once_logs_one_observation(areas, reporter):
    form = {"category": Category.objects.get(slug="belysning").pk,
            "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "latitude": BRO_CENTRUM[0], "longitude": BRO_CENTRUM[1], "severity": "low",
            "description": "Lampan släckt.", "submission": str(uuid.uuid4())}
    clients = [logged_in(reporter) for _ in range(2)]
    responses = at_once(*[(lambda c=c: c.post("/observationer/ny/", form, follow=True))
                          for c in clients])
    observation = Observation.objects.get()
    for response in responses:
        assert response.redirect_chain[-1][0] == f"/observationer/{observation.pk}/"
    pages = " ".join(r.content.decode() for r in responses)
    assert "Tack! Observationen är loggad." in pages
    assert "Formuläret skickades två gånger" in pages
