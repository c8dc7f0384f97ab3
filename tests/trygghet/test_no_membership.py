"""A user without a membership (made by an administrator who has not yet given them one) sees
nothing, and every page still answers: no row is visible to them, none is counted."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PATHS = ["/", "/observationer/", "/observationer/?category=1&per_page=25",
         "/observationer/karta/", "/observationer/karta/data/", "/observationer/ny/",
         "/lagesbild/", "/insatser/", "/insatser/est-moten/", "/overenskommelse/",
         "/medborgarloften/", "/utskott/", "/utskott/arenden/", "/konto/installningar/",
         "/api/v1/observations/", "/api/v1/observations/geojson/", "/api/v1/interventions/"]


def test_every_page_answers_a_user_without_a_membership(client, areas):
    user = get_user_model().objects.create_user("utan-medlemskap", password="x")
    client.force_login(user)
    answers = {path: client.get(path).status_code for path in PATHS}
    assert all(status < 500 for status in answers.values()), answers
    page = client.get("/observationer/").content.decode()
    assert "0 observationer" in page
