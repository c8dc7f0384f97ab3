"""The public pages of the medborgarlöften: they answer without login and show what was
promised and how it goes, and nothing internal: no observation text, no internal follow-up,
no person's name, no figure small enough to point at a person."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from promises import services

from ..factories import ObservationFactory, UserFactory
from .conftest import JOINT

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(promise, commitments, coordinator):
    services.change_promise_status(by=coordinator, promise=promise, status="adopted")
    promise.refresh_from_db()
    return promise


def page(client, promise):
    response = client.get(f"/medborgarloften/{promise.pk}/")
    assert response.status_code == 200, response
    return response.content.decode()


def test_the_public_pages_answer_without_login(client, adopted):
    assert client.get("/medborgarloften/").status_code == 200
    html = page(client, adopted)
    assert adopted.title in html and JOINT in html
    assert "Bro centrum, Bro station, Kungsängen centrum, Kungsängen station" in html


def test_a_draft_promise_is_not_public(client, promise, commitments):
    assert client.get(f"/medborgarloften/{promise.pk}/").status_code == 404
    assert promise.title not in client.get("/medborgarloften/").content.decode()


def test_the_page_shows_each_countable_commitments_progress_as_of_the_insatser(
        client, adopted, make_insats, areas):
    html = page(client, adopted)
    assert "<strong>0 av 8</strong>" in html and "<strong>0 av 4</strong>" in html
    make_insats([areas["Bro centrum"]], count=3)
    make_insats([areas["Kungsängen station"]], type="narkotikainsats")
    html = page(client, adopted)
    assert "<strong>3 av 8</strong>" in html and "<strong>1 av 4</strong>" in html
    assert 'max="8" value="3"' in html


def test_the_page_asks_caches_to_check_again_every_time(client, adopted):
    assert client.get(f"/medborgarloften/{adopted.pk}/")["Cache-Control"] == "public, no-cache"


def test_nothing_internal_restricted_or_personal_reaches_the_public_page(
        client, adopted, commitments, coordinator, reporter, areas, make_insats, categories,
        agreement):
    named = UserFactory(first_name="Petronella", last_name="Plantsson")
    from trygghet.models import Membership

    Membership.objects.create(user=named, organisation=coordinator.membership.organisation,
                              role="coordinator")
    services.add_follow_up(by=named, commitment=commitments["walks"], public=True,
                           text="Nattvandrarna har fått västar.")
    services.add_follow_up(by=named, commitment=commitments["walks"], public=False,
                           text="Intern anteckning om en förening vi inte nämner.")
    for _ in range(6):
        ObservationFactory(reporter=reporter, area=areas["Bro centrum"], restricted=True,
                           category=categories["narkotika"],
                           description="Hemlig uppgift om langning vid porten.",
                           place_description="Porten på Torggatan 3")
    insats = make_insats([areas["Bro centrum"]], owner=named)
    insats.title = "Insats med Olle Oliversson"
    insats.save()
    walk = services.save_dialogue(by=named, kind="trygghetsvandring", title="Vandring med Ebba",
                                  held_at=timezone.now() - timedelta(days=2),
                                  area=areas["Bro centrum"], participants=12, promise=adopted,
                                  findings="Ebba Exempel visade den mörka passagen.")
    services.add_finding(by=named, dialogue=walk, text="Lampan vid Ebbas port",
                         category=categories["belysning"])
    agreement.signatories = "Sigrid Signatär"
    agreement.save()

    html = page(client, adopted)
    assert "Nattvandrarna har fått västar." in html
    assert "<strong>1 av 8</strong>" in html
    for secret in ("Intern anteckning", "Hemlig uppgift", "Torggatan", "Petronella",
                   "Plantsson", "Olle Oliversson", "Ebba", "Sigrid", "Vandring med",
                   coordinator.last_name, reporter.last_name, "koordinator", "rapportor"):
        assert secret not in html, secret


def test_small_counts_of_people_and_observations_are_shown_as_fewer_than_five(
        client, adopted, coordinator, reporter, areas, categories):
    for _ in range(2):
        ObservationFactory(reporter=reporter, area=areas["Bro station"],
                           category=categories["klotter"])
    for _ in range(7):
        ObservationFactory(reporter=reporter, area=areas["Bro centrum"],
                           category=categories["nedskrapning"])
    ObservationFactory(reporter=reporter, area=areas["Råby"], category=categories["brand"])
    services.save_dialogue(by=coordinator, kind="fokusgrupp", title="Butiksägare",
                           held_at=timezone.now() - timedelta(days=1), participants=3,
                           promise=adopted)
    html = page(client, adopted)
    assert "<th scope=\"row\">Klotter</th><td class=\"num\">färre än 5</td>" in html
    assert "<th scope=\"row\">Nedskräpning</th><td class=\"num\">7</td>" in html
    assert "Brand" not in html  # Råby is not a focus area
    assert "<span>färre än 5</span>" in html  # the focus group's three participants


def test_the_public_page_takes_the_same_queries_for_10_and_500_insatser(
        client, adopted, make_insats, areas):
    make_insats([areas["Bro centrum"]], count=10)

    def queries():
        with CaptureQueriesContext(connection) as context:
            page(client, adopted)
        return len(context.captured_queries)

    with_10 = queries()
    make_insats([areas["Kungsängen station"]], count=490, type="narkotikainsats")
    assert queries() == with_10


def test_the_public_context_holds_no_models_that_lead_to_people(client, adopted):
    from django.db.models import Model

    response = client.get(f"/medborgarloften/{adopted.pk}/")
    context = response.context

    def models_in(value):
        if isinstance(value, Model):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from models_in(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from models_in(item)

    found = [m for key in ("promise", "commitments", "dialogues", "reported")
             for m in models_in(context[key])]
    assert found == [] and "user" not in context
