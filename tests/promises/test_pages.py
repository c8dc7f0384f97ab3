"""Members' pages of the medborgarlöften and dialogues: who sees and does what, forms that keep
what was typed, a double submission that makes one row, queries that do not grow."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observations.models import Observation
from promises import services
from promises.models import Commitment, FollowUp, Promise

from .conftest import JOINT, PERIOD

pytestmark = pytest.mark.django_db


def test_every_member_reads_the_promises_and_only_coordinators_see_the_forms(
        client, guard, promise, commitments):
    client.force_login(guard)
    for path in ("/medborgarloften/hantera/", f"/medborgarloften/hantera/{promise.pk}/",
                 f"/medborgarloften/hantera/ataganden/{commitments['joint'].pk}/",
                 "/medborgarloften/dialoger/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Lägg till åtagande" not in response.content.decode()
    assert client.get("/medborgarloften/hantera/nytt/").status_code == 403
    assert client.post(f"/medborgarloften/hantera/{promise.pk}/status/",
                       {"status": "adopted"}).status_code == 403


def test_members_pages_need_a_login(client, promise):
    response = client.get(f"/medborgarloften/hantera/{promise.pk}/")
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_coordinator_drafts_a_promise_and_a_double_submission_makes_one(
        client, coordinator, agreement, areas):
    client.force_login(coordinator)
    form = {"agreement": agreement.pk, "title": "Löfte för Kungsängen",
            "period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat(),
            "areas": [areas["Kungsängen centrum"].pk], "submission": str(uuid.uuid4())}
    first = client.post("/medborgarloften/hantera/nytt/", form)
    second = client.post("/medborgarloften/hantera/nytt/", form)
    promise = Promise.objects.get()
    assert first["Location"] == second["Location"] == f"/medborgarloften/hantera/{promise.pk}/"
    assert promise.status == "draft" and list(promise.areas.all()) == [areas["Kungsängen centrum"]]


def test_a_bad_promise_form_says_what_is_wrong_in_swedish_and_keeps_what_was_typed(
        client, coordinator, agreement):
    client.force_login(coordinator)
    response = client.post("/medborgarloften/hantera/nytt/", {
        "agreement": agreement.pk, "title": "Mitt löfte", "period_start": "2021-01-01",
        "period_end": "i morgon", "background": "Det dialogen visade."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in html
    assert 'value="Mitt löfte"' in html and "Det dialogen visade." in html


def test_a_stale_edit_of_a_promise_is_refused_with_409_and_keeps_what_was_typed(
        client, coordinator, promise):
    client.force_login(coordinator)
    seen = promise.revision
    services.save_promise(by=coordinator, promise=promise, agreement=promise.agreement,
                          title="Ändrat av en kollega", period_start=promise.period_start,
                          period_end=promise.period_end)
    response = client.post(f"/medborgarloften/hantera/{promise.pk}/andra/", {
        "agreement": promise.agreement_id, "title": "Mitt namn",
        "period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat(),
        "revision": seen})
    assert response.status_code == 409
    html = response.content.decode()
    assert "ändrade detta" in html and 'value="Mitt namn"' in html
    promise.refresh_from_db()
    assert promise.title == "Ändrat av en kollega"


def test_a_coordinator_adopts_the_promise_from_its_page(client, coordinator, promise,
                                                        commitments):
    client.force_login(coordinator)
    response = client.post(f"/medborgarloften/hantera/{promise.pk}/status/",
                           {"status": "adopted", "revision": promise.revision})
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == "adopted"
    page = client.get(f"/medborgarloften/hantera/{promise.pk}/").content.decode()
    assert f'href="/medborgarloften/{promise.pk}/"' in page


def test_a_countable_commitment_is_added_with_its_rule(client, coordinator, promise,
                                                       intervention_types):
    client.force_login(coordinator)
    response = client.post(f"/medborgarloften/hantera/{promise.pk}/ataganden/nytt/", {
        "text": JOINT, "kind": "countable", "target": "8", "joint": "on",
        "types": [intervention_types["gemensam-insats"].pk]})
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.target, commitment.joint, list(commitment.types.all())) == (
        8, True, [intervention_types["gemensam-insats"]])


def test_a_countable_commitment_without_a_target_is_refused_on_the_field(client, coordinator,
                                                                         promise):
    client.force_login(coordinator)
    response = client.post(f"/medborgarloften/hantera/{promise.pk}/ataganden/nytt/",
                           {"text": JOINT, "kind": "countable"})
    assert response.status_code == 400
    assert "Ange hur många insatser löftet gäller" in response.content.decode()


def test_a_commitments_page_lists_the_insatser_it_counts(client, police, commitments,
                                                         make_insats, areas):
    counted = make_insats([areas["Bro centrum"]])
    counted.title = "Gemensam insats i Bro centrum"
    counted.save()
    other = make_insats([areas["Råby"]])
    other.title = "Gemensam insats i Råby"
    other.save()
    client.force_login(police)
    path = f"/medborgarloften/hantera/ataganden/{commitments['joint'].pk}/"
    html = client.get(path).content.decode()
    assert "Gemensam insats i Bro centrum" in html and "Gemensam insats i Råby" not in html
    assert "<strong>1 av 8</strong>" in html


def test_a_follow_up_is_written_on_the_commitments_page(client, coordinator, commitments):
    client.force_login(coordinator)
    response = client.post(
        f"/medborgarloften/hantera/ataganden/{commitments['walks'].pk}/uppfoljning/",
        {"text": "Nattvandringar i Brunna från maj.", "public": "on",
         "written_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert FollowUp.objects.get().public


def test_a_walks_findings_are_logged_from_its_page(client, coordinator, areas, categories):
    walk = services.save_dialogue(by=coordinator, kind="trygghetsvandring", title="Vandring",
                                  held_at=timezone.now() - timedelta(days=1),
                                  area=areas["Råby"])
    client.force_login(coordinator)
    client.post(f"/medborgarloften/dialoger/{walk.pk}/fynd/", {
        "text": "Klipp buskarna vid gångvägen", "category": categories["otrygg-miljo"].pk})
    page = client.get(f"/medborgarloften/dialoger/{walk.pk}/").content.decode()
    assert "Logga 1 fynd som observation" in page
    response = client.post(f"/medborgarloften/dialoger/{walk.pk}/logga/")
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert observation.description == "Klipp buskarna vid gångvägen"
    again = client.post(f"/medborgarloften/dialoger/{walk.pk}/logga/")
    assert again.status_code == 400
    assert "Alla fynd från vandringen finns redan i loggen." in again.content.decode()


def count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_promise_and_commitment_pages_take_the_same_queries_for_10_and_500_insatser(
        client, coordinator, promise, commitments, make_insats, areas):
    client.force_login(coordinator)
    paths = [f"/medborgarloften/hantera/{promise.pk}/", "/medborgarloften/hantera/",
             f"/medborgarloften/hantera/ataganden/{commitments['joint'].pk}/"]
    make_insats([areas["Bro centrum"]], count=10)
    with_10 = [count_queries(client, path) for path in paths]
    make_insats([areas["Bro centrum"], areas["Bro station"]], count=490)
    assert [count_queries(client, path) for path in paths] == with_10
