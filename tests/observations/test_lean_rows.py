"""The API list reads plain values, and answers exactly what the serializer would."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from observations.api.serializers import ObservationSerializer
from observations.models import Observation

from ..factories import ObservationFactory

pytestmark = pytest.mark.django_db


def test_the_api_list_answers_exactly_what_the_serializer_would(api, areas, coordinator):
    now = timezone.now()
    ObservationFactory(area=areas["Bro centrum"], restricted=True, people_count=5,
                       place_description="Vid kiosken", occurred_at=now - timedelta(days=200))
    ObservationFactory(area=None, severity="high", occurred_at=now - timedelta(minutes=3))
    ObservationFactory(area=areas["Bro"], status="resolved",
                       occurred_at=now.replace(month=7, day=1) if now.month > 7 else now)
    api.force_login(coordinator)
    answered = api.get("/api/v1/observations/").json()["results"]
    rows = Observation.objects.with_related().order_by("-occurred_at", "-id")
    expected = json.loads(JSONRenderer().render(ObservationSerializer(rows, many=True).data))
    assert answered == expected
    assert {o["area_name"] for o in answered} == {"Bro centrum", None, "Bro"}
