"""A dialogue's time, typed or sent, however impossible, is a Swedish field error."""

import pytest

from promises.models import Dialogue

from ..conftest import as_user

pytestmark = pytest.mark.django_db

MOMENTS = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00",
           "9999-12-31T23:59", "1999-12-31T12:00", "igår"]


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_dialogue_form_answers_an_impossible_time_with_a_swedish_error(
        client, coordinator, moment):
    client.force_login(coordinator)
    response = client.post("/medborgarloften/dialoger/ny/", {
        "kind": "enkat", "title": "Trygghetsenkät", "held_at": moment, "participants": "40"})
    assert response.status_code == 400
    assert "Ange" in response.content.decode() and "Trygghetsenkät" in response.content.decode()
    assert not Dialogue.objects.exists()


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_dialogue_api_answers_an_impossible_time_on_the_field(api, coordinator, moment):
    response = as_user(api, coordinator).post("/api/v1/dialogues/", {
        "kind": "enkat", "title": "Trygghetsenkät", "held_at": moment}, format="json")
    assert response.status_code == 400 and response.json()["held_at"], response.content
