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


# Geometry as the hardening review sent it: each malformed input is a field error, never a
# 500, and nothing that would leave every map empty or put an area in the sea is stored.
DEEP = {"type": "Polygon", "coordinates": [[]]}
_ring = DEEP["coordinates"][0]
for _ in range(5000):
    _ring.append([])
    _ring = _ring[0]

MALFORMED = [
    ("a string where a polygon belongs", "Polygon", "giltig JSON"),
    ("a ring given as an object", {"type": "Polygon", "coordinates": [{"a": 1}]}, "lista av punkter"),
    ("boolean coordinates", {"type": "Polygon", "coordinates": [[[True, False]] * 4]}, "tal"),
    ("text coordinates", {"type": "Polygon", "coordinates": [[["17", "59"]] * 4]}, "tal"),
    ("nan", {"type": "Polygon", "coordinates": [[[float("nan"), 59.0]] * 4]}, "tal"),
    ("nested 5,000 deep", DEEP, "fyra punkter"),
    ("a point for a position", {"type": "Polygon", "coordinates": [[17.0, 59.0, 17.1, 59.1]]},
     "Varje punkt"),
    ("no coordinates", {"type": "Polygon"}, "saknar koordinater"),
    ("too many points", {"type": "Polygon", "coordinates": [
        [[17 + i * 1e-6, 59.5] for i in range(60_000)] + [[17, 59.5]]]}, "för många punkter"),
]


@pytest.mark.parametrize("name, geometry, message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_geometry_is_a_field_error(areas, name, geometry, message):
    with pytest.raises(ValidationError) as error:
        save_area(name="Trasig", kind="annat", geometry=geometry)
    assert message in error.value.message_dict["geometry"][0]


def test_a_geometry_saved_as_a_json_string_is_stored_as_an_object(areas):
    as_text = '{"type": "Polygon", "coordinates": [[[17.62, 59.51], [17.63, 59.51], ' \
              '[17.63, 59.52], [17.62, 59.52], [17.62, 59.51]]]}'
    area = save_area(name="Som text", kind="annat", geometry=as_text)
    area.refresh_from_db()
    assert area.geometry["type"] == "Polygon" and isinstance(area.geometry["coordinates"], list)


def test_a_polygon_with_latitude_and_longitude_swapped_is_refused(areas):
    swapped = {"type": "Polygon", "coordinates": [[[59.51, 17.62], [59.51, 17.63], [59.52, 17.63],
                                                   [59.52, 17.62], [59.51, 17.62]]]}
    with pytest.raises(ValidationError) as error:
        save_area(name="Arabiska havet", kind="annat", geometry=swapped)
    assert "utanför kommungränsen" in error.value.message_dict["geometry"][0]
    assert "bytt plats" in error.value.message_dict["geometry"][0]


def test_a_boundary_outside_the_region_or_a_second_boundary_is_refused(areas):
    swapped = {"type": "Polygon", "coordinates": [[[59.4, 17.4], [59.6, 17.4], [59.6, 17.8],
                                                   [59.4, 17.8], [59.4, 17.4]]]}
    with pytest.raises(ValidationError) as error:
        save_area(name="Fel kommun", kind="kommun", geometry=swapped)
    assert "kommungräns" in " ".join(sum(error.value.message_dict.values(), []))


def test_the_admin_answers_every_malformed_geometry_with_a_field_error(client, admin_user, areas):
    client.force_login(admin_user)
    import json

    inputs = ['"{\\"type\\": \\"Polygon\\"}"', "[" * 5000 + "]" * 5000, "{nope",
              json.dumps({"type": "Polygon", "coordinates": [{"ring": 1}]}),
              json.dumps({"type": "Polygon", "coordinates": [[[True, 1]] * 4]})]
    for text in inputs:
        response = client.post("/admin/trygghet/area/add/", {
            "name": "Trasig", "kind": "annat", "geometry": text})
        assert response.status_code == 200, text[:40]
        assert response.context["adminform"].form.errors["geometry"], text[:40]
    assert not Area.objects.filter(name="Trasig").exists()


def test_every_map_still_draws_after_a_bad_save_attempt(client, admin_user, areas, coordinator):
    client.force_login(admin_user)
    client.post("/admin/trygghet/area/add/", {"name": "Sträng", "kind": "annat",
                                              "geometry": '"just a string"'})
    client.force_login(coordinator)
    features = client.get("/api/v1/areas/").json()["features"]
    assert all(isinstance(f["geometry"], dict) for f in features)
