"""The pages answer hostile and clumsy input as they answer any other mistake: in Swedish, in
the site's layout, never with an error of the server, and with a way back."""

import pytest
from django.test import Client

from ..factories import InterventionFactory, ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("digits", ["²", "①", "٣", "9" * 40])
def test_ids_in_other_digits_than_0_to_9_are_no_ids(client, coordinator, areas, reporter,
                                                    intervention_types, digits):
    observation = ObservationFactory(reporter=reporter, area=areas["Råby"])
    insats = InterventionFactory(responsible=coordinator)
    client.force_login(coordinator)
    refused = client.post("/observationer/status/",
                          {"status": "resolved", "selected": [f"{digits}:0"]}, follow=True)
    assert refused.status_code == 200 and not observation.events.exclude(kind="created").exists()
    assert client.get("/insatser/ny/", {"observation": digits}).status_code == 200
    assert client.post("/insatser/ny/", {"observations": digits}).status_code == 200
    linked = client.post(f"/insatser/koppla/{observation.pk}/", {"intervention": digits},
                         follow=True)
    assert linked.status_code == 200 and "Välj en insats i listan." in linked.content.decode()
    assert not insats.observations.exists()
    assert client.get("/medborgarloften/dialoger/ny/", {"lofte": digits}).status_code == 200


def test_a_username_longer_than_any_is_refused_as_an_unknown_one():
    response = Client().post("/konto/logga-in/", {"username": "a" * 10_000, "password": "demo"})
    assert response.status_code == 200
    assert "Ange korrekt" in response.content.decode() or "korrekt" in response.content.decode()


def test_a_body_too_large_for_a_page_gets_a_swedish_page_with_a_way_back(client, reporter,
                                                                          categories):
    client.force_login(reporter)
    response = client.post("/observationer/ny/", {"description": "x" * 3_000_000})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="sv"' in page and "Kunde inte tas emot" in page and 'href="/"' in page


def test_a_form_without_its_csrf_token_gets_a_swedish_page(reporter, categories):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter)
    response = browser.post("/observationer/ny/", {"description": "Klotter"})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'lang="sv"' in page and "Formuläret kunde inte skickas" in page
    assert "DEBUG" not in page


def test_a_form_sent_after_the_session_ended_leads_back_to_its_page_after_the_login(
        client, coordinator, areas, reporter):
    observation = ObservationFactory(reporter=reporter, area=areas["Råby"])
    page = f"/observationer/{observation.pk}/?status=new"
    response = client.post(f"/observationer/{observation.pk}/uppfoljning/",
                           {"status": "resolved", "comment": "Klart"},
                           HTTP_REFERER=f"http://testserver{page}")
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith("/konto/logga-in/?next=")
    logged_in = client.post(login, {"username": coordinator.username, "password": "demo"})
    assert logged_in["Location"] == page
    # A page of another site is no way back.
    client.logout()
    response = client.post(f"/observationer/{observation.pk}/uppfoljning/", {},
                           HTTP_REFERER="https://evil.example/phish")
    assert response["Location"] == "/konto/logga-in/?next=/"


def test_a_nul_sent_in_a_form_is_refused_and_not_echoed_into_the_page(client, reporter, areas):
    client.force_login(reporter)
    response = client.post("/observationer/ny/", {
        "description": "Klotter\x00på väggen", "place_description": "Vid\x00torget"})
    page = response.content.decode()
    assert response.status_code == 200 and "\x00" not in page
    # The rest of what was typed is shown again, the NUL as the replacement character.
    assert "Klotter\ufffdpå väggen" in page and "Vid\ufffdtorget" in page
    filtered = client.get("/observationer/", {"q": "grafitti\x00"})
    assert filtered.status_code == 200 and "\x00" not in filtered.content.decode()
