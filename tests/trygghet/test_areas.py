import pytest
from django.core.exceptions import ValidationError

from trygghet.models import Area
from trygghet.services import save_area

pytestmark = pytest.mark.django_db

SQUARE = [[17.0, 59.0], [17.1, 59.0], [17.1, 59.1], [17.0, 59.1], [17.0, 59.0]]


def test_an_open_ring_is_refused():
    with pytest.raises(ValidationError) as error:
        save_area(name="Öppen", kind="annat",
                  geometry={"type": "Polygon", "coordinates": [SQUARE[:-1] + [[17.0, 59.05]]]})
    assert "sluten" in error.value.message_dict["geometry"][0]


def test_a_self_intersecting_polygon_is_refused():
    bow_tie = [[17.0, 59.0], [17.1, 59.1], [17.1, 59.0], [17.0, 59.1], [17.0, 59.0]]
    with pytest.raises(ValidationError) as error:
        save_area(name="Fluga", kind="annat", geometry={"type": "Polygon",
                                                        "coordinates": [bow_tie]})
    assert "ogiltig" in error.value.message_dict["geometry"][0]


def test_a_point_geometry_is_refused():
    with pytest.raises(ValidationError):
        save_area(name="Punkt", kind="annat", geometry={"type": "Point",
                                                        "coordinates": [17, 59]})


def test_the_demo_areas_lie_where_the_places_are(areas):
    assert Area.objects.most_specific(59.5113, 17.636) == areas["Bro station"]
    assert Area.objects.most_specific(59.4815, 17.749) == areas["Kungsängen centrum"]
    assert Area.objects.most_specific(59.505, 17.775) == areas["Brunna"]
    assert Area.objects.most_specific(59.60, 17.45) is None  # countryside: inside the municipality only
    assert Area.objects.is_inside_municipality(59.60, 17.45)
    assert not Area.objects.is_inside_municipality(59.33, 18.06)


def test_choosing_a_district_includes_the_areas_inside_it(areas):
    inside = set(Area.objects.within(areas["Bro"]))
    assert {areas[n].pk for n in ("Bro", "Bro centrum", "Bro station", "Råby", "Finnsta")} == inside


def test_areas_api_is_a_geojson_feature_collection(areas, api, reporter):
    api.force_login(reporter)
    data = api.get("/api/v1/areas/").json()
    assert data["type"] == "FeatureCollection"
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Bro centrum", "Kungsängen station", "Upplands-Bro kommun"} <= names
    assert Area.objects.get(name="Tibble").geometry == next(
        f["geometry"] for f in data["features"] if f["properties"]["name"] == "Tibble")
